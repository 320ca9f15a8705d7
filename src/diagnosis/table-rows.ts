import type { CellValue, LogsTable } from '../logs/backend';

/** A result row addressed by column name, so code does not depend on column order. */
export type NamedRow = Readonly<Record<string, CellValue>>;

/** Rows of a result table as records keyed by column name. */
export function namedRows(table: LogsTable | undefined): NamedRow[] {
  if (!table) return [];
  return table.rows.map((row) => {
    const named: Record<string, CellValue> = {};
    table.columns.forEach((column, index) => {
      named[column.name] = row[index] ?? null;
    });
    return named;
  });
}

/** A cell as text: '' for null or missing, ISO for dates, JSON for dynamic values. */
export function textCell(row: NamedRow, column: string): string {
  const value = row[column];
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A cell as a number, or 0 when it is not one (counts). */
export function numberCell(row: NamedRow, column: string): number {
  const value = row[column];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return 0;
}

/** A cell as epoch ms, or undefined when it is not a valid time. */
export function timeCell(row: NamedRow, column: string): number | undefined {
  const value = row[column];
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** A cell as a list of strings (make_set / make_list results). */
export function stringListCell(row: NamedRow, column: string): string[] {
  const value = row[column];
  const list = typeof value === 'string' ? safeJsonArray(value) : value;
  if (!Array.isArray(list)) return [];
  return list.filter((item): item is string => typeof item === 'string' && item !== '');
}

function safeJsonArray(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
