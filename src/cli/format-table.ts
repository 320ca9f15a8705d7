/**
 * Prints query results as an aligned text table for a terminal: datetimes in ISO form, empty
 * cells blank, long values (properties_s is hundreds of characters) cut so rows stay on one line.
 */
import type { CellValue, LogsTable } from '../logs/backend';

const MAX_CELL_CHARS = 80;

export function formatCell(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function fit(text: string): string {
  const oneLine = text.replace(/\r?\n/g, '\\n');
  return oneLine.length > MAX_CELL_CHARS ? `${oneLine.slice(0, MAX_CELL_CHARS - 1)}…` : oneLine;
}

export function formatTable(table: LogsTable): string {
  const header = table.columns.map((column) => column.name);
  const body = table.rows.map((row) => table.columns.map((_, index) => fit(formatCell(row[index] ?? null))));
  const widths = header.map((name, index) =>
    Math.max(name.length, ...body.map((cells) => cells[index]?.length ?? 0)),
  );
  const numeric = table.columns.map((column) => ['long', 'int', 'real', 'decimal'].includes(column.type));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) =>
        numeric[index] ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const count = `(${table.rows.length} ${table.rows.length === 1 ? 'row' : 'rows'})`;
  return [line(header), rule, ...body.map(line), count].join('\n');
}
