/**
 * Loading the logs a CLI command runs on: the user's files (`--logs`, repeatable) or, without any,
 * the demo data set (generated into the cache folder for the current minute of `now`). Shared by
 * every command so each reports the load and its mistakes the same way.
 */
import { LocalLogsEngine } from '../logs/local/engine';
import { loadLocalLogs, type LocalLogsSummary } from '../logs/local/data-source';
import { LocalLogsBackend } from '../logs/local/local-backend';
import { LogPathNotFoundError } from '../logs/local/loaders/find-log-files';
import { UsageError, type CliIo } from './cli-io';
import { describeLoad, progressPrinter } from './load-progress';

export const DEFAULT_DEMO_DIR = '.cache/demo';

/** parseArgs options for the log source, spread into each command's own options. */
export const LOG_OPTIONS = {
  logs: { type: 'string', multiple: true },
  'demo-dir': { type: 'string' },
} as const;

/** The help lines for {@link LOG_OPTIONS}. */
export const LOG_HELP = `  --logs <path>             a log file or folder to load (repeatable): Log Analytics exports (portal
                            CSV, JSON rows, the query API's {"tables"} response), diagnostic-settings
                            archives (PT1H.json, also .gz) or Event Grid / CloudEvents IoT Hub events.
                            Without it, the demo data set is used.
  --demo-dir <dir>          where the demo data set is cached (default: ${DEFAULT_DEMO_DIR})`;

/** First and last TimeGenerated over every loaded table. */
export interface LoadedRange {
  readonly earliest: Date;
  readonly latest: Date;
}

export interface OpenedLogs {
  readonly engine: LocalLogsEngine;
  readonly backend: LocalLogsBackend;
  readonly summary: LocalLogsSummary;
  /** Undefined when nothing was loaded. */
  readonly range: LoadedRange | undefined;
}

/**
 * Loads the logs, drawing progress on a terminal and writing the load summary to stderr.
 * `clock` is what now() means to the engine and which hour the demo ends at.
 *
 * @throws UsageError when a given path does not exist.
 */
export async function openLocalLogs(
  flags: { readonly logs?: readonly string[] | undefined; readonly 'demo-dir'?: string | undefined },
  clock: () => Date,
  io: CliIo,
): Promise<OpenedLogs> {
  let loaded;
  try {
    const onProgress = progressPrinter(io);
    loaded = await loadLocalLogs({
      paths: flags.logs ?? [],
      demoCacheDir: flags['demo-dir'] ?? DEFAULT_DEMO_DIR,
      clock,
      ...(onProgress ? { onProgress } : {}),
      onGenerateDemo: (end) =>
        io.stderr.write(`Generating the demo data set (ending ${end.toISOString()})…\n`),
    });
  } catch (error) {
    if (error instanceof LogPathNotFoundError) throw new UsageError(error.message);
    throw error;
  }
  io.stderr.write(describeLoad(loaded.summary));
  return {
    engine: loaded.engine,
    backend: new LocalLogsBackend(loaded.engine),
    summary: loaded.summary,
    range: loadedRange(loaded.engine),
  };
}

function loadedRange(engine: LocalLogsEngine): LoadedRange | undefined {
  let earliest = Infinity;
  let latest = -Infinity;
  for (const table of engine.coverage()) {
    if (table.earliest) earliest = Math.min(earliest, table.earliest.getTime());
    if (table.latest) latest = Math.max(latest, table.latest.getTime());
  }
  if (!Number.isFinite(earliest) || !Number.isFinite(latest)) return undefined;
  return { earliest: new Date(earliest), latest: new Date(latest) };
}
