import type {
  BatchQuery,
  BatchQueryResult,
  CellValue,
  LogsBackend,
  LogsBackendDescription,
} from '../../src/logs/backend';
import { LogsQueryError } from '../../src/logs/backend';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { diagnose } from '../../src/diagnosis/diagnose';
import { AmbiguousHubError, InvalidWindowError, UnknownHubError } from '../../src/diagnosis/hubs';
import { InvalidIdentifierError } from '../../src/diagnosis/kql-literal';

const end = new Date('2026-03-02T12:00:00Z');
const now = () => new Date('2026-03-02T13:00:00Z');
const window = { start: new Date('2026-03-02T00:00:00Z'), end };

function connectionRow(
  hub: string,
  deviceId: string,
  minute: number,
  operation = 'deviceConnect',
  code?: string,
): Record<string, CellValue> {
  return {
    TimeGenerated: new Date(window.start.getTime() + minute * 60_000),
    ResourceProvider: 'MICROSOFT.DEVICES',
    ResourceType: 'IOTHUBS',
    Resource: hub,
    Category: 'Connections',
    OperationName: operation,
    Level: code ? 'Error' : 'Information',
    ResultType: code ?? null,
    properties_s: JSON.stringify({ deviceId, protocol: 'Amqp', sdkVersion: '.NET/1.42.3', errorMessage: '' }),
  };
}

function engineWith(rows: Record<string, CellValue>[]): LocalLogsEngine {
  const engine = new LocalLogsEngine({ clock: now });
  for (const row of rows) engine.appendRow('AzureDiagnostics', row);
  engine.finishLoading();
  return engine;
}

/** Wraps a backend, recording the batches and letting a test rewrite results. */
class RecordingBackend implements LogsBackend {
  readonly batches: BatchQuery[][] = [];
  readonly description: LogsBackendDescription;
  constructor(
    private readonly inner: LogsBackend,
    private readonly rewrite: (result: BatchQueryResult, query: BatchQuery) => BatchQueryResult = (r) => r,
    described: Partial<LogsBackendDescription> = {},
  ) {
    this.description = { ...inner.description, ...described };
  }
  query: LogsBackend['query'] = (...args) => this.inner.query(...args);
  async queryBatch(queries: readonly BatchQuery[]): Promise<BatchQueryResult[]> {
    this.batches.push([...queries]);
    const results = await this.inner.queryBatch(queries);
    return results.map((result, index) => this.rewrite(result, queries[index]!));
  }
}

