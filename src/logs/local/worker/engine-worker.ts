/**
 * An engine worker's entry point: it loads the data set into its own heap (the bot's thread never
 * holds the rows), says it is ready, then answers queries one at a time. A query runs
 * synchronously here; the bot's cancel reaches it through shared memory, which its checkpoints poll.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LogsQueryError } from '../../backend';
import type { KnownTableName } from '../../schema';
import { loadLocalLogs, type LocalLogsSummary } from '../data-source';
import { LocalLogsEngine } from '../engine';
import { LogPathNotFoundError } from '../loaders/find-log-files';
import type { QueryRequest, WorkerMessage, WorkerStartData } from './protocol';
import { toWire } from './wire';

const port = parentPort;
if (!port) throw new Error('engine-worker runs in a worker thread');
const start = workerData as WorkerStartData;
const cancelled = new Int32Array(start.cancel);
let now = start.now;
const clock = (): Date => new Date(now);
const post = (message: WorkerMessage): void => port.postMessage(message);

async function load(): Promise<{ engine: LocalLogsEngine; summary: LocalLogsSummary | undefined }> {
  const source = start.source;
  if (source.kind === 'rows') {
    const engine = new LocalLogsEngine({ clock });
    for (const [table, rows] of Object.entries(source.rows) as [
      KnownTableName,
      typeof source.rows.AzureDiagnostics,
    ][]) {
      for (const row of rows ?? []) engine.appendRow(table, row);
    }
    engine.finishLoading();
    return { engine, summary: undefined };
  }
  const { engine, summary } = await loadLocalLogs({
    ...(source.paths ? { paths: source.paths } : {}),
    demoCacheDir: source.demoCacheDir,
    ...(source.demo ? { demo: source.demo } : {}),
    clock,
    ...(start.reportProgress
      ? {
          onProgress: (progress) => post({ type: 'progress', progress }),
          onGenerateDemo: (end) => post({ type: 'generating-demo', end }),
        }
      : {}),
  });
  return { engine, summary };
}

function answer(engine: LocalLogsEngine, request: QueryRequest): void {
  now = request.now;
  try {
    const result = engine.queryResult(request.kql, request.timespan, {
      deadline: request.deadline,
      timeLimitSeconds: request.timeLimitSeconds,
      isCancelled: () => Atomics.load(cancelled, 0) === request.id,
      limits: request.limits,
    });
    post({ type: 'result', id: request.id, result: toWire(result) });
  } catch (error) {
    if (error instanceof LogsQueryError) {
      const { code, position } = error.details;
      post({
        type: 'query-failed',
        id: request.id,
        error: {
          kind: error.kind,
          message: error.message,
          ...(code !== undefined ? { code } : {}),
          ...(position !== undefined ? { position } : {}),
        },
      });
    } else {
      post({ type: 'query-crashed', id: request.id, message: String(error) });
    }
  }
}

load().then(
  ({ engine, summary }) => {
    port.on('message', (request: QueryRequest) => answer(engine, request));
    post({ type: 'ready', summary, coverage: engine.coverage() });
  },
  (error: unknown) => {
    post({
      type: 'load-failed',
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof LogPathNotFoundError ? { missingPath: error.missingPath } : {}),
    });
  },
);
