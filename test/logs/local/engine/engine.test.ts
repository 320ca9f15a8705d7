/** The loading contract (RowSink), coverage(), clock injection and result shapes. */
import { LocalLogsEngine } from '../../../../src/logs/local/engine';
import { d, engineWith, rows, run } from './engine-helper';
import { DIAG, METRICS } from './fixtures';

describe('LocalLogsEngine', () => {
  it('reports coverage per table', () => {
    const engine = engineWith({ AzureDiagnostics: DIAG });
    expect(engine.coverage()).toEqual([
      {
        table: 'AzureDiagnostics',
        rows: 6,
        earliest: d('2024-05-01T00:00:00Z'),
        latest: d('2024-05-10T11:00:00Z'),
      },
      { table: 'AzureMetrics', rows: 0, earliest: null, latest: null },
      { table: 'IoTHubConnectionStateEvents', rows: 0, earliest: null, latest: null },
    ]);
  });

  it('answers queries before finishLoading() (without indexes) and after it, the same way', () => {
    const engine = new LocalLogsEngine({ clock: () => d('2024-05-10T12:00:00Z') });
    for (const row of DIAG) engine.appendRow('AzureDiagnostics', row);
    const q = 'AzureDiagnostics | where properties_s has "dev-1" | summarize count() by OperationName';
    const before = run(engine, q);
    engine.finishLoading();
    expect(run(engine, q)).toEqual(before);
    expect(before.rows).toEqual([
      ['deviceConnect', 1],
      ['deviceDisconnect', 1],
    ]);
  });

  it('uses the injected clock for now() and ago()', () => {
    const engine = engineWith({ AzureDiagnostics: DIAG }, { now: d('2024-05-02T00:00:00Z') });
    expect(rows(engine, 'AzureDiagnostics | where TimeGenerated between (ago(2d) .. now()) | count')).toEqual(
      [[1]],
    );
    expect(rows(engine, 'print now()')).toEqual([[d('2024-05-02T00:00:00Z')]]);
  });

  it('treats missing keys as null, ignores unknown keys and coerces loose values', () => {
    const engine = engineWith({
      AzureDiagnostics: [
        { TimeGenerated: '2024-05-10T10:00:00Z', DurationMs: '42', NotAColumn: 'x' } as never,
      ],
      AzureMetrics: [{ TimeGenerated: d('2024-05-10T10:00:00Z'), Total: '1.5' } as never],
    });
    expect(rows(engine, 'AzureDiagnostics | project TimeGenerated, DurationMs, Level')).toEqual([
      [d('2024-05-10T10:00:00Z'), 42, ''],
    ]);
    expect(rows(engine, 'AzureMetrics | project Total')).toEqual([[1.5]]);
  });

  it('returns typed result columns', () => {
    const engine = engineWith({ AzureDiagnostics: DIAG, AzureMetrics: METRICS });
    const result = run(engine, 'AzureMetrics | project TimeGenerated, MetricName, Total | take 1');
    expect(result.name).toBe('PrimaryResult');
    expect(result.columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'MetricName', type: 'string' },
      { name: 'Total', type: 'real' },
    ]);
    expect(result.rows).toEqual([[d('2024-05-10T10:00:00Z'), 'AttestationAttempts', 5]]);
  });

  it('caches parsed queries without mixing up their results', () => {
    const engine = engineWith({ AzureDiagnostics: DIAG });
    for (let i = 0; i < 3; i++) {
      expect(rows(engine, 'AzureDiagnostics | where Level == "Error" | count')).toEqual([[3]]);
      expect(rows(engine, 'AzureDiagnostics | where Level == "Information" | count')).toEqual([[3]]);
    }
  });

  it('rejects rows for an unknown table', () => {
    const engine = new LocalLogsEngine();
    expect(() => engine.appendRow('Heartbeat' as never, {})).toThrow(/Heartbeat/);
  });
});
