/**
 * Loads log files into the embedded engine: finds the files, reads each in its format (streaming,
 * gzip or not), maps every record to a typed row, and keeps score.
 *
 * Exported logs are messy (truncated downloads, hand-edited CSVs, other tables mixed in), and one
 * bad line must not cost the rest of a 500 MB file: a malformed record is reported with its file
 * and line and skipped, and the summary says how many rows each file gave and how many it lost.
 * A file that can answer nothing (an export of a projecting query) is refused as a whole, and one
 * that lacks some columns is loaded with a notice saying which questions it cannot answer.
 */
import type { KnownTableName } from '../../schema';
import { KNOWN_TABLES } from '../../schema';
import type { RowSink } from '../engine';
import { readCsvRecords } from './csv-records';
import { peekFileText } from './file-chunks';
import { findLogFiles, type LogFile, type LogFileFormat } from './find-log-files';
import { readJsonRecords } from './json-records';
import type { ItemBatches } from './parsed-item';
import { FileRowMapper } from './record-to-row';

export interface FileLoadSummary {
  readonly file: string;
  readonly format: LogFileFormat;
  readonly rowsLoaded: Readonly<Record<KnownTableName, number>>;
  readonly rowsRejected: number;
  /** True when the file was not loaded at all (see its notice). */
  readonly refused?: boolean;
}

export interface LoadProblem {
  readonly file: string;
  /** 1-based line where the rejected record starts. */
  readonly line: number;
  readonly reason: string;
}

/** What a whole file cannot do: refused (nothing loaded) or partial (loaded, some questions lost). */
export interface FileNotice {
  readonly file: string;
  readonly kind: 'refused' | 'partial';
  readonly missingColumns: readonly string[];
  /** A sentence for the user, naming the missing columns and what to export instead. */
  readonly message: string;
}

export interface LoadSummary {
  readonly files: readonly FileLoadSummary[];
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  /** The first problems (up to `maxProblems`); `problemsNotShown` counts the rest. A refused file is one problem. */
  readonly problems: readonly LoadProblem[];
  readonly problemsNotShown: number;
  /** Files in the given folders that are not log files and were left alone. */
  readonly ignoredFiles: readonly string[];
  /** Every refused or partial file, never capped. */
  readonly notices: readonly FileNotice[];
}

export interface LoadProgress {
  readonly file: string;
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Bytes of the files as stored (compressed bytes for gzip files). */
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly rowsLoaded: number;
  /** Since the load started, for rates and an ETA (measured with the load's clock). */
  readonly elapsedMs: number;
}

export interface LoadOptions {
  /** Called as bytes are read (per chunk of about 1 MiB); cheap to ignore, the CLI throttles what it prints. */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** How many problems to keep with their details; the rest are only counted. Default 100. */
  readonly maxProblems?: number;
  /** Milliseconds clock for `elapsedMs`; defaults to performance.now. */
  readonly now?: () => number;
}

const DEFAULT_MAX_PROBLEMS = 100;

function emptyCounts(): Record<KnownTableName, number> {
  const counts = {} as Record<KnownTableName, number>;
  for (const table of Object.keys(KNOWN_TABLES) as KnownTableName[]) counts[table] = 0;
  return counts;
}

function total(counts: Readonly<Record<KnownTableName, number>>): number {
  let sum = 0;
  for (const table of Object.keys(counts) as KnownTableName[]) sum += counts[table];
  return sum;
}

/** @throws LogPathNotFoundError when a given path does not exist; nothing else in the files throws. */
export async function loadLogFiles(
  paths: readonly string[],
  sink: RowSink,
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { files, ignored } = await findLogFiles(paths);
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const bytesTotal = files.reduce((sum, file) => sum + file.sizeInBytes, 0);
  const problems: LoadProblem[] = [];
  const notices: FileNotice[] = [];
  let problemsNotShown = 0;
  let bytesBefore = 0;
  let rowsLoaded = 0;
  let rowsRejected = 0;
  const summaries: FileLoadSummary[] = [];

  for (const [index, file] of files.entries()) {
    // An unreadable file fails again below, inside the try, where it is reported.
    const format =
      file.formatByExtension ?? (await sniffFormat(file.path).catch((): LogFileFormat => 'json'));
    const loaded = emptyCounts();
    let fileRows = 0;
    let rejected = 0;
    let refused = false;
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
        bytesRead: bytesBefore + Math.min(bytesRead, file.sizeInBytes),
        bytesTotal,
        rowsLoaded: rowsLoaded + fileRows,
        elapsedMs: now() - started,
      });
    const mapper = new FileRowMapper();
    const judge = (line: number): boolean => {
      const verdict = mapper.verdict;
      if (!verdict || verdict.kind === 'complete' || notices.some((n) => n.file === file.path)) return false;
      notices.push({
        file: file.path,
        kind: verdict.kind,
        missingColumns: verdict.missing,
        message: verdict.message,
      });
      if (verdict.kind !== 'refused') return false;
      // Counted as one problem, not as rows: the file's rows were never read.
      if (problems.length < maxProblems) problems.push({ file: file.path, line, reason: verdict.message });
      else problemsNotShown += 1;
      return true;
    };
    try {
      reading: for await (const batch of readItems(file, format, onBytesRead)) {
        for (const item of batch) {
          switch (item.kind) {
            case 'malformed':
              report(item.line, item.reason);
              continue;
            case 'columns':
              mapper.columns(item.columns);
              if (judge(item.line)) {
                refused = true;
                break reading;
              }
              continue;
            case 'row':
            case 'record': {
              const hadVerdict = mapper.verdict !== undefined;
              const outcome = item.kind === 'row' ? mapper.row(item.values) : mapper.record(item.value);
              if (!hadVerdict && mapper.verdict !== undefined && judge(item.line)) {
                refused = true;
                break reading;
              }
              if (!outcome.ok) {
                report(item.line, outcome.reason);
                continue;
              }
              sink.appendRow(outcome.table, outcome.row);
              loaded[outcome.table] += 1;
              fileRows += 1;
            }
          }
        }
      }
    } catch (error) {
      // An unreadable file (permissions, vanished mid-load, not text, broken gzip) costs that file only.
      report(0, `could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (refused) {
      // A refusal can come after the first record was appended: nothing else of the file is.
      fileRows = total(loaded);
    }
    bytesBefore += file.sizeInBytes;
    rowsLoaded += fileRows;
    rowsRejected += rejected;
    summaries.push({
      file: file.path,
      format,
      rowsLoaded: loaded,
      rowsRejected: rejected,
      ...(refused ? { refused } : {}),
    });
  }
  options.onProgress?.({
    file: files.at(-1)?.path ?? '',
    filesDone: files.length,
    filesTotal: files.length,
    bytesRead: bytesTotal,
    bytesTotal,
    rowsLoaded,
    elapsedMs: now() - started,
  });
  return {
    files: summaries,
    rowsLoaded,
    rowsRejected,
    problems,
    problemsNotShown,
    ignoredFiles: ignored,
    notices,
  };
}

function readItems(
  file: LogFile,
  format: LogFileFormat,
  onBytesRead: (bytesRead: number) => void,
): ItemBatches {
  return format === 'csv' ? readCsvRecords(file.path, onBytesRead) : readJsonRecords(file.path, onBytesRead);
}

/** For a file named without a known extension: JSON if it starts like JSON, CSV otherwise. */
async function sniffFormat(filePath: string): Promise<LogFileFormat> {
  const head = (await peekFileText(filePath, 256)).trimStart();
  return head.startsWith('{') || head.startsWith('[') ? 'json' : 'csv';
}
