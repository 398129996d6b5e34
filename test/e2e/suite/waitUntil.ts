/**
 * For states that no event announces (an extension becoming active): checks `condition` every
 * `intervalMs` until it holds, and fails with `what` once `timeoutMs` has passed.
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
