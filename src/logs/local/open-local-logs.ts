/**
 * The bot's local logs: the files LOCAL_LOGS_PATH names, or the demo data (generated on first
 * start). Progress goes to the log in quarters, so `npm start` shows what it is doing, and records
 * that could not be read are reported, never fatal.
 */
import type { Logger } from '../../logging/logger';
import { loadLocalLogs } from './data-source';
import { LocalLogsBackend } from './local-backend';

export interface OpenedLocalLogs {
  readonly backend: LocalLogsBackend;
  /** One line for /readyz and the start-up log, e.g. "1200 rows from demo data ending …". */
  readonly detail: string;
  /** First and last record over every table (end exclusive); absent when nothing was loaded. */
  readonly span?: { readonly start: Date; readonly end: Date };
}

export async function openLocalLogs(
  settings: { readonly paths: readonly string[]; readonly demoDataDir: string },
  clock: () => Date,
  logger: Logger,
): Promise<OpenedLocalLogs> {
  const { paths, demoDataDir } = settings;
  const started = Date.now();
  let reported = -1;
  const { engine, summary } = await loadLocalLogs({
    paths,
    demoCacheDir: demoDataDir,
    clock,
    onGenerateDemo: (end) =>
      logger.info(`Generating the demo data set (window ending ${end.toISOString()}) into ${demoDataDir}…`),
    onProgress: (progress) => {
      const quarter =
        progress.bytesTotal > 0 ? Math.floor((4 * progress.bytesRead) / progress.bytesTotal) : 4;
      if (quarter === reported) return;
      reported = quarter;
      logger.info(`Loading logs… ${quarter * 25}% (${progress.rowsLoaded} rows)`);
    },
  });
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
  const tables = engine.coverage();
  const earliest = Math.min(...tables.map((t) => t.earliest?.getTime() ?? Infinity));
  const latest = Math.max(...tables.map((t) => t.latest?.getTime() ?? -Infinity));
  const span =
    Number.isFinite(earliest) && Number.isFinite(latest)
      ? { start: new Date(earliest), end: new Date(latest + 1) }
      : undefined;
  return { backend: new LocalLogsBackend(engine), detail, ...(span ? { span } : {}) };
}
