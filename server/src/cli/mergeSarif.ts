import * as fs from 'node:fs';
import type * as Sarif from 'sarif';
import { UsageError } from './errors';
import { sarifSchemaUri } from './formats/sarif';

/**
 * Joins the SARIF logs of a sharded run into one log with one run per tool, as a single upload to
 * code scanning expects. Results are sorted by file, position and rule, so the merged log does not
 * depend on the order the shards finished or are named in.
 */
export function mergeSarif(files: string[]): string {
  const logs = files.map(readLog);
  const merged = new Map<string, Sarif.Run>();
  for (const log of logs) {
    for (const run of log.runs) {
      const key = `${run.tool.driver.name}\0${run.tool.driver.version ?? ''}`;
      const into = merged.get(key);
      if (!into) merged.set(key, { ...run, results: [...(run.results ?? [])], invocations: [...(run.invocations ?? [])] });
      else join(into, run);
    }
  }
  const runs = [...merged.values()];
  for (const run of runs) run.results!.sort(compareResults);
  return `${JSON.stringify({ $schema: sarifSchemaUri, version: '2.1.0', runs } satisfies Sarif.Log, null, 2)}\n`;
}

function readLog(file: string): Sarif.Log {
  let log: Sarif.Log;
  try {
    log = JSON.parse(fs.readFileSync(file, 'utf8')) as Sarif.Log;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new UsageError(`merge-sarif: ${file}: ${why.replace(/\s+/g, ' ')}`);
  }
  if (!log || log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new UsageError(`merge-sarif: ${file} is not a SARIF 2.1.0 log`);
  // What the merge reads of each run and result; anything less is a log it cannot join, said in one line.
  log.runs.forEach((run, i) => {
    const where = `merge-sarif: ${file}: runs[${i}]`;
    if (typeof run !== 'object' || run === null || typeof run.tool?.driver?.name !== 'string') throw new UsageError(`${where} has no tool.driver.name`);
    if (run.results !== undefined && !Array.isArray(run.results)) throw new UsageError(`${where}.results is not an array`);
    (run.results ?? []).forEach((r, j) => {
      if (typeof r !== 'object' || r === null || typeof r.message !== 'object' || r.message === null) throw new UsageError(`${where}.results[${j}] has no message`);
    });
  });
  return log;
}

/** Adds `run`'s results to `into`, renumbering rule indexes where the two runs list rules differently. */
function join(into: Sarif.Run, run: Sarif.Run): void {
  const rules = (into.tool.driver.rules ??= []);
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const theirs = run.tool.driver.rules ?? [];
  for (const r of theirs) {
    if (!indexOf.has(r.id)) {
      indexOf.set(r.id, rules.length);
      rules.push(r);
    }
  }
  for (const result of run.results ?? []) {
    const id = result.ruleId ?? (result.ruleIndex !== undefined ? theirs[result.ruleIndex]?.id : undefined);
    const index = id === undefined ? undefined : indexOf.get(id);
    into.results!.push(index === undefined ? result : { ...result, ruleIndex: index });
  }
  into.invocations!.push(...(run.invocations ?? []));
}

function compareResults(a: Sarif.Result, b: Sarif.Result): number {
  const key = (r: Sarif.Result) => {
    const loc = r.locations?.[0]?.physicalLocation;
    return [loc?.artifactLocation?.uri ?? '', loc?.region?.startLine ?? 0, loc?.region?.startColumn ?? 0, r.ruleId ?? '', r.message.text ?? ''] as const;
  };
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}
