import {
  LogsQueryError,
  type CellValue,
  type LogsTable,
  type QueryTimespan,
} from '../../../../src/logs/backend';
import { LocalLogsEngine } from '../../../../src/logs/local/engine';
import type { KnownTableName } from '../../../../src/logs/schema';

export const NOW = new Date('2024-05-10T12:00:00Z');

export type Row = Readonly<Record<string, CellValue>>;

/** An engine loaded with hand-made rows (finishLoading() called unless `finish` is false). */
export function engineWith(
  tables: Partial<Record<KnownTableName, readonly Row[]>>,
  options: { now?: Date; finish?: boolean } = {},
): LocalLogsEngine {
  const now = options.now ?? NOW;
  const engine = new LocalLogsEngine({ clock: () => now });
  for (const [table, rows] of Object.entries(tables) as [KnownTableName, readonly Row[]][]) {
    for (const row of rows) engine.appendRow(table, row);
  }
  if (options.finish !== false) engine.finishLoading();
  return engine;
}

/** Runs KQL and returns the primary result. */
export function run(engine: LocalLogsEngine, kql: string, timespan?: QueryTimespan): LogsTable {
  const [first] = engine.query(kql, timespan);
  if (!first) throw new Error('no result table');
  return first;
}

/** Rows of the primary result. */
export function rows(engine: LocalLogsEngine, kql: string): (readonly CellValue[])[] {
  return run(engine, kql).rows.map((r) => [...r]);
}

/** `name:type` of each result column. */
export function columns(engine: LocalLogsEngine, kql: string): string[] {
  return run(engine, kql).columns.map((c) => `${c.name}:${c.type}`);
}

/** The single value of a one-row, one-column result (e.g. `print x = ...`). */
export function scalar(engine: LocalLogsEngine, kql: string): CellValue {
  const result = run(engine, kql);
  expect(result.rows).toHaveLength(1);
  return result.rows[0]?.[0] ?? null;
}

/** Runs KQL expecting a LogsQueryError; returns it. */
export function queryError(
  engine: LocalLogsEngine,
  kql: string,
  control: Parameters<LocalLogsEngine['query']>[2] = {},
): LogsQueryError {
  try {
    engine.query(kql, undefined, control);
  } catch (error) {
    if (error instanceof LogsQueryError) return error;
    throw error;
  }
  throw new Error(`expected the query to fail: ${kql}`);
}

const EMPTY = engineWith({});

/** Evaluates a scalar expression with `print` on an empty engine. */
export function evaluate(expression: string, engine: LocalLogsEngine = EMPTY): CellValue {
  return scalar(engine, `print x = ${expression}`);
}

export const d = (iso: string): Date => new Date(iso);
