import type { SeedRows } from '../../../../src/logs/local/worker/protocol';
import type { Row } from '../engine/engine-helper';

/** `count` connection events of one device, a minute apart, all in the Connections category. */
export function connectionRows(count: number, end: Date): SeedRows {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      TimeGenerated: new Date(end.getTime() - (i + 1) * 60_000),
      Category: 'Connections',
      OperationName: i % 2 === 0 ? 'deviceConnect' : 'deviceDisconnect',
      Level: 'Information',
      ResultType: '200',
      DurationMs: i % 50,
      properties_s: JSON.stringify({ deviceId: `device-${i % 10}`, protocol: 'Mqtt' }),
    });
  }
  return { AzureDiagnostics: rows };
}
