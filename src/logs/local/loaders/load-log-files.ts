/**
 * Loads log files into the embedded engine: finds the files, reads each in its format, maps every
 * record to a typed row, and keeps score.
 *
 * Exported logs are messy (truncated downloads, hand-edited CSVs, other tables mixed in), and one
 * bad line must not cost the rest of a 500 MB file: a malformed record is reported with its file
 * and line and skipped, and the summary says how many rows each file gave and how many it lost.
 */
import { open } from 'node:fs/promises';
import type { KnownTableName } from '../../schema';
import type { RowSink } from '../engine';
import { readCsvRecords } from './csv-records';
import { findLogFiles, type LogFile, type LogFileFormat } from './find-log-files';
import { readJsonRecords } from './json-records';
import type { ParsedItem } from './parsed-item';
import { recordToRow } from './record-to-row';

export interface FileLoadSummary {
  readonly file: string;
  readonly format: LogFileFormat;
  readonly rowsLoaded: Readonly<Record<KnownTableName, number>>;
  readonly rowsRejected: number;
}

export interface LoadProblem {
  readonly file: string;
  /** 1-based line where the rejected record starts. */
  readonly line: number;
  readonly reason: string;
}

export interface LoadSummary {
  readonly files: readonly FileLoadSummary[];
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  /** The first problems (up to `maxProblems`); `problemsNotShown` counts the rest. */
  readonly problems: readonly LoadProblem[];
  readonly problemsNotShown: number;
  /** Files in the given folders that are not log files and were left alone. */
  readonly ignoredFiles: readonly string[];
}

export interface LoadProgress {
  readonly file: string;
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly rowsLoaded: number;
}

export interface LoadOptions {
  /** Called as bytes are read (per chunk); cheap to ignore, the CLI throttles what it prints. */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** How many problems to keep with their details; the rest are only counted. Default 100. */
  readonly maxProblems?: number;
}

const DEFAULT_MAX_PROBLEMS = 100;

/** @throws LogPathNotFoundError when a given path does not exist; nothing else in the files throws. */
export async function loadLogFiles(
  paths: readonly string[],
  sink: RowSink,
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const { files, ignored } = await findLogFiles(paths);
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const bytesTotal = files.reduce((sum, file) => sum + file.sizeInBytes, 0);
  const problems: LoadProblem[] = [];
  let problemsNotShown = 0;
  let bytesBefore = 0;
  let rowsLoaded = 0;
  let rowsRejected = 0;
  const summaries: FileLoadSummary[] = [];

  for (const [index, file] of files.entries()) {
    // An unreadable file fails again below, inside the try, where it is reported.
    const format =
      file.formatByExtension ?? (await sniffFormat(file.path).catch((): LogFileFormat => 'json'));
    const loaded: Record<KnownTableName, number> = { AzureDiagnostics: 0, AzureMetrics: 0 };
    let rejected = 0;
    const report = (line: number, reason: string): void => {
      rejected += 1;
      if (problems.length < maxProblems) problems.push({ file: file.path, line, reason });
      else problemsNotShown += 1;
    };
    const onBytesRead = (bytesRead: number): void =>
      options.onProgress?.({
        file: file.path,
        filesDone: index,
        filesTotal: files.length,
        bytesRead: bytesBefore + bytesRead,
        bytesTotal,
        rowsLoaded: rowsLoaded + loaded.AzureDiagnostics + loaded.AzureMetrics,
      });
    try {
      for await (const item of readItems(file, format, onBytesRead)) {
        if (item.kind === 'malformed') {
          report(item.line, item.reason);
          continue;
        }
        const outcome = recordToRow(item.value);
        if (!outcome.ok) {
          report(item.line, outcome.reason);
          continue;
        }
        sink.appendRow(outcome.table, outcome.row);
        loaded[outcome.table] += 1;
      }
    } catch (error) {
      // An unreadable file (permissions, vanished mid-load, not text) costs that file only.
      report(0, `could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    bytesBefore += file.sizeInBytes;
    rowsLoaded += loaded.AzureDiagnostics + loaded.AzureMetrics;
    rowsRejected += rejected;
    summaries.push({ file: file.path, format, rowsLoaded: loaded, rowsRejected: rejected });
  }
  options.onProgress?.({
    file: files.at(-1)?.path ?? '',
    filesDone: files.length,
    filesTotal: files.length,
    bytesRead: bytesTotal,
    bytesTotal,
    rowsLoaded,
  });
  return { files: summaries, rowsLoaded, rowsRejected, problems, problemsNotShown, ignoredFiles: ignored };
}

function readItems(
  file: LogFile,
  format: LogFileFormat,
  onBytesRead: (bytesRead: number) => void,
): AsyncGenerator<ParsedItem> {
  return format === 'csv' ? readCsvRecords(file.path, onBytesRead) : readJsonRecords(file.path, onBytesRead);
}

/** For a file named without a known extension: JSON if it starts like JSON, CSV otherwise. */
async function sniffFormat(filePath: string): Promise<LogFileFormat> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('{') || head.startsWith('[') ? 'json' : 'csv';
  } finally {
    await handle.close();
  }
}
