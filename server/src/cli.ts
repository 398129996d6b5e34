#!/usr/bin/env node
import { parseCommandLine, usage } from './cli/args';
import { UsageError } from './cli/errors';
import { lint, writeReport } from './cli/lint';
import { mergeSarif } from './cli/mergeSarif';
import { toolVersion } from './cli/toolInfo';

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv, process.env, !!process.stdout.isTTY, !!process.stderr.isTTY);
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(`${usage}\n`);
      return 0;
    case 'version':
      process.stdout.write(`socklint ${toolVersion()}\n`);
      return 0;
    case 'merge-sarif': {
      const merged = mergeSarif(parsed.inputs);
      if (parsed.output) writeReport(parsed.output, merged);
      else process.stdout.write(merged);
      return 0;
    }
    case 'lint':
      return lint(parsed.options, {
        cwd: process.cwd(),
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
      });
  }
}

// `socklint . | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Usage and configuration mistakes are the user's to fix: one line, no stack.
    const message = e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`socklint: ${message}\n`);
    process.exitCode = 2;
  },
);
