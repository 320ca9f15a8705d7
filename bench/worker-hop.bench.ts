/**
 * What the worker hop costs a query: the same queries through the in-process backend and through
 * one engine worker, on the simulator's rows (60 devices, 2 days).
 *
 *   npx tsx bench/worker-hop.bench.ts
 *
 * Prints µs per query (mean of many sequential queries after warm-ups) for a small answer (a count
 * by OperationName) and a 1,000-row answer, and the ratio worker / in-process. The difference is
 * the message round trip and the structured clone of the result.
 */
import type { CellValue } from '../src/logs/backend';
import { LocalLogsEngine } from '../src/logs/local/engine';
import { LOCAL_DATA_SET, LocalLogsBackend } from '../src/logs/local/local-backend';
import { startLocalLogsWorkers } from '../src/logs/local/worker/worker-backend';
import type { KnownTableName } from '../src/logs/schema';
import { simulateRecords } from '../src/logs/simulate/simulate-records';
import type { LogsBackend } from '../src/logs/backend';

const end = new Date('2026-03-02T10:00:00Z');
const now = new Date(end.getTime() + 30 * 60_000);
const span = { duration: 'P3D' } as const;
const QUERIES = [
  {
    name: 'count by OperationName',
    kql: "AzureDiagnostics | where Category == 'Connections' | summarize count() by OperationName",
    runs: 2000,
  },
  {
    name: '1,000 rows × 6 columns',
    kql: 'AzureDiagnostics | take 1000 | project TimeGenerated, Category, OperationName, Level, ResultType, DurationMs',
    runs: 200,
  },
];

async function microsPerQuery(backend: LogsBackend, kql: string, runs: number): Promise<number> {
  for (let i = 0; i < Math.ceil(runs / 10); i++) await backend.query(LOCAL_DATA_SET, kql, span);
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await backend.query(LOCAL_DATA_SET, kql, span);
  return Number(process.hrtime.bigint() - started) / 1000 / runs;
}

async function main(): Promise<void> {
  const rows: Partial<Record<KnownTableName, Readonly<Record<string, CellValue>>[]>> = {};
  const engine = new LocalLogsEngine({ clock: () => now });
  for (const { table, row } of simulateRecords({ seed: 7, devices: 60, days: 2, end })) {
    (rows[table] ??= []).push(row);
    engine.appendRow(table, row);
  }
  engine.finishLoading();
  const inProcess = new LocalLogsBackend(engine);
  const { backend: worker } = await startLocalLogsWorkers({ data: { rows }, clock: () => now, workers: 1 });
  try {
    for (const query of QUERIES) {
      const here = await microsPerQuery(inProcess, query.kql, query.runs);
      const there = await microsPerQuery(worker, query.kql, query.runs);
      console.log(
        `${query.name}: in-process ${here.toFixed(1)} µs, worker ${there.toFixed(1)} µs (+${(there - here).toFixed(1)} µs, ×${(there / here).toFixed(2)})`,
      );
    }
  } finally {
    await worker.close();
  }
}

void main();
