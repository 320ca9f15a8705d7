import type { CellValue } from '../../src/logs/backend';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { simulateRecords } from '../../src/logs/simulate/simulate-records';

/** The demo window ends here; "now" is half an hour later (the demo ends at the start of an hour). */
export const DEMO_END = new Date('2026-03-02T10:00:00Z');
export const DEMO_NOW = new Date(DEMO_END.getTime() + 30 * 60_000);

/** A device with records in two hubs, for the "which hub?" question. */
export const TWO_HUB_DEVICE = 'shared-sensor-01';

function connectRow(hub: string, deviceId: string, minutesBeforeEnd: number): Record<string, CellValue> {
  return {
    TimeGenerated: new Date(DEMO_END.getTime() - minutesBeforeEnd * 60_000),
    ResourceProvider: 'MICROSOFT.DEVICES',
    ResourceType: 'IOTHUBS',
    Resource: hub,
    ResourceId: `/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/${hub}`,
    Category: 'Connections',
    OperationName: 'deviceConnect',
    Level: 'Information',
    ResultType: null,
    properties_s: JSON.stringify({ deviceId, protocol: 'Mqtt', sdkVersion: '.NET/1.42.3', errorMessage: '' }),
  };
}

/**
 * The real embedded engine over the simulator's demo fleet (fixed seed), plus one device that has
 * records in two hubs. Built in memory: no files, about a second.
 */
export function demoLogs(): LocalLogsBackend {
  const engine = new LocalLogsEngine({ clock: () => DEMO_NOW });
  for (const { table, row } of simulateRecords({ seed: 20260302, devices: 40, days: 3, end: DEMO_END })) {
    engine.appendRow(table, row);
  }
  engine.appendRow('AzureDiagnostics', connectRow('CONTOSO-FLEET-HUB', TWO_HUB_DEVICE, 300));
  engine.appendRow('AzureDiagnostics', connectRow('CONTOSO-LAB-HUB', TWO_HUB_DEVICE, 200));
  engine.finishLoading();
  return new LocalLogsBackend(engine);
}
