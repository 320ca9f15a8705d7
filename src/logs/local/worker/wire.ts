/**
 * Results on their way out of a worker: datetime cells travel as epoch ms and become Dates again
 * on the receiving side, in the receiver's own realm (a structured-cloned Date is an instance of
 * the Date of the context that deserialised it, which under a test runner's sandbox is not the
 * code's `Date`). Numbers also clone faster than Dates.
 */
import type { CellValue, LogsQueryResult, LogsTable } from '../../backend';

/** A result whose datetime cells are epoch ms. */
export type WireResult = LogsQueryResult;

/** Replaces the datetime cells of `result` by epoch ms, in place (the worker's copy). */
export function toWire(result: LogsQueryResult): WireResult {
  for (const table of result.tables)
    mapDatetimeCells(table, (cell) => (cell instanceof Date ? cell.getTime() : cell));
  return result;
}

/** The result a worker sent, its datetime cells Dates again (in place). */
export function fromWire(result: WireResult): LogsQueryResult {
  for (const table of result.tables) {
    mapDatetimeCells(table, (cell) => (typeof cell === 'number' ? new Date(cell) : cell));
  }
  return result;
}

function mapDatetimeCells(table: LogsTable, map: (cell: CellValue) => CellValue): void {
  const columns = table.columns.flatMap((c, k) => (c.type === 'datetime' ? [k] : []));
  if (columns.length === 0) return;
  for (const row of table.rows as CellValue[][]) {
    for (const k of columns) row[k] = map(row[k] ?? null);
  }
}
