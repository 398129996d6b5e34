// Worker thread of the whole-repository baseline: parse and walk its share of the files.
import { parentPort, workerData } from 'node:worker_threads';
import { loadParsers, parseAndWalk } from './treesitter.mjs';

const parsers = await loadParsers(workerData.wasmDir);
parentPort.postMessage(parseAndWalk(parsers, workerData.files));
