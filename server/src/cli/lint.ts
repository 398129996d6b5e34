import * as fs from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import type { CliOptions } from './args';
import { Configs } from './config';
import { UsageError } from './errors';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { emptyReport } from './fileJob';
import { analyseAll } from './pool';
import { Progress } from './progress';
import { exitStatus } from './exitStatus';
import type { FileJob, FileReport } from './report';
import { shardFiles } from './shard';
import { summarise } from './summary';
import { type SourceFile, collectFiles } from './walk';
import { writeAtomically } from './writeFile';

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** One lint run: files, analysis (in parallel), fixes, the report, and the exit status. */
export async function lint(opts: CliOptions, io: Io): Promise<number> {
  const note = (m: string) => io.stderr(`socklint: ${m}\n`);
  const configs = new Configs(opts, io.cwd);
  const all = collectFiles(opts.paths, { cwd: io.cwd, ignore: opts.ignore, ext: opts.ext, configIgnores: (abs) => configs.ignores(abs), note });
  const files = opts.shard ? shardFiles(all, opts.shard.index, opts.shard.count) : all;
  const jobs = files
    .filter((file) => !file.skipped)
    .map((file, index): FileJob => ({ index, path: file.path, display: file.display, languageId: file.languageId, settings: configs.settings(file.path), fix: opts.fix }));

  const progress = new Progress(jobs.length, opts.progress);
  let analysed: FileReport[];
  try {
    analysed = await analyseAll(jobs, opts.jobs, (r) => progress.step(r.display));
  } finally {
    progress.clear();
  }
  const reports = withSkippedByName(files, analysed);
  for (const r of reports) {
    // What the analyzer logs repeats the findings and errors below, in a developer's terms.
    if (opts.verbose) for (const m of r.logs) note(`${r.display}: ${m}`);
    if (r.skipped) note(`${r.display}: ${r.skipped}`);
    for (const m of r.notes) note(`${r.display}: ${m}`);
    for (const e of r.errors) note(`${r.display}: ${e}`);
  }

  let status: number;
  if (opts.fix !== 'none' && opts.dryRun) status = dryRun(reports, opts, io);
  else {
    if (opts.fix !== 'none') applyToDisk(reports, note);
    const summary = summarise(reports);
    const output = opts.format === 'json' ? formatJson(reports, summary) : opts.format === 'sarif' ? formatSarif(reports, io.cwd) : formatText(reports, summary, opts.color);
    emit(output, opts, io);
    status = exitStatus(reports, summary, opts, note);
  }
  if (!nothingToAnalyse(all, reports, !!opts.shard)) return status;
  // The report is still written, so its `skipped` list says why; the status says the run proved nothing.
  note('nothing to analyse: every file named on the command line was skipped');
  return 2;
}

/** The reports in the files' order, the files skipped by their name (never sent to a worker) in their places. */
function withSkippedByName(files: SourceFile[], analysed: FileReport[]): FileReport[] {
  let next = 0;
  return files.map((file, index) => (file.skipped ? { ...emptyReport({ ...file, index }, []), skipped: file.skipped } : analysed[next++]));
}

/**
 * Files were named and nothing was analysed: a mistake in the call, as ESLint's "No files matching
 * the pattern" is, not a clean run. A shard judges by the whole list, since it cannot know what
 * another shard read.
 */
function nothingToAnalyse(all: SourceFile[], reports: FileReport[], sharded: boolean): boolean {
  if (!all.some((file) => file.named)) return false;
  return sharded ? all.every((file) => file.skipped) : reports.every((r) => r.skipped);
}

function emit(text: string, opts: CliOptions, io: Io): void {
  if (opts.output) writeReport(opts.output, text);
  else io.stdout(text);
}

export function writeReport(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function dryRun(reports: FileReport[], opts: CliOptions, io: Io): number {
  const patches = reports
    .filter((r) => r.fixed)
    .map((r) => createTwoFilesPatch(`a/${r.display}`, `b/${r.display}`, r.fixed!.before, r.fixed!.after, undefined, undefined, { context: 3 }).replace(/^={67}\n/, ''));
  emit(patches.join(''), opts, io);
  if (reports.some((r) => r.errors.length)) return 2;
  return patches.length && !opts.exitZero ? 1 : 0;
}

function applyToDisk(reports: FileReport[], note: (m: string) => void): void {
  for (const r of reports) {
    if (!r.fixed) continue;
    try {
      writeAtomically(r.path, r.fixed.after);
    } catch (e) {
      r.errors.push(`fixes could not be written: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      note(`${r.display}: fixes could not be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
}
