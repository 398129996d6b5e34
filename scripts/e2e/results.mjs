// Test results shared by the drivers: { title, state: 'passed' | 'failed', durationMs, error? }.

/** Runs one check as a named test; an exception is its failure. */
export async function check(results, title, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ title, state: 'passed', durationMs: Date.now() - started });
  } catch (err) {
    results.push({ title, state: 'failed', durationMs: Date.now() - started, error: err?.stack ?? String(err) });
  }
}

export function failure(title, err) {
  return { title, state: 'failed', durationMs: 0, error: err?.stack ?? String(err) };
}
