/**
 * Differential check of the embedded KQL engine against DuckDB: the same seeded rows in both, each
 * generated KQL query run by the engine and its SQL translation by DuckDB, results compared as
 * multisets (in order when the query has a total order). Used by the jest test and the CLI.
 */
import { DuckDBInstance, timestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { CellValue, LogsTable } from '../../../../src/logs/backend';
import { LocalLogsEngine } from '../../../../src/logs/local/engine';
import {
  Pick,
  STRING_COLUMNS,
  generateQuery,
  generateRows,
  isOrdered,
  random,
  simplerQueries,
  toKql,
  toSql,
  unorderedColumns,
  type DiagRow,
  type Query,
} from './generator';

export interface Mismatch {
  readonly seed: number;
  readonly index: number;
  readonly kql: string;
  readonly sql: string;
  readonly ours: string[];
  readonly duckdb: string[];
  /** The smallest failing query and rows found by shrinking. */
  readonly minimal: { readonly kql: string; readonly sql: string; readonly rows: readonly DiagRow[] };
}

const NOW = new Date('2024-05-10T12:00:00Z');

function engineOf(rows: readonly DiagRow[]): LocalLogsEngine {
  const engine = new LocalLogsEngine({ clock: () => NOW });
  for (const row of rows) engine.appendRow('AzureDiagnostics', row as unknown as Record<string, CellValue>);
  engine.finishLoading();
  return engine;
}

let tableCounter = 0;

async function loadTable(connection: DuckDBConnection, rows: readonly DiagRow[]): Promise<string> {
  const table = `diag_${tableCounter++}`;
  await connection.run(
    `CREATE TABLE ${table} ("TimeGenerated" TIMESTAMP, ${STRING_COLUMNS.map((c) => `"${c}" VARCHAR`).join(', ')}, "DurationMs" BIGINT)`,
  );
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    appender.appendTimestamp(timestampValue(BigInt(row.TimeGenerated.getTime()) * 1000n));
    for (const c of STRING_COLUMNS) appender.appendVarchar(row[c]);
    if (row.DurationMs === null) appender.appendNull();
    else appender.appendBigInt(BigInt(row.DurationMs));
    appender.endRow();
  }
  appender.closeSync();
  return table;
}

