import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { simulateRecords } from '../../src/logs/simulate/simulate-records';
import {
  dpsFailures,
  dpsMetrics,
  hubErrorBreakdown,
  topDisconnectingDevices,
} from '../../src/diagnosis/fleet';

const end = new Date('2026-03-02T10:00:00Z');
const window = { start: new Date(end.getTime() - 24 * 3_600_000), end };
let logs: LocalLogsBackend;

beforeAll(() => {
  const engine = new LocalLogsEngine({ clock: () => end });
  for (const { table, row } of simulateRecords({ seed: 7, devices: 60, days: 2, end }))
    engine.appendRow(table, row);
  engine.finishLoading();
  logs = new LocalLogsBackend(engine);
});

describe('fleet answers over the simulator', () => {
  it('breaks hub errors down by code, with their finding and an hourly trend', async () => {
    const answer = await hubErrorBreakdown({ window }, { logs });
    const byCode = new Map(answer.rows.map((row) => [row.code, row]));
    expect(byCode.get('404104')?.findingId).toBe('iothub.404104.closed-remotely');
    expect(byCode.get('404104')?.devices).toBeGreaterThan(10);
    expect(byCode.get('400027')).toMatchObject({
      findingId: 'iothub.400027.duplicate-connection',
      devices: 1,
    });
    expect(answer.binMinutes).toBe(60);
    expect(answer.trend.length).toBeGreaterThan(10);
    expect(answer.queries.map((q) => q.name)).toEqual(['hub-error-breakdown', 'hub-error-trend']);
    expect(answer.dataStatus).toMatchObject({ partial: false, truncated: [] });
    // Two days of logs under a one-day window: they cover all of it.
    const coverage = answer.dataStatus.logsCoverage;
    expect(Date.parse(coverage?.earliest ?? '')).toBeLessThan(window.start.getTime() + 3_600_000);
    expect(Date.parse(coverage?.latest ?? '')).toBeGreaterThan(end.getTime() - 3_600_000);
  });

  it('says which part of a longer window the logs cover, from the same single batch', async () => {
    const week = { start: new Date(end.getTime() - 7 * 24 * 3_600_000), end };
    const batches: string[][] = [];
    const counting: typeof logs = Object.assign(Object.create(logs) as typeof logs, {
      queryBatch: (...args: Parameters<typeof logs.queryBatch>) => {
        batches.push(args[0].map((query) => query.kql.split('\n').at(-1) ?? ''));
        return logs.queryBatch(...args);
      },
    });
    for (const ask of [
      () => hubErrorBreakdown({ window: week }, { logs: counting }),
      () => topDisconnectingDevices({ window: week }, { logs: counting }),
      () => dpsFailures({ window: week }, { logs: counting }),
    ]) {
      batches.length = 0;
      const answer = await ask();
      expect(batches).toHaveLength(1);
      expect(batches[0]?.some((line) => line.includes('Earliest = min(TimeGenerated)'))).toBe(true);
      // The coverage query is not one a person would run to check the answer: it is not listed.
      expect(answer.queries.map((query) => query.name)).not.toContain('data-coverage');
      const coverage = answer.dataStatus.logsCoverage;
      const twoDaysAgo = end.getTime() - 2 * 24 * 3_600_000;
      expect(Math.abs(Date.parse(coverage?.earliest ?? '') - twoDaysAgo)).toBeLessThan(3_600_000);
    }
  });

  it('lists the devices with the most failed disconnects first', async () => {
    const answer = await topDisconnectingDevices({ window, limit: 3 }, { logs });
    expect(answer.rows).toHaveLength(3);
    const counts = answer.rows.map((row) => row.errors);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    // thermostat-0042 only renews its SAS token: expected, so it does not rank among real drops.
    expect(answer.rows.map((row) => row.deviceId)).not.toContain('thermostat-0042');
    expect(answer.rows[0]?.disconnects).toBeGreaterThan(0);
  });

  it('counts DPS failures by status with the finding each maps to, device- and service-side', async () => {
    const answer = await dpsFailures({ window }, { logs });
    const key = (row: { category: string; status: string }) => `${row.category}:${row.status}`;
    const rows = new Map(answer.rows.map((row) => [key(row), row]));
    expect(rows.get('DeviceOperations:429')?.findingId).toBe('dps.429.throttled');
    expect(rows.get('ServiceOperations:412')?.findingId).toBe('dps.412.etag-mismatch');
    expect(answer.rows.find((row) => row.status === '404')).toMatchObject({
      detailCode: '404201',
      findingId: 'dps.404.not-found',
    });
  });

  it('sums the DPS metrics from AzureMetrics', async () => {
    const answer = await dpsMetrics({ window }, { logs });
    const totals = new Map(answer.totals.map((t) => [t.metric, t.total]));
    expect(totals.get('AttestationAttempts')).toBeGreaterThan(totals.get('DeviceAssignments') ?? Infinity);
    expect(totals.get('RegistrationAttempts')).toBeGreaterThan(0);
  });
});

