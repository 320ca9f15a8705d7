/**
 * Benchmark of the embedded KQL engine against DuckDB on the same AzureDiagnostics rows from the
 * demo-data simulator, at 1M and 10M rows by default (`--rows 1000000,10000000`), each size in a
 * process of its own, reported side by side: load rows/s, RSS per row, and each query's ratio to
 * DuckDB with the parse cached and uncached. A single `--rows N` runs in this process.
 *
 *   npx tsx bench/logs-engine.bench.ts [--json] [--rows N[,N...]] [--runs R] [--seed S] [--queries a,b]
 *   node --expose-gc --import tsx bench/logs-engine.bench.ts ...   (RSS measured after explicit GCs)
 *
 * Measures: load time (appendRow + finishLoading, generation excluded; wall clock and CPU time of
 * this process, since on a shared machine wall-clock rates depend on the neighbours), RSS after load (parser
 * loaded, before DuckDB starts), and three queries on both engines (median of R runs after two
 * warm-ups): one device's Connections history over 7 days, error counts by ResultType /
 * ResultDescription over 24 h, top 10 devices by disconnects. Both engines must return the same
 * counts; a mismatch is printed loudly and makes the exit code 1.
 *
 * `--queries device-history,top-disconnects` measures only those queries (both engines), for quick
 * runs while working on one; `--rows 3000000` alone runs one size in this process.
 *
 * Parse time: the engine caches parsed queries by text (a repeated query skips the Kusto parser), so
 * `oursMs` is a repeated query; `oursUncachedMs` is the same query with a text the cache has not seen
 * (Kusto parser + binder included), and `parseMs` what the very first parse of each query cost.
 */
