/**
 * Starts `engine-worker` from wherever this module runs: the compiled `.js` beside it in `lib/`,
 * or — under ts-jest, tsx and the bench, where this file is `.ts` — the `.ts` source through tsx's
 * CommonJS hook (a worker is a fresh Node instance: the parent's TypeScript loader is not there).
 */
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerStartData } from './protocol';

const ENTRY = 'engine-worker';

/** A new engine worker with `data` as its `workerData` and a heap of at most `heapLimitMb`. */
export function spawnEngineWorker(data: WorkerStartData, heapLimitMb: number): Worker {
  const resourceLimits: ResourceLimits = { maxOldGenerationSizeMb: heapLimitMb };
  const extension = path.extname(__filename);
  const entry = path.join(__dirname, `${ENTRY}${extension}`);
  if (extension === '.js') return new Worker(entry, { workerData: data, resourceLimits });
  const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`;
  return new Worker(bootstrap, { eval: true, workerData: data, resourceLimits });
}
