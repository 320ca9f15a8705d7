import { LocalLogsEngine, type LocalLogsEngineOptions } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { simulateRecords } from '../../src/logs/simulate/simulate-records';

/** A small simulated fleet (the demo scenarios included) in the embedded engine, ending at `end`. */
export function demoLogs(
  end: Date,
  now: Date = end,
  options: Pick<LocalLogsEngineOptions, 'parse'> = {},
): LocalLogsBackend {
  const engine = new LocalLogsEngine({ clock: () => now, ...options });
  for (const { table, row } of simulateRecords({ seed: 7, devices: 30, days: 1, end })) {
    engine.appendRow(table, row);
  }
  engine.finishLoading();
  return new LocalLogsBackend(engine);
}
