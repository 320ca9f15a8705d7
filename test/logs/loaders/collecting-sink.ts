import type { CellValue } from '../../../src/logs/backend';
import type { KnownTableName } from '../../../src/logs/schema';

/** A RowSink that only remembers what it was given, so loader tests need no engine. */
export class CollectingSink {
  readonly rows: { table: KnownTableName; row: Readonly<Record<string, CellValue>> }[] = [];
  appendRow(table: KnownTableName, row: Readonly<Record<string, CellValue>>): void {
    this.rows.push({ table, row });
  }
  of(table: KnownTableName): Readonly<Record<string, CellValue>>[] {
    return this.rows.filter((entry) => entry.table === table).map((entry) => entry.row);
  }
}