import { spawnSync } from 'node:child_process';
import { DuckDBInstance, timestampValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { CellValue, LogsTable } from '../src/logs/backend';
import { LocalLogsEngine } from '../src/logs/local/engine';
import { parseKql } from '../src/logs/local/kusto-bridge';
import { AZURE_DIAGNOSTICS_COLUMNS } from '../src/logs/schema';
import { simulateRecords } from '../src/logs/simulate/simulate-records';

interface Options {
  readonly json: boolean;
  readonly rows: number;
  readonly runs: number;
  readonly seed: number;
  /** The queries to measure (all when empty). */
  readonly queries: readonly QueryName[];
}

/** Several table sizes: each is measured in a child process of its own (RSS of one size alone). */
interface SizesOptions {
  readonly json: boolean;
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly seed: number;
  readonly queries: readonly QueryName[];
}

/** What one size's run prints with `--json`. */
interface SizeFigures {
  readonly rows: number;
  readonly loadMs: number;
  /** CPU time of this process during the load: what to compare on a shared machine. */
  readonly loadCpuMs: number;
  readonly rssMB: number;
  readonly duckdbLoadMs: number;
  readonly deviceId: string;
  readonly queries: readonly QueryFigures[];
}

const QUERY_NAMES = ['device-history', 'error-breakdown', 'top-disconnects'] as const;
type QueryName = (typeof QUERY_NAMES)[number];

interface QueryFigures {
  readonly name: QueryName;
  readonly oursMs: number;
  readonly duckdbMs: number;
  readonly ratio: number;
  readonly parseMs: number;
  /** Ours with a text the parse cache has not seen (parser + binder included every run). */
  readonly oursUncachedMs: number;
  readonly resultRows: number;
  readonly match: boolean;
}

const DAYS = 14;
/** Rows per healthy device per simulated day (measured on the simulator). */
const ROWS_PER_DEVICE_DAY = 7;
const END = new Date('2026-03-02T00:00:00Z');
const CHUNK = 20_000;
/** The figures the engine is held to (issue #17), printed under every report. */
const TARGETS =
  '(targets at 10M rows: load ≤ 40 s in ≤ 3 GB RSS; device-history ≤ 1.0×, aggregations ≤ 2.0× DuckDB, cached and uncached)';

const DEFAULT_SIZES = [1_000_000, 10_000_000];

function parseArgs(argv: readonly string[]): SizesOptions {
  let json = false;
  let sizes: number[] = DEFAULT_SIZES;
  let runs = 7;
  let seed = 42;
  let queries: QueryName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${arg} needs a positive number`);
      return v;
    };
    if (arg === '--json') json = true;
    else if (arg === '--rows') {
      sizes = String(argv[++i])
        .split(',')
        .map((text) => Math.round(Number(text)));
      if (sizes.some((n) => !Number.isFinite(n) || n <= 0)) {
        throw new Error('--rows needs positive numbers separated by commas (e.g. 1000000,10000000)');
      }
    } else if (arg === '--runs') runs = Math.max(1, Math.round(next()));
    else if (arg === '--seed') seed = Math.round(next());
    else if (arg === '--queries') {
      const names = String(argv[++i]).split(',');
      const unknown = names.filter((n) => !(QUERY_NAMES as readonly string[]).includes(n));
      if (unknown.length > 0) throw new Error(`--queries takes some of ${QUERY_NAMES.join(', ')}`);
      queries = names as QueryName[];
    } else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: npx tsx bench/logs-engine.bench.ts [--json] [--rows N[,N...]] [--runs R] [--seed S] [--queries a,b]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return { json, sizes, runs, seed, queries };
}

/** AzureDiagnostics rows of the simulation, in chunks (generation is not timed). */
function* diagnosticChunks(options: Options): Generator<Record<string, CellValue>[]> {
  const devices = Math.max(1, Math.round(options.rows / (DAYS * ROWS_PER_DEVICE_DAY)));
  let chunk: Record<string, CellValue>[] = [];
  for (const record of simulateRecords({ seed: options.seed, devices, days: DAYS, end: END })) {
    if (record.table !== 'AzureDiagnostics') continue;
    chunk.push(record.row);
    if (chunk.length === CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function timeRuns<T>(runs: number, fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  await fn();
  let result = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}

/**
 * RSS once the heap has settled: V8 hands freed pages (the generator's garbage) back to the OS only
 * after idle GCs, so measure after collecting and idling until RSS stops shrinking (≤ 6 s).
 * Run with `node --expose-gc` for explicit collections; without it this relies on idle GC alone.
 */
async function settledRssMB(): Promise<number> {
  let rss = process.memoryUsage().rss;
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = process.memoryUsage().rss;
    const shrunk = now < rss * 0.99;
    rss = Math.min(rss, now);
    if (!shrunk && i > 0) break;
  }
  return rss / (1024 * 1024);
}

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const sqlTimestamp = (ms: number): string =>
  `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;

function queries(deviceId: string): { name: QueryName; kql: string; sql: string }[] {
  const day = 86_400_000;
  const end = END.getTime();
  return [
    {
      name: 'device-history',
      kql: [
        'AzureDiagnostics',
        '| where TimeGenerated > ago(7d)',
        '| where ResourceType == "IOTHUBS" and Category == "Connections"',
        `| where properties_s has ${quote(deviceId)}`,
        '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
        `| where DeviceId == ${quote(deviceId)}`,
        '| project TimeGenerated, OperationName, Level, ResultType, ResultDescription, DeviceId',
        '| order by TimeGenerated asc',
      ].join('\n'),
      sql: `SELECT TimeGenerated, OperationName, Level, ResultType, ResultDescription, json_extract_string(properties_s, '$.deviceId') AS DeviceId
FROM diag
WHERE TimeGenerated > ${sqlTimestamp(end - 7 * day)} AND ResourceType = 'IOTHUBS' AND Category = 'Connections'
  AND properties_s LIKE ${sqlString(`%${deviceId}%`)} AND json_extract_string(properties_s, '$.deviceId') = ${sqlString(deviceId)}
ORDER BY TimeGenerated`,
    },
    {
      name: 'error-breakdown',
      kql: [
        'AzureDiagnostics',
        '| where TimeGenerated > ago(24h)',
        '| where ResourceType == "IOTHUBS" and Level == "Error"',
        '| summarize count() by ResultType, ResultDescription',
        '| order by count_ desc',
      ].join('\n'),
      sql: `SELECT ResultType, ResultDescription, count(*) AS count_
FROM diag
WHERE TimeGenerated > ${sqlTimestamp(end - day)} AND ResourceType = 'IOTHUBS' AND Level = 'Error'
GROUP BY ResultType, ResultDescription
ORDER BY count_ DESC`,
    },
    {
      name: 'top-disconnects',
      kql: [
        'AzureDiagnostics',
        '| where ResourceType == "IOTHUBS" and Category == "Connections" and OperationName == "deviceDisconnect"',
        '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
        '| summarize disconnects = count() by DeviceId',
        '| top 10 by disconnects',
      ].join('\n'),
      sql: `SELECT json_extract_string(properties_s, '$.deviceId') AS DeviceId, count(*) AS disconnects
FROM diag
WHERE ResourceType = 'IOTHUBS' AND Category = 'Connections' AND OperationName = 'deviceDisconnect'
GROUP BY DeviceId
ORDER BY disconnects DESC
LIMIT 10`,
    },
  ];
}

/** What both engines must agree on: row count and the multiset of numeric cells. */
function fingerprint(rows: readonly (readonly unknown[])[]): string {
  const numbers = rows
    .flatMap((row) => row.filter((v) => typeof v === 'number' || typeof v === 'bigint').map((v) => Number(v)))
    .sort((a, b) => a - b);
  return `${rows.length} rows; numbers ${numbers.join(',')}`;
}

function duckType(type: string): string {
  switch (type) {
    case 'datetime':
      return 'TIMESTAMP';
    case 'long':
      return 'BIGINT';
    case 'real':
      return 'DOUBLE';
    default:
      return 'VARCHAR';
  }
}

function appendValue(appender: DuckDBAppender, type: string, value: CellValue): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case 'datetime':
      appender.appendTimestamp(timestampValue(BigInt((value as Date).getTime()) * 1000n));
      return;
    case 'long':
      appender.appendBigInt(BigInt(Math.trunc(Number(value))));
      return;
    case 'real':
      appender.appendDouble(Number(value));
      return;
    default:
      appender.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

async function loadDuckDb(
  options: Options,
): Promise<{ connection: DuckDBConnection; rows: number; loadMs: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = AZURE_DIAGNOSTICS_COLUMNS;
  await connection.run(
    `CREATE TABLE diag (${columns.map((c) => `"${c.name}" ${duckType(c.type)}`).join(', ')})`,
  );
  const appender = await connection.createAppender('diag');
  let rows = 0;
  let loadMs = 0;
  for (const chunk of diagnosticChunks(options)) {
    const start = performance.now();
    for (const row of chunk) {
      for (const column of columns) appendValue(appender, column.type, row[column.name] ?? null);
      appender.endRow();
    }
    loadMs += performance.now() - start;
    rows += chunk.length;
  }
  const start = performance.now();
  appender.closeSync();
  loadMs += performance.now() - start;
  return { connection, rows, loadMs };
}

async function measureSize(options: Options): Promise<void> {
  const log = (line: string): void => {
    if (!options.json) console.log(line);
  };
  log(
    `Generating ~${options.rows} AzureDiagnostics rows with the simulator (seed ${options.seed}, ${DAYS} days)...`,
  );

  // Our engine: load, pick a device, measure.
  const engine = new LocalLogsEngine({ clock: () => END });
  let rows = 0;
  let appendMs = 0;
  let appendCpuMs = 0;
  let deviceId = '';
  for (const chunk of diagnosticChunks(options)) {
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    for (const row of chunk) engine.appendRow('AzureDiagnostics', row);
    appendMs += performance.now() - start;
    appendCpuMs += cpuMs(process.cpuUsage(cpuBefore));
    if (!deviceId && rows + chunk.length > options.rows / 2) {
      const row = chunk.find((r) => r['Category'] === 'Connections' && typeof r['properties_s'] === 'string');
      deviceId = row
        ? String((JSON.parse(row['properties_s'] as string) as { deviceId?: string }).deviceId ?? '')
        : '';
    }
    rows += chunk.length;
  }
  const finishStart = performance.now();
  const finishCpuBefore = process.cpuUsage();
  engine.finishLoading();
  const finishMs = performance.now() - finishStart;
  const loadMs = appendMs + finishMs;
  const loadCpuMs = appendCpuMs + cpuMs(process.cpuUsage(finishCpuBefore));
  engine.query('AzureDiagnostics | take 1'); // loads and warms the Kusto parser
  const rssMB = await settledRssMB();
  log(
    `Loaded ${rows} rows in ${loadMs.toFixed(0)} ms (appendRow ${appendMs.toFixed(0)} ms, finishLoading ${finishMs.toFixed(0)} ms; ${loadCpuMs.toFixed(0)} ms of CPU, ${Math.round(rows / (loadCpuMs / 1000))} rows per CPU-second); RSS ${rssMB.toFixed(0)} MB.`,
  );
  log(`Device for the history query: ${deviceId}`);

  const qs = queries(deviceId).filter(
    (q) => options.queries.length === 0 || options.queries.includes(q.name),
  );
  const ours: { ms: number; uncachedMs: number; parseMs: number; result: LogsTable }[] = [];
  let variant = 0;
  for (const q of qs) {
    const parseStart = performance.now();
    parseKql(q.kql);
    const parseMs = performance.now() - parseStart;
    gc();
    const { ms, result } = await timeRuns(options.runs, () => engine.query(q.kql)[0] as LogsTable);
    // A trailing comment makes each run a text the parse cache has not seen.
    const uncached = await timeRuns(
      options.runs,
      () => engine.query(`${q.kql}\n// run ${variant++}`)[0] as LogsTable,
    );
    ours.push({ ms, uncachedMs: uncached.ms, parseMs, result });
  }

  // DuckDB: same rows, same questions in SQL.
  log('Loading the same rows into DuckDB (in memory)...');
  const duck = await loadDuckDb(options);
  log(`DuckDB loaded ${duck.rows} rows in ${duck.loadMs.toFixed(0)} ms.`);
  const figures: QueryFigures[] = [];
  let mismatch = false;
  for (const [k, q] of qs.entries()) {
    const { ms, result } = await timeRuns(options.runs, async () =>
      (await duck.connection.runAndReadAll(q.sql)).getRowsJS(),
    );
    const mine = ours[k] as { ms: number; uncachedMs: number; parseMs: number; result: LogsTable };
    const a = fingerprint(mine.result.rows);
    const b = fingerprint(result as unknown[][]);
    const match = a === b;
    if (!match) {
      mismatch = true;
      console.error(
        `\n!!! MISMATCH in ${q.name}:\n  ours:   ${a.slice(0, 400)}\n  duckdb: ${b.slice(0, 400)}\n`,
      );
    }
    figures.push({
      name: q.name,
      oursMs: round(mine.ms),
      duckdbMs: round(ms),
      ratio: round(mine.ms / ms),
      parseMs: round(mine.parseMs),
      oursUncachedMs: round(mine.uncachedMs),
      resultRows: mine.result.rows.length,
      match,
    });
  }

  if (options.json) {
    console.log(
      JSON.stringify({
        rows,
        loadMs: Math.round(loadMs),
        loadCpuMs: Math.round(loadCpuMs),
        rssMB: Math.round(rssMB),
        duckdbLoadMs: Math.round(duck.loadMs),
        deviceId,
        queries: figures,
      }),
    );
  } else {
    console.log('');
    console.log(
      'query             ours (ms)  duckdb (ms)  ours/duckdb  rows  same counts  ours uncached (ms)  first parse (ms)',
    );
    for (const f of figures) {
      console.log(
        `${f.name.padEnd(17)} ${f.oursMs.toFixed(2).padStart(9)}  ${f.duckdbMs.toFixed(2).padStart(11)}  ${f.ratio
          .toFixed(2)
          .padStart(
            11,
          )}  ${String(f.resultRows).padStart(4)}  ${(f.match ? 'yes' : 'NO').padStart(11)}  ${f.oursUncachedMs
          .toFixed(2)
          .padStart(18)}  ${f.parseMs.toFixed(1).padStart(16)}`,
      );
    }
    console.log(
      '(ours: parsed query cached by text, as the engine does for a repeated query; uncached: parser + binder every run)',
    );
    console.log(
      `\nrows ${rows}, load ${Math.round(loadMs)} ms, RSS after load ${Math.round(rssMB)} MB ${TARGETS}`,
    );
  }
  if (mismatch) process.exitCode = 1;
}

/** User + system milliseconds of a `process.cpuUsage()` difference. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** One size's figures, from a child process running this file for that size alone. */
function measureInChild(options: SizesOptions, rows: number): SizeFigures {
  const child = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1] as string,
      '--json',
      '--rows',
      String(rows),
      '--runs',
      String(options.runs),
      '--seed',
      String(options.seed),
      ...(options.queries.length > 0 ? ['--queries', options.queries.join(',')] : []),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  const lines = child.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`the ${rows}-row run failed (exit ${String(child.status)}): ${last}`);
  }
  return JSON.parse(last) as SizeFigures;
}

