import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Analyzer } from '../analyzer';
import { cliHeaders } from './config';
import { emptyReport, runFileJobSafely } from './fileJob';
import type { FileJob, FileReport } from './report';

type WorkerAnswer = { ok: true; report: FileReport } | { ok: false; error: string };

/**
 * Analyses every job and returns the reports in job order, whatever the number of threads: each
 * file's answer depends on that file alone, and the order is restored here. `onDone` sees reports
 * as they finish (for the progress line only).
 */
export async function analyseAll(jobs: FileJob[], threads: number, onDone: (report: FileReport) => void): Promise<FileReport[]> {
  const script = path.join(__dirname, 'cliWorker.js');
  if (threads <= 1 || jobs.length <= 1 || !fs.existsSync(script)) return analyseInThread(jobs, onDone);
  const reports: FileReport[] = new Array(jobs.length);
  const queue = largestFirst(jobs);
  let next = 0;
  let failure: Error | undefined;

  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script);
      let current: FileJob | undefined;
      const give = () => {
        current = failure ? undefined : queue[next++];
        if (current) worker.postMessage(current);
        else void worker.terminate().then(() => resolve());
      };
      worker.on('message', (answer: WorkerAnswer) => {
        if (!answer.ok) {
          failure ??= new Error(`the analysis thread could not start: ${answer.error}`);
          current = undefined;
          void worker.terminate().then(() => resolve());
          return;
        }
        reports[answer.report.index] = answer.report;
        onDone(answer.report);
        give();
      });
      // A thread that dies (out of memory in WASM, say) costs the file it held; a fresh one carries on.
      worker.on('error', (e) => {
        if (current) {
          const lost = { ...emptyReport(current, []), errors: [`analysis crashed: ${e.message}`] };
          reports[current.index] = lost;
          onDone(lost);
          current = undefined;
        }
        resolve(runWorker());
      });
      give();
    });

  const count = Math.min(threads, jobs.length);
  await Promise.all(Array.from({ length: count }, runWorker));
  if (failure) throw failure;
  return reports;
}

/**
 * The biggest files go out first, so one large file is not left running alone at the end while the
 * other threads wait. Only the order of work changes; the reports keep the files' order.
 */
function largestFirst(jobs: FileJob[]): FileJob[] {
  const size = (job: FileJob) => {
    try {
      return fs.statSync(job.path).size;
    } catch {
      return 0;
    }
  };
  return jobs
    .map((job) => ({ job, size: size(job) }))
    .sort((a, b) => b.size - a.size || a.job.index - b.job.index)
    .map((x) => x.job);
}

async function analyseInThread(jobs: FileJob[], onDone: (report: FileReport) => void): Promise<FileReport[]> {
  let logs: string[] = [];
  const analyzer = await Analyzer.create({ wasmDir: __dirname, log: (m) => logs.push(m), headers: cliHeaders() });
  try {
    return jobs.map((job) => {
      logs = [];
      const report = runFileJobSafely(analyzer, job, logs);
      onDone(report);
      return report;
    });
  } finally {
    analyzer.dispose();
  }
}
