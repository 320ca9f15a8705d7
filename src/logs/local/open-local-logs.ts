/**
 * The bot's local logs: the files LOCAL_LOGS_PATH names, or the demo data (generated on first
 * start), loaded by the engine's worker threads. Progress goes to the log in quarters, so `npm start` shows what it is doing, and records
 * that could not be read are reported, never fatal.
 */
import { availableParallelism } from 'node:os';
import type { Logger } from '../../logging/logger';
import type { LogsBackend } from '../backend';
import { loadLocalLogs, type LocalLogsSummary } from './data-source';
import type { TableCoverage } from './engine';
import { LocalLogsBackend } from './local-backend';
import type { LoadProgress } from './loaders/load-log-files';
import { startLocalLogsWorkers } from './worker/worker-backend';

export interface OpenedLocalLogs {
  /** The engine in worker threads (a runaway query costs a worker, never the bot's event loop), or in-process. */
  readonly backend: LogsBackend;
  /** One line for /readyz and the start-up log, e.g. "1200 rows from demo data ending …". */
  readonly detail: string;
  /** First and last record over every table (end exclusive); absent when nothing was loaded. */
  readonly span?: { readonly start: Date; readonly end: Date };
  /** Stops the worker threads, if any (they keep the process alive). */
  close(): Promise<void>;
}

export async function openLocalLogs(
  settings: {
    readonly paths: readonly string[];
    readonly demoDataDir: string;
    readonly engineWorkers: number | 'auto';
  },
  clock: () => Date,
  logger: Logger,
): Promise<OpenedLocalLogs> {
  const { demoDataDir } = settings;
  const started = Date.now();
  let reported = -1;
  const onProgress = (progress: LoadProgress) => {
    const quarter = progress.bytesTotal > 0 ? Math.floor((4 * progress.bytesRead) / progress.bytesTotal) : 4;
    if (quarter === reported) return;
    reported = quarter;
    logger.info(`Loading logs… ${quarter * 25}% (${progress.rowsLoaded} rows)`);
  };
  const onGenerateDemo = (end: Date) =>
    logger.info(`Generating the demo data set (window ending ${end.toISOString()}) into ${demoDataDir}…`);
  const loaded = await loadEngine(settings, clock, onProgress, onGenerateDemo, logger);
  const { backend, summary, coverage } = loaded;
  const source =
    summary.source === 'demo' && summary.demo
      ? `demo data ending ${summary.demo.end.toISOString()}`
      : `${summary.load.files.length} log file(s)`;
  const rejected = summary.load.rowsRejected + summary.load.problems.length;
  const detail = `${summary.load.rowsLoaded} rows from ${source}${rejected > 0 ? ` (some records could not be read)` : ''}`;
  logger.info(
    { rows: summary.load.rowsLoaded, rejected: summary.load.rowsRejected, ms: Date.now() - started },
    `Logs loaded: ${detail}`,
  );
  for (const notice of summary.load.notices) {
    // A refused file (an export of a projecting query) or one that lacks columns: say what to export instead.
    logger.warn(
      { file: notice.file, missingColumns: notice.missingColumns },
      `${notice.file}: ${notice.message}`,
    );
  }
  if (rejected > 0) {
    // A bad file costs its own records, never the bot: say which and why, so the operator can fix it.
    logger.warn(
      { problems: summary.load.problems.slice(0, 5), more: summary.load.problemsNotShown },
      'Some log records could not be read and were skipped',
    );
  }
  const tables = coverage;
  const earliest = Math.min(...tables.map((t) => t.earliest?.getTime() ?? Infinity));
  const latest = Math.max(...tables.map((t) => t.latest?.getTime() ?? -Infinity));
  const span =
    Number.isFinite(earliest) && Number.isFinite(latest)
      ? { start: new Date(earliest), end: new Date(latest + 1) }
      : undefined;
  return { backend, detail, ...(span ? { span } : {}), close: loaded.close };
}

/** The engine over the files: in `engineWorkers` worker threads, or in this thread when 0. */
async function loadEngine(
  settings: {
    readonly paths: readonly string[];
    readonly demoDataDir: string;
    readonly engineWorkers: number | 'auto';
  },
  clock: () => Date,
  onProgress: (progress: LoadProgress) => void,
  onGenerateDemo: (end: Date) => void,
  logger: Logger,
): Promise<{
  readonly backend: LogsBackend;
  readonly summary: LocalLogsSummary;
  readonly coverage: readonly TableCoverage[];
  readonly close: () => Promise<void>;
}> {
  const { paths, demoDataDir } = settings;
  const engineWorkers = settings.engineWorkers === 'auto' ? autoWorkers() : settings.engineWorkers;
  if (engineWorkers === 0) {
    const { engine, summary } = await loadLocalLogs({
      paths,
      demoCacheDir: demoDataDir,
      clock,
      onGenerateDemo,
      onProgress,
    });
    return {
      backend: new LocalLogsBackend(engine),
      summary,
      coverage: engine.coverage(),
      close: async () => undefined,
    };
  }
  const { backend, summary, coverage } = await startLocalLogsWorkers({
    data: { paths, demoCacheDir: demoDataDir },
    workers: engineWorkers,
    clock,
    onGenerateDemo,
    onProgress,
    onWorkerLost: (reason) => logger.warn({ reason }, 'An embedded engine worker stopped; starting it again'),
  });
  return { backend, summary, coverage, close: () => backend.close() };
}

/** One worker per core the main thread leaves, at most two (see DEFAULT_ENGINE_WORKERS in config). */
function autoWorkers(): number {
  return Math.min(2, Math.max(1, availableParallelism() - 1));
}