describe('diagnose()', () => {
  const twoHubs = engineWith([
    connectionRow('HUB-EAST', 'shared-id', 10),
    connectionRow('HUB-WEST', 'shared-id', 20),
    connectionRow('HUB-EAST', 'east-only', 30),
  ]);

  it('asks back instead of guessing when the device has records in two hubs', async () => {
    const logs = new LocalLogsBackend(twoHubs);
    await expect(diagnose({ deviceId: 'shared-id', window }, { logs, now })).rejects.toThrow(
      AmbiguousHubError,
    );
    await expect(diagnose({ deviceId: 'shared-id', window }, { logs, now })).rejects.toThrow(
      /HUB-EAST, HUB-WEST/,
    );
  });

  it('uses the named hub, filters on it, and finds the hub from the records when none is named', async () => {
    const logs = new RecordingBackend(new LocalLogsBackend(twoHubs));
    const named = await diagnose({ deviceId: 'shared-id', hub: 'hub-west', window }, { logs, now });
    expect(named.hub).toBe('HUB-WEST');
    expect(named.timeline.events.map((e) => e.hub)).toEqual(['HUB-WEST']);
    expect(named.queries[0]?.kql).toContain('Resource == "HUB-WEST"');
    const found = await diagnose({ deviceId: 'east-only', window }, { logs, now });
    expect(found.hub).toBe('HUB-EAST');
    expect(found.verdict).toEqual({ kind: 'healthy', lastConnect: '2026-03-02T00:30:00.000Z' });
    expect(logs.batches).toHaveLength(2); // one round trip per question
  });

  it('sends each hub query to the target its directory entry names and rejects an unknown hub', async () => {
    const logs = new RecordingBackend(new LocalLogsBackend(twoHubs));
    const east = { kind: 'workspace', id: 'ws-east' } as const;
    const west = {
      kind: 'resource',
      id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/hub-west',
    } as const;
    const hubs = { 'hub-east': { target: east }, 'hub-west': { target: west } };
    const named = await diagnose({ deviceId: 'east-only', hub: 'HUB-EAST', window }, { logs, now, hubs });
    expect(logs.batches[0]?.map((q) => q.target)).toEqual(logs.batches[0]?.map(() => east));
    expect(named.queries.every((q) => q.target === east)).toBe(true);
    await diagnose({ deviceId: 'east-only', window }, { logs, now, hubs });
    expect(new Set(logs.batches[1]?.map((q) => q.target))).toEqual(new Set([east, west]));
    // A hub the directory lists without a target is asked in the backend's default one.
    await diagnose(
      { deviceId: 'east-only', hub: 'hub-south', window },
      { logs, now, hubs: { ...hubs, 'hub-south': {} } },
    );
    expect(new Set(logs.batches[2]?.map((q) => q.target))).toEqual(new Set([logs.description.defaultTarget]));
    await expect(diagnose({ deviceId: 'x', hub: 'hub-north', window }, { logs, now, hubs })).rejects.toThrow(
      UnknownHubError,
    );
  });

  it("reads the tables the hub's directory entry names", async () => {
    const empty: BatchQueryResult = { status: 'Success', tables: [] };
    const logs = new RecordingBackend(new LocalLogsBackend(twoHubs), () => empty);
    const tables = { diagnostics: 'IotHubResourceLogs', metrics: 'IotHubMetrics' };
    await diagnose(
      { deviceId: 'east-only', hub: 'hub-east', window },
      { logs, now, hubs: { 'hub-east': { tables } } },
    );
    const openings = logs.batches[0]?.map((q) => q.kql.split('\n')[0]);
    expect(openings?.length).toBeGreaterThan(0);
    expect(new Set(openings)).toEqual(new Set(['IotHubResourceLogs']));
  });

  it('takes late arrivals and the data-status backend from what the backend declares, not from its class', async () => {
    const recent = { start: new Date(now().getTime() - 3_600_000), end: new Date(now().getTime() - 60_000) };
    const local = await diagnose(
      { deviceId: 'east-only', window: recent },
      { logs: new LocalLogsBackend(twoHubs), now },
    );
    expect(local.dataStatus).toMatchObject({ recentWindow: false, backend: 'local' });
    const service = new RecordingBackend(new LocalLogsBackend(twoHubs), undefined, {
      inProcess: false,
      ingestionLatency: true,
    });
    const live = await diagnose({ deviceId: 'east-only', window: recent }, { logs: service, now });
    expect(live.dataStatus).toMatchObject({ recentWindow: true, backend: 'azure' });
    expect(live.findings.map((f) => f.id)).toContain('data.recent-window');
  });

  it('reports a partial result as data status and a data.partial-results finding', async () => {
    const logs = new RecordingBackend(new LocalLogsBackend(twoHubs), (result) =>
      result.status === 'Success'
        ? { ...result, status: 'PartialFailure', partialError: { code: 'Partial', message: 'too much' } }
        : result,
    );
    const diagnosis = await diagnose({ deviceId: 'east-only', window }, { logs, now });
    expect(diagnosis.dataStatus).toMatchObject({ partial: true, partialError: 'too much' });
    expect(diagnosis.findings.map((f) => f.id)).toContain('data.partial-results');
  });

  it('fails with the service error when the device query itself fails', async () => {
    const error = new LogsQueryError('throttled', 'Too many requests; try again in a minute.');
    const logs = new RecordingBackend(new LocalLogsBackend(twoHubs), (result, query) =>
      query.kql.includes('top 5001') && query.kql.includes('deviceId')
        ? { status: 'Failure', error }
        : result,
    );
    await expect(diagnose({ deviceId: 'east-only', window }, { logs, now })).rejects.toBe(error);
  });

  it('says when the device query hit its row cap, and keeps the timeline short and relevant', async () => {
    const rows = Array.from({ length: 5003 }, (_, i) =>
      connectionRow('HUB-EAST', 'chatty', i * 0.1, i % 2 ? 'deviceDisconnect' : 'deviceConnect'),
    );
    const logs = new LocalLogsBackend(engineWith(rows));
    const diagnosis = await diagnose({ deviceId: 'chatty', window }, { logs, now });
    expect(diagnosis.dataStatus.truncated).toEqual(['device-connections']);
    expect(diagnosis.timeline.total).toBe(5000);
    expect(diagnosis.timeline.events.length).toBeLessThanOrEqual(50);
    expect(diagnosis.timeline.order).toBe('relevance');
    expect(diagnosis.findings[0]?.id).toBe('iothub.flapping');
  });

  it('rejects invalid input with user-facing errors before any query runs', async () => {
    const logs = new RecordingBackend(new LocalLogsBackend(twoHubs));
    await expect(diagnose({ deviceId: 'bad id', window }, { logs, now })).rejects.toThrow(
      InvalidIdentifierError,
    );
    await expect(diagnose({ deviceId: 'ok', hub: 'h', window }, { logs, now })).rejects.toThrow(
      InvalidIdentifierError,
    );
    await expect(
      diagnose({ deviceId: 'ok', window: { start: end, end: window.start } }, { logs, now }),
    ).rejects.toThrow(InvalidWindowError);
    expect(logs.batches).toHaveLength(0);
  });

  it('skips the DPS query for a device id that cannot be a registration id, and accepts an apostrophe', async () => {
    const logs = new RecordingBackend(
      new LocalLogsBackend(engineWith([connectionRow('HUB-EAST', "o'neil", 5)])),
    );
    const diagnosis = await diagnose({ deviceId: "o'neil", window }, { logs, now });
    expect(diagnosis.queries.map((q) => q.name)).not.toContain('device-dps');
    expect(diagnosis.verdict.kind).toBe('healthy');
  });
});