describe('fleet answers and the hub directory', () => {
  const hubRow = (category: string, code: string, name: string, deviceId: string) => ({
    TimeGenerated: new Date(end.getTime() - 3_600_000),
    ResourceProvider: 'MICROSOFT.DEVICES',
    ResourceType: 'IOTHUBS',
    Resource: 'HUB-EAST',
    Category: category,
    OperationName: 'send',
    Level: 'Error',
    ResultType: code,
    ResultDescription: name,
    properties_s: JSON.stringify({ deviceId }),
  });

  it("counts every category's error codes in hub errors (C2D, direct methods, file uploads, not only Connections)", async () => {
    const engine = new LocalLogsEngine({ clock: () => end });
    for (const row of [
      hubRow('C2DCommands', '403004', 'DeviceMaximumQueueDepthExceeded', 'a'),
      hubRow('DirectMethods', '404103', 'DeviceNotOnline', 'a'),
      hubRow('DirectMethods', '404103', 'DeviceNotOnline', 'b'),
      hubRow('FileUploadOperations', '403006', 'DeviceMaximumActiveFileUploadLimitExceeded', 'b'),
      hubRow('Connections', '404104', 'DeviceConnectionClosedRemotely', 'c'),
    ])
      engine.appendRow('AzureDiagnostics', row);
    engine.finishLoading();
    const answer = await hubErrorBreakdown({ window }, { logs: new LocalLogsBackend(engine) });
    expect(answer.rows.map((row) => [row.category, row.code, row.errors, row.devices])).toEqual(
      expect.arrayContaining([
        ['C2DCommands', '403004', 1, 1],
        ['DirectMethods', '404103', 2, 2],
        ['FileUploadOperations', '403006', 1, 1],
        ['Connections', '404104', 1, 1],
      ]),
    );
  });

  it("asks a named hub's target, in the tables its entry names", async () => {
    const seen: { target: unknown; table: string | undefined }[] = [];
    const recording: typeof logs = Object.assign(Object.create(logs) as typeof logs, {
      queryBatch: (queries: Parameters<typeof logs.queryBatch>[0]) => {
        seen.push(...queries.map((q) => ({ target: q.target, table: q.kql.split('\n')[0] })));
        return Promise.resolve(queries.map(() => ({ status: 'Success' as const, tables: [] })));
      },
    });
    const target = { kind: 'workspace', id: 'ws-west' } as const;
    const hubs = { 'hub-west': { target, tables: { diagnostics: 'HubLogs', metrics: 'HubMetrics' } } };
    await hubErrorBreakdown({ window, hub: 'HUB-WEST' }, { logs: recording, hubs });
    await topDisconnectingDevices({ window }, { logs: recording, hubs });
    const fallback = { target: logs.description.defaultTarget, table: 'AzureDiagnostics' };
    expect(seen).toEqual([
      // Breakdown, trend, top devices per code, renewals and the logs' coverage, each in the hub's
      // own target and table.
      ...new Array(5).fill({ target, table: 'HubLogs' }),
      // No hub named: the backend's default target and tables (top devices, renewals, coverage).
      fallback,
      fallback,
      fallback,
    ]);
  });
});
