import type { LogsTable as SdkLogsTable } from '@azure/monitor-query-logs';
import type { CellValue, DynamicValue, KustoType, LogsTable } from '../backend';

const KUSTO_TYPES: ReadonlySet<string> = new Set<KustoType>([
  'string',
  'datetime',
  'long',
  'int',
  'real',
  'bool',
  'dynamic',
  'timespan',
  'guid',
  'decimal',
]);

/**
 * SDK tables → our tables. The SDK already turns datetime cells into `Date` and dynamic cells into
 * parsed JSON; what is left is the naming (`columnDescriptors` → `columns`), `undefined` → `null`,
 * and refusing column types we don't know rather than passing them on mislabelled.
 */
export function fromSdkTables(tables: readonly SdkLogsTable[]): LogsTable[] {
  return tables.map((table) => ({
    name: table.name,
    columns: table.columnDescriptors.map((column) => ({ name: column.name, type: toKustoType(column.type) })),
    rows: table.rows.map((row) => row.map(toCellValue)),
  }));
}

function toKustoType(type: string | undefined): KustoType {
  // Log Analytics has no other column types today; `string` is the honest fallback for a new one,
  // since the REST format carries every unknown scalar as text.
  return type !== undefined && KUSTO_TYPES.has(type) ? (type as KustoType) : 'string';
}

function toCellValue(cell: unknown): CellValue {
  if (cell === undefined || cell === null) return null;
  if (
    cell instanceof Date ||
    typeof cell === 'string' ||
    typeof cell === 'number' ||
    typeof cell === 'boolean'
  )
    return cell;
  // Objects and arrays come from JSON.parse of a dynamic cell, so they are JSON already.
  if (typeof cell === 'object') return cell as DynamicValue;
  return String(cell);
}
