/**
 * Writes a simulation to disk in one of the two forms users really have:
 *
 * - `archive`: what a diagnostic setting writes to a storage account, one JSON record per line
 *   with lower-case keys and `properties` as JSON text, in hourly files
 *   `insights-logs-<category>/resourceId=<ID>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`
 *   (metrics under `insights-metrics-pt1m/`);
 * - `rows`: Log Analytics rows (column names as in the workspace), one JSON object per line,
 *   one file per table.
 *
 * The demo data set is written in the archive form so the loaders are exercised every time the
 * bot starts on the demo.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { CellValue } from '../backend';
import { simulateRecords, type SimulatedRecord, type SimulationOptions } from './simulate-records';

export type SimulationFormat = 'archive' | 'rows';

export interface WriteSimulationOptions extends SimulationOptions {
  readonly outDir: string;
  readonly format: SimulationFormat;
}

export interface WrittenSimulation {
  /** Paths of the files written, in the order they were first written. */
  readonly files: string[];
  readonly rows: number;
}

export async function writeSimulation(options: WriteSimulationOptions): Promise<WrittenSimulation> {
  const files = new FileSet();
  let rows = 0;
  try {
    for (const record of simulateRecords(options)) {
      const [relativePath, line] =
        options.format === 'archive' ? archiveLine(record) : [`${record.table}.jsonl`, rowLine(record.row)];
      await files.write(path.join(options.outDir, relativePath), line);
      rows += 1;
    }
  } finally {
    await files.closeAll();
  }
  return { files: files.paths(), rows };
}

function archiveLine(record: SimulatedRecord): [string, string] {
  const row = record.row;
  const time = row['TimeGenerated'];
  if (!(time instanceof Date)) throw new Error('simulated row without TimeGenerated');
  const resourceId = String(row['ResourceId']);
  const container =
    record.table === 'AzureMetrics'
      ? 'insights-metrics-pt1m'
      : `insights-logs-${String(row['Category']).toLowerCase()}`;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hourFolder = `y=${time.getUTCFullYear()}/m=${pad(time.getUTCMonth() + 1)}/d=${pad(time.getUTCDate())}/h=${pad(time.getUTCHours())}/m=00`;
  const relativePath = `${container}/resourceId=${resourceId}/${hourFolder}/PT1H.json`;
  const archived: Record<string, unknown> =
    record.table === 'AzureMetrics'
      ? {
          count: row['Count'],
          total: row['Total'],
          minimum: row['Minimum'],
          maximum: row['Maximum'],
          average: row['Average'],
          resourceId,
          time: time.toISOString(),
          metricName: row['MetricName'],
          timeGrain: row['TimeGrain'],
        }
      : {
          time: time.toISOString(),
          resourceId,
          operationName: row['OperationName'],
          operationVersion: row['OperationVersion'],
          category: row['Category'],
          level: row['Level'],
          resultType: row['ResultType'],
          resultSignature: row['ResultSignature'],
          resultDescription: row['ResultDescription'],
          durationMs: row['DurationMs'] === null ? undefined : String(row['DurationMs']),
          callerIpAddress: row['CallerIPAddress'],
          correlationId: row['CorrelationId'],
          properties: row['properties_s'],
          location: row['location_s'],
        };
  return [relativePath, `${JSON.stringify(withoutEmpty(archived))}\n`];
}

/** Log Analytics column names; empty cells left out, as `az monitor log-analytics query` does. */
function rowLine(row: Readonly<Record<string, CellValue>>): string {
  return `${JSON.stringify(withoutEmpty(row))}\n`;
}

function withoutEmpty(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values))
    if (value !== null && value !== undefined) kept[key] = value;
  return kept;
}

/**
 * Open output files. Records arrive in time order, so an hourly file is done once a later hour
 * starts for its container; keeping only the current file per folder open bounds open handles.
 * A file reopened later (a metric row stamped at the end of the previous hour) is appended to.
 */
class FileSet {
  private readonly open = new Map<string, { filePath: string; stream: WriteStream }>();
  private readonly written: string[] = [];
  private readonly seen = new Set<string>();

  async write(filePath: string, line: string): Promise<void> {
    const slot = slotOf(filePath);
    let current = this.open.get(slot);
    if (current?.filePath !== filePath) {
      if (current) await closeStream(current.stream);
      await mkdir(path.dirname(filePath), { recursive: true });
      const firstTime = !this.seen.has(filePath);
      this.seen.add(filePath);
      if (firstTime) this.written.push(filePath);
      current = { filePath, stream: createWriteStream(filePath, { flags: firstTime ? 'w' : 'a' }) };
      this.open.set(slot, current);
    }
    if (!current.stream.write(line)) await once(current.stream, 'drain');
  }

  async closeAll(): Promise<void> {
    for (const { stream } of this.open.values()) await closeStream(stream);
    this.open.clear();
  }

  paths(): string[] {
    return [...this.written];
  }
}

/** Files of one container and resource share a slot: a new hour replaces the previous one. */
function slotOf(filePath: string): string {
  const hourIndex = filePath.search(/[\\/]y=\d{4}[\\/]/);
  return hourIndex >= 0 ? filePath.slice(0, hourIndex) : filePath;
}

async function closeStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  stream.end();
  await once(stream, 'close');
}
