import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../server/repoRoot';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cliModule(): string {
  const path = join(repoRoot(), 'server/out/cli.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return path;
}

/** Runs the built CLI as CI would: no terminal, so no colour and no progress line. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [cliModule(), ...args], {
    cwd: opts.cwd ?? repoRoot(),
    env: { ...process.env, NO_COLOR: '', ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch copy of the examples (or an empty folder), removed by the returned function. */
export function scratch(withExamples: boolean): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'socklint-cli-'));
  if (withExamples) cpSync(join(repoRoot(), 'examples'), join(dir, 'examples'), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
  related: Array<{ file: string; message: string; range: unknown }>;
  fixes: Array<{ title: string; safe: boolean; preferred: boolean; edits: Array<{ file: string; range: unknown; newText: string }> }>;
  fingerprint: string;
}

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  findings: JsonFinding[];
  skipped: Array<{ file: string; reason: string }>;
  failed: Array<{ file: string; errors: string[] }>;
  summary: Record<string, number>;
}

export function jsonOf(run: CliRun): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}
