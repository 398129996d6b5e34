import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type TypeAnswers, type TypeFiles, TypeService } from './types';

interface Pending {
  resolve: (answers: TypeAnswers) => void;
  reject: (err: Error) => void;
}

/**
 * Runs the type checker in a worker thread when its script is there (the built server), so a slow
 * program build never holds up another document's diagnostics; in the same thread otherwise
 * (tests run from source, and the command line, which waits for every result anyway).
 */
export class TypeChecking {
  private worker?: Worker;
  private local?: TypeService;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly files: TypeFiles,
    private readonly workerScript: string | undefined,
  ) {}

  answersNow(uri: string, text: string): TypeAnswers {
    this.local ??= new TypeService(this.files);
    return this.local.answers(uri, text);
  }

  answers(uri: string, text: string): Promise<TypeAnswers> {
    const worker = this.startWorker();
    if (!worker) {
      try {
        return Promise.resolve(this.answersNow(uri, text));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    const id = this.nextId++;
    return new Promise<TypeAnswers>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, uri, text });
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private startWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (!this.workerScript || !fs.existsSync(this.workerScript)) return undefined;
    const worker = new Worker(this.workerScript, { workerData: this.files });
    // Idle, it must not keep the process alive (the command line, tests).
    worker.unref();
    worker.on('message', (msg: { id: number; answers?: TypeAnswers; error?: string }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(new Error(msg.error));
      else p?.resolve(msg.answers ?? {});
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the type-checking thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
