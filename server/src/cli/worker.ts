// A worker thread of the command line: its own Analyzer (parsers are per thread), one file per message.
import { parentPort } from 'node:worker_threads';
import { Analyzer } from '../analyzer';
import { cliHeaders } from './config';
import { runFileJobSafely } from './fileJob';
import type { FileJob } from './report';

let logs: string[] = [];
const analyzer = Analyzer.create({ wasmDir: __dirname, log: (m) => logs.push(m), headers: cliHeaders() });

parentPort?.on('message', (job: FileJob) => {
  analyzer.then(
    (a) => {
      logs = [];
      parentPort!.postMessage({ ok: true, report: runFileJobSafely(a, job, logs) });
    },
    (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