/** The sizes side by side: load rate, memory per row, and per query ours/DuckDB cached and uncached. */
function printSideBySide(results: readonly SizeFigures[]): void {
  const cell = (text: string): string => text.padStart(14);
  const line = (label: string, cells: readonly string[]): void =>
    console.log(`${label.padEnd(34)}${cells.map(cell).join('')}`);
  line(
    'rows',
    results.map((r) => String(r.rows)),
  );
  line(
    'load (ms, appendRow + finish)',
    results.map((r) => String(r.loadMs)),
  );
  line(
    'load (rows/s)',
    results.map((r) => String(Math.round(r.rows / (r.loadMs / 1000)))),
  );
  line(
    'load CPU (ms)',
    results.map((r) => String(r.loadCpuMs)),
  );
  line(
    'load (rows per CPU-second)',
    results.map((r) => String(Math.round(r.rows / (r.loadCpuMs / 1000)))),
  );
  line(
    'RSS after load (MB)',
    results.map((r) => String(r.rssMB)),
  );
  line(
    'RSS per row (bytes)',
    results.map((r) => String(Math.round((r.rssMB * 1024 * 1024) / r.rows))),
  );
  line(
    'DuckDB load (ms)',
    results.map((r) => String(r.duckdbLoadMs)),
  );
  const names = results[0]?.queries.map((q) => q.name) ?? [];
  for (const name of names) {
    const of = (r: SizeFigures): QueryFigures | undefined => r.queries.find((q) => q.name === name);
    line(
      `${name} ours/DuckDB`,
      results.map((r) => (of(r)?.ratio ?? NaN).toFixed(2)),
    );
    line(
      `${name} uncached/DuckDB`,
      results.map((r) => {
        const q = of(r);
        return q ? (q.oursUncachedMs / q.duckdbMs).toFixed(2) : 'NaN';
      }),
    );
    line(
      `${name} ours (ms)`,
      results.map((r) => (of(r)?.oursMs ?? NaN).toFixed(2)),
    );
    line(
      `${name} DuckDB (ms)`,
      results.map((r) => (of(r)?.duckdbMs ?? NaN).toFixed(2)),
    );
    line(
      `${name} same counts`,
      results.map((r) => (of(r)?.match ? 'yes' : 'NO')),
    );
  }
  console.log(`\n${TARGETS}`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const sizes = options.sizes;
  if (sizes.length === 1) {
    await measureSize({
      json: options.json,
      rows: sizes[0] as number,
      runs: options.runs,
      seed: options.seed,
      queries: options.queries,
    });
    return;
  }
  const results: SizeFigures[] = [];
  for (const rows of sizes) {
    if (!options.json) console.log(`Measuring ${rows} rows (its own process)...`);
    try {
      results.push(measureInChild(options, rows));
    } catch (error) {
      // A size that fails (out of memory, say) must not cost the figures of the others.
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 2;
    }
  }
  if (options.json) console.log(JSON.stringify(results));
  else printSideBySide(results);
  if (results.some((r) => r.queries.some((q) => !q.match))) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
