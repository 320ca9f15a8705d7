/**
 * File-loading benchmark: how fast exported logs get from files into the embedded engine.
 *
 *   npx tsx bench/generate-archive-lines.ts --rows 1000000 --out /tmp/iot-archive-1m.json
 *   node --import tsx bench/load-files.bench.ts /tmp/iot-archive-1m.json [--sink null|engine] [--json]
 *
 * Reports rows/s and MB/s of `loadLogFiles` (read + parse + map + append; wall clock, and per CPU
 * second of this process, which is what to compare on a shared machine), the time of the
 * engine's `finishLoading` (index building, the engine's side) separately, and peak RSS.
 * `--sink null` drops the rows instead of appending them, which separates the file side from the
 * engine's table building.
 */
import { stat } from 'node:fs/promises';
import type { CellValue } from '../src/logs/backend';
import { LocalLogsEngine, type RowSink } from '../src/logs/local/engine';
import { loadLogFiles } from '../src/logs/local/loaders/load-log-files';
import type { KnownTableName } from '../src/logs/schema';

class NullSink implements RowSink {
  rows = 0;
  appendRow(_table: KnownTableName, _row: Readonly<Record<string, CellValue>>): void {
    this.rows += 1;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const sinkIndex = args.indexOf('--sink');
  const sinkKind = sinkIndex >= 0 ? args[sinkIndex + 1] : 'engine';
  const files = args.filter((arg, i) => !arg.startsWith('--') && (sinkIndex < 0 || i !== sinkIndex + 1));
  if (files.length === 0) throw new Error('give the files to load');
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;

  const engine = new LocalLogsEngine();
  const sink: RowSink = sinkKind === 'null' ? new NullSink() : engine;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const summary = await loadLogFiles(files, sink);
  const loadedAt = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpuBefore);
  if (sinkKind !== 'null') engine.finishLoading();
  const finishedAt = process.hrtime.bigint();
  const finishCpu = process.cpuUsage(cpuBefore);

  const loadSeconds = Number(loadedAt - started) / 1e9;
  // On a shared machine wall-clock rates depend on the neighbours; CPU time is this process's own work.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const figures = {
    sink: sinkKind,
    rows: summary.rowsLoaded,
    rejected: summary.rowsRejected,
    megabytes: Math.round(bytes / 1e5) / 10,
    loadSeconds: Math.round(loadSeconds * 100) / 100,
    rowsPerSecond: Math.round(summary.rowsLoaded / loadSeconds),
    megabytesPerSecond: Math.round(bytes / 1e5 / loadSeconds) / 10,
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    rowsPerCpuSecond: Math.round(summary.rowsLoaded / cpuSeconds),
    finishLoadingSeconds: Math.round(Number(finishedAt - loadedAt) / 1e7) / 100,
    finishLoadingCpuSeconds:
      Math.round((finishCpu.user + finishCpu.system - cpu.user - cpu.system) / 1e4) / 100,
    peakRssMegabytes: Math.round(process.resourceUsage().maxRSS / 1024),
    // Peak RSS (KiB) over rows: what each loaded row costs at the worst moment of the load.
    peakRssBytesPerRow: Math.round((process.resourceUsage().maxRSS * 1024) / Math.max(1, summary.rowsLoaded)),
  };
  if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else for (const [key, value] of Object.entries(figures)) process.stdout.write(`${key}: ${value}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