/** A record of another IoT Hub category, in the AzureDiagnostics shape log-schema.md describes. */
function categoryRow(
  minute: number,
  category: string,
  operation: string,
  properties: Record<string, unknown>,
  error?: { readonly code: string; readonly name: string },
): Record<string, CellValue> {
  return {
    TimeGenerated: new Date(window.start.getTime() + minute * 60_000),
    ResourceId: '/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/HUB-EAST',
    _ResourceId: '/subscriptions/S/resourcegroups/g/providers/microsoft.devices/iothubs/hub-east',
    ResourceProvider: 'MICROSOFT.DEVICES',
    ResourceType: 'IOTHUBS',
    Resource: 'HUB-EAST',
    Category: category,
    OperationName: operation,
    Level: error ? 'Error' : 'Information',
    ResultType: error?.code ?? null,
    ResultDescription: error?.name ?? null,
    properties_s: JSON.stringify(properties),
    Type: 'AzureDiagnostics',
  };
}

describe('diagnose() beyond Connections', () => {
  const id = 'valve-12';
  const logs = new LocalLogsBackend(
    engineWith([
      connectionRow('HUB-EAST', id, 1),
      categoryRow(
        10,
        'C2DCommands',
        'send',
        { deviceId: id, messageId: 'm-1', protocol: 'Amqp', deliveryCount: '0', statusCode: '403' },
        { code: '403004', name: 'DeviceMaximumQueueDepthExceeded' },
      ),
      categoryRow(
        20,
        'DirectMethods',
        'send',
        { deviceId: id, RequestSize: 1, ResponseSize: 0, sdkVersion: '2021-04-12' },
        { code: '404103', name: 'DeviceNotOnline' },
      ),
      categoryRow(
        30,
        'FileUploadOperations',
        'ingress',
        { deviceId: id, protocol: 'Mqtt', authType: '{"scope":"device","type":"sas"}' },
        { code: '403006', name: 'DeviceMaximumActiveFileUploadLimitExceeded' },
      ),
      categoryRow(
        40,
        'C2DCommands',
        'complete',
        { deviceId: id, messageId: 'm-1', protocol: 'Amqp' },
        { code: '412002', name: 'DeviceMessageLockLost' },
      ),
      // Successes outside Connections are noise; records without a deviceId are not the device's.
      categoryRow(50, 'DirectMethods', 'send', { deviceId: id, RequestSize: 1, ResponseSize: 1 }),
      categoryRow(
        55,
        'TwinQueries',
        'query',
        { query: `SELECT * FROM devices WHERE deviceId = '${id}'` },
        {
          code: '400020',
          name: 'BadRequest',
        },
      ),
      connectionRow('HUB-EAST', id, 60, 'deviceDisconnect', '404104'),
    ]),
  );

  it('puts the device errors of every category that names a device in its timeline, with category, code, operation and name', async () => {
    const diagnosis = await diagnose({ deviceId: id, window }, { logs, now });
    const seen = diagnosis.timeline.events.map((e) => [e.category, e.operation, e.code, e.name, e.level]);
    expect(seen).toEqual([
      ['Connections', 'deviceConnect', '', '', 'Information'],
      ['C2DCommands', 'send', '403004', 'DeviceMaximumQueueDepthExceeded', 'Error'],
      ['DirectMethods', 'send', '404103', 'DeviceNotOnline', 'Error'],
      ['FileUploadOperations', 'ingress', '403006', 'DeviceMaximumActiveFileUploadLimitExceeded', 'Error'],
      ['C2DCommands', 'complete', '412002', 'DeviceMessageLockLost', 'Error'],
      ['Connections', 'deviceDisconnect', '404104', '', 'Error'],
    ]);
    // The SDK comes from the device's connect, never from a service API version in another category.
    expect(diagnosis.timeline.events.map((e) => e.sdk)).toEqual([
      '.NET/1.42.3',
      '',
      '',
      '',
      '',
      '.NET/1.42.3',
    ]);
  });

  it('still asks in one batch, prefiltering by the id before parse_json, and keeps Connections whole', async () => {
    const recording = new RecordingBackend(logs);
    await diagnose({ deviceId: id, window }, { logs: recording, now });
    expect(recording.batches).toHaveLength(1);
    const kql = recording.batches[0]?.[0]?.kql ?? '';
    expect(kql).toContain(
      '| where Category == "Connections"\n    or (Category in ("DeviceTelemetry", "C2DCommands", "C2DTwinOperations", "D2CTwinOperations", "DirectMethods", "FileUploadOperations", "DeviceIdentityOperations", "DeviceStreams") and Level == "Error")',
    );
    expect(kql.indexOf(`properties_s has "${id}"`)).toBeLessThan(kql.indexOf('parse_json'));
  });
});