/** A cell as comparable text: numbers to 9 significant digits, datetimes as ISO, lists sorted when unordered. */
function cellText(value: unknown, unordered: boolean, isString: boolean): string {
  if (value === null || value === undefined) return isString ? '""' : 'null';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return String(Number(value));
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(9);
  if (Array.isArray(value)) {
    const items = value.map((v) => cellText(v, false, false));
    return `[${(unordered ? items.sort() : items).join(',')}]`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function rowsText(
  rows: readonly (readonly unknown[])[],
  columnIsString: readonly boolean[],
  unordered: Set<number>,
  ordered: boolean,
): string[] {
  const out = rows.map((row) =>
    row.map((v, c) => cellText(v, unordered.has(c), columnIsString[c] ?? false)).join(' | '),
  );
  return ordered ? out : out.sort();
}

interface Outcome {
  readonly ours: string[];
  readonly duckdb: string[];
  readonly same: boolean;
}

async function compare(
  engine: LocalLogsEngine,
  connection: DuckDBConnection,
  table: string,
  query: Query,
): Promise<Outcome> {
  const kql = toKql(query);
  const sql = toSql(query, table);
  let result: LogsTable;
  let ours: string[];
  try {
    [result] = engine.query(kql) as [LogsTable];
    ours = rowsText(
      result.rows,
      result.columns.map((c) => c.type === 'string'),
      unorderedColumns(query),
      isOrdered(query),
    );
  } catch (error) {
    return { ours: [`ERROR ${(error as Error).message}`], duckdb: [], same: false };
  }
  const reader = await connection.runAndReadAll(sql);
  const duckdb = rowsText(
    reader.getRowsJS(),
    result.columns.map((c) => c.type === 'string'),
    unorderedColumns(query),
    isOrdered(query),
  );
  const same = ours.length === duckdb.length && ours.every((r, k) => r === duckdb[k]);
  return { ours, duckdb, same };
}

/** Drops rows (halves, then single rows) and clauses while the query still disagrees. */
async function shrink(
  connection: DuckDBConnection,
  query: Query,
  rows: readonly DiagRow[],
): Promise<{ query: Query; rows: readonly DiagRow[] }> {
  const fails = async (q: Query, r: readonly DiagRow[]): Promise<boolean> => {
    const table = await loadTable(connection, r);
    try {
      return !(await compare(engineOf(r), connection, table, q)).same;
    } finally {
      await connection.run(`DROP TABLE ${table}`);
    }
  };
  let current = query;
  let currentRows = rows;
  for (let changed = true; changed;) {
    changed = false;
    for (const simpler of simplerQueries(current)) {
      if (await fails(simpler, currentRows)) {
        current = simpler;
        changed = true;
        break;
      }
    }
  }
  for (let chunk = Math.ceil(currentRows.length / 2); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let start = 0; start < currentRows.length;) {
      const candidate = [...currentRows.slice(0, start), ...currentRows.slice(start + chunk)];
      if (candidate.length > 0 && (await fails(current, candidate))) currentRows = candidate;
      else start += chunk;
    }
  }
  return { query: current, rows: currentRows };
}

export interface DifferentialOptions {
  readonly count: number;
  readonly seed: number;
  /** Rows per data set; a new data set every `queriesPerDataSet` queries. */
  readonly rows?: number;
  readonly queriesPerDataSet?: number;
  /** Stop after this many mismatches. */
  readonly maxMismatches?: number;
}

/** Runs `count` generated queries; returns every mismatch found (shrunk). */
export async function runDifferential(options: DifferentialOptions): Promise<Mismatch[]> {
  const rowsPerSet = options.rows ?? 160;
  const perSet = options.queriesPerDataSet ?? 250;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const mismatches: Mismatch[] = [];
  const pick = new Pick(random(options.seed));
  try {
    let engine: LocalLogsEngine | null = null;
    let table = '';
    let rows: DiagRow[] = [];
    for (let index = 0; index < options.count; index++) {
      if (index % perSet === 0) {
        rows = generateRows(options.seed * 7919 + index, rowsPerSet);
        engine = engineOf(rows);
        table = await loadTable(connection, rows);
      }
      const query = generateQuery(pick);
      const outcome = await compare(engine as LocalLogsEngine, connection, table, query);
      if (outcome.same) continue;
      const minimal = await shrink(connection, query, rows);
      mismatches.push({
        seed: options.seed,
        index,
        kql: toKql(query),
        sql: toSql(query, table),
        ours: outcome.ours,
        duckdb: outcome.duckdb,
        minimal: { kql: toKql(minimal.query), sql: toSql(minimal.query, 'diag'), rows: minimal.rows },
      });
      if (mismatches.length >= (options.maxMismatches ?? 5)) break;
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return mismatches;
}

/** A mismatch as a report: seed, KQL, SQL, both results and the minimized counterexample. */
export function describeMismatch(m: Mismatch): string {
  const head = (lines: readonly string[]): string => lines.slice(0, 20).join('\n    ');
  return [
    `seed ${m.seed}, query #${m.index}`,
    `  KQL: ${m.kql}`,
    `  SQL: ${m.sql}`,
    `  engine (${m.ours.length} rows):\n    ${head(m.ours)}`,
    `  duckdb (${m.duckdb.length} rows):\n    ${head(m.duckdb)}`,
    `  minimized: ${m.minimal.kql}`,
    `    SQL: ${m.minimal.sql}`,
    `    rows (${m.minimal.rows.length}): ${JSON.stringify(m.minimal.rows.slice(0, 10))}`,
  ].join('\n');
}
