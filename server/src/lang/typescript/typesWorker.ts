import { parentPort, workerData } from 'node:worker_threads';
import { type TypeFiles, TypeService } from './types';

/**
 * The type checker in a thread of its own: building a program with @types/node takes a second or
 * more, and the server's thread must stay free to answer every other document meanwhile.
 */
const service = new TypeService(workerData as TypeFiles);
parentPort?.on('message', (msg: { id: number; uri: string; text: string }) => {
  try {
    parentPort?.postMessage({ id: msg.id, answers: service.answers(msg.uri, msg.text) });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
