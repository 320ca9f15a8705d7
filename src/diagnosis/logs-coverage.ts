/**
 * Which part of a window the logs cover: the earliest and latest record a summarizing query saw
 * (columns `Earliest` and `Latest`), over every row it returned (one per resource or one in all).
 */
import type { LogsTable } from '../logs/backend';
import { namedRows, timeCell } from './table-rows';

/** First and last record (ISO) of the data behind an answer. */
export interface LogsCoverage {
  readonly earliest: string;
  readonly latest: string;
}

/** The coverage in a table with `Earliest` / `Latest` columns; undefined when it has no records. */
export function logsCoverageOf(table: LogsTable | undefined): LogsCoverage | undefined {
  let earliest = Infinity;
  let latest = -Infinity;
  for (const row of namedRows(table)) {
    earliest = Math.min(earliest, timeCell(row, 'Earliest') ?? Infinity);
    latest = Math.max(latest, timeCell(row, 'Latest') ?? -Infinity);
  }
  return Number.isFinite(earliest) && Number.isFinite(latest)
    ? { earliest: new Date(earliest).toISOString(), latest: new Date(latest).toISOString() }
    : undefined;
}
