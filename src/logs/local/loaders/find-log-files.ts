/**
 * Expands the paths a user gives (files or folders, e.g. a downloaded `insights-logs-connections`
 * container with its `resourceId=/.../y=2026/m=03/d=02/h=10/m=00/PT1H.json` tree) into the list of
 * log files to load, in a stable order so that repeated loads give identical tables.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export type LogFileFormat = 'json' | 'csv';

export interface LogFile {
  readonly path: string;
  readonly sizeInBytes: number;
  /** From the extension; undefined when only the content can tell (a file named explicitly). */
  readonly formatByExtension: LogFileFormat | undefined;
}

export interface FoundLogFiles {
  readonly files: readonly LogFile[];
  /** Files inside folders that are not logs (README, .DS_Store, ...), ignored. */
  readonly ignored: readonly string[];
}

/** A path the user named does not exist: a user-facing error naming the path. */
export class LogPathNotFoundError extends Error {
  override readonly name = 'LogPathNotFoundError';
  constructor(readonly missingPath: string) {
    super(`No such file or folder: ${missingPath}. Check the path given to --logs or LOCAL_LOGS_PATH.`);
  }
}

const EXTENSION_FORMATS: Readonly<Record<string, LogFileFormat>> = {
  '.json': 'json',
  '.jsonl': 'json',
  '.ndjson': 'json',
  '.csv': 'csv',
};

/** By the extension, looking through a `.gz` (`PT1H.json.gz`, `export.csv.gz`). */
export function formatByExtension(filePath: string): LogFileFormat | undefined {
  const lower = filePath.toLowerCase();
  const name = lower.endsWith('.gz') ? lower.slice(0, -3) : lower;
  return EXTENSION_FORMATS[path.extname(name)];
}

/**
 * Files named directly are always loaded (their content decides the format); inside folders,
 * only `.json`, `.jsonl`, `.ndjson` and `.csv` files (each also gzipped, `.gz`) are, recursively.
 * @throws LogPathNotFoundError for a path that does not exist.
 */
export async function findLogFiles(paths: readonly string[]): Promise<FoundLogFiles> {
  const files: LogFile[] = [];
  const ignored: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) throw new LogPathNotFoundError(given);
    if (info.isDirectory()) await walk(given, files, ignored);
    else files.push({ path: given, sizeInBytes: info.size, formatByExtension: formatByExtension(given) });
  }
  return { files, ignored };
}

async function walk(folder: string, files: LogFile[], ignored: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      await walk(entryPath, files, ignored);
    } else if (entry.isFile()) {
      const format = formatByExtension(entryPath);
      if (format)
        files.push({ path: entryPath, sizeInBytes: (await stat(entryPath)).size, formatByExtension: format });
      else ignored.push(entryPath);
    }
  }
}
