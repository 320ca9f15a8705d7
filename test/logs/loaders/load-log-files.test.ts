import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogPathNotFoundError } from '../../../src/logs/local/loaders/find-log-files';
import { loadLogFiles, type LoadProgress } from '../../../src/logs/local/loaders/load-log-files';
import { CollectingSink } from './collecting-sink';

const HUB_ID =
  '/SUBSCRIPTIONS/7C1B4E2A-5F3D-4A8E-9B6C-2D1E0F3A4B5C/RESOURCEGROUPS/RG-IOT-FLEET/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/CONTOSO-FLEET-HUB';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'loaders-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(relative: string, content: string): Promise<string> {
  const full = path.join(dir, relative);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
  return full;
}

const disconnect = {
  time: '2026-03-02T10:15:04.1234567Z',
  resourceId: HUB_ID,
  operationName: 'deviceDisconnect',
  category: 'Connections',
  level: 'Error',
  resultType: '404104',
  resultDescription: 'DeviceConnectionClosedRemotely',
  properties:
    '{"deviceId":"thermostat-0042","protocol":"Mqtt","authType":null,"maskedIpAddress":"24.9.142.XXX","statusCode":"404","errorMessage":""}',
  location: 'koreacentral',
};

describe('diagnostic-settings archive files', () => {
  it('maps a record per line to AzureDiagnostics columns the way Log Analytics does', async () => {
    const archive = await file(
      'insights-logs-connections/y=2026/m=03/d=02/h=10/m=00/PT1H.json',
      `${JSON.stringify(disconnect)}\n${JSON.stringify({ ...disconnect, properties: { deviceId: 'chiller-a17' }, durationMs: '12', callerIpAddress: '10.0.0.XXX', correlationId: 'c-1', resultSignature: 404 })}\n`,
    );
    const sink = new CollectingSink();
    const summary = await loadLogFiles([dir], sink);

    expect(summary.rowsLoaded).toBe(2);
    expect(summary.rowsRejected).toBe(0);
    expect(summary.files).toEqual([
      {
        file: archive,
        format: 'json',
        rowsLoaded: { AzureDiagnostics: 2, AzureMetrics: 0, IoTHubConnectionStateEvents: 0 },
        rowsRejected: 0,
      },
    ]);
    const [first, second] = sink.of('AzureDiagnostics');
    expect(first).toMatchObject({
      TimeGenerated: new Date('2026-03-02T10:15:04.123Z'),
      ResourceId: HUB_ID,
      // As given: Log Analytics does not fully lower-case it either (compare ids with =~).
      _ResourceId: HUB_ID,
      Resource: 'CONTOSO-FLEET-HUB',
      ResourceType: 'IOTHUBS',
      ResourceProvider: 'MICROSOFT.DEVICES',
      ResourceGroup: 'RG-IOT-FLEET',
      SubscriptionId: '7c1b4e2a-5f3d-4a8e-9b6c-2d1e0f3a4b5c',
      Category: 'Connections',
      OperationName: 'deviceDisconnect',
      Level: 'Error',
      ResultType: '404104',
      ResultDescription: 'DeviceConnectionClosedRemotely',
      properties_s: disconnect.properties,
      location_s: 'koreacentral',
      SourceSystem: 'Azure',
      Type: 'AzureDiagnostics',
      DurationMs: null,
    });
    expect(second).toMatchObject({
      properties_s: '{"deviceId":"chiller-a17"}',
      DurationMs: 12,
      CallerIPAddress: '10.0.0.XXX',
      CorrelationId: 'c-1',
      ResultSignature: '404',
    });
  });

  it('reads the older {"records":[...]} layout, pretty-printed or on one line, and metric records', async () => {
    const metric = {
      time: '2026-03-02T10:15:00Z',
      resourceId: HUB_ID.replace('IOTHUBS/CONTOSO-FLEET-HUB', 'PROVISIONINGSERVICES/CONTOSO-FLEET-DPS'),
      metricName: 'AttestationAttempts',
      total: 7,
      count: 7,
      minimum: 1,
      maximum: 1,
      average: 1,
      timeGrain: 'PT1M',
    };
    await file('a/pretty.json', JSON.stringify({ records: [disconnect, metric] }, null, 2));
    await file('b/one-line.json', JSON.stringify({ records: [disconnect, disconnect] }));
    const sink = new CollectingSink();
    const summary = await loadLogFiles([dir], sink);

    expect(summary.rowsRejected).toBe(0);
    expect(sink.of('AzureDiagnostics')).toHaveLength(3);
    expect(sink.of('AzureMetrics')).toEqual([
      expect.objectContaining({
        MetricName: 'AttestationAttempts',
        Total: 7,
        Count: 7,
        TimeGrain: 'PT1M',
        Resource: 'CONTOSO-FLEET-DPS',
        ResourceProvider: 'MICROSOFT.DEVICES',
        _ResourceId: metric.resourceId,
        Type: 'AzureMetrics',
        TimeGenerated: new Date('2026-03-02T10:15:00Z'),
      }),
    ]);
  });

  it('reports a malformed line with its file and line number and keeps the other lines', async () => {
    const archive = await file(
      'PT1H.json',
      [
        JSON.stringify(disconnect),
        '{"time":"2026-03-02T10:16:00Z", "category": tru',
        '',
        JSON.stringify(disconnect),
        '42',
      ].join('\n'),
    );
    const sink = new CollectingSink();
    const summary = await loadLogFiles([archive], sink);

    expect(summary.rowsLoaded).toBe(2);
    expect(summary.rowsRejected).toBe(2);
    expect(summary.problems).toEqual([
      { file: archive, line: 2, reason: expect.stringContaining('not valid JSON') },
      { file: archive, line: 5, reason: 'expected a JSON object' },
    ]);
  });

  it('rejects records whose values cannot be read as the column type, naming the column', async () => {
    const archive = await file(
      'bad-values.json',
      [
        JSON.stringify({ ...disconnect, time: 'yesterday' }),
        JSON.stringify({ ...disconnect, durationMs: 'fast' }),
        JSON.stringify({ hello: 'world' }),
      ].join('\n'),
    );
    const summary = await loadLogFiles([archive], new CollectingSink());
    expect(summary.problems.map((problem) => [problem.line, problem.reason])).toEqual([
      [1, expect.stringContaining('column TimeGenerated: "yesterday" is not a datetime')],
      [2, 'column DurationMs: "fast" is not a number'],
      [3, expect.stringContaining('neither a Log Analytics row')],
    ]);
  });

  it('reports a truncated JSON document at the line where the unfinished record starts', async () => {
    const truncated = await file(
      'cut.json',
      `{"records": [\n${JSON.stringify(disconnect)},\n{"time": "2026-03-0`,
    );
    const sink = new CollectingSink();
    const summary = await loadLogFiles([truncated], sink);
    expect(sink.rows).toHaveLength(1);
    expect(summary.problems).toEqual([
      { file: truncated, line: 3, reason: expect.stringContaining('unclosed') },
    ]);
  });
});

describe('Log Analytics rows as JSON', () => {
  const row = {
    TenantId: 'a1b2',
    TimeGenerated: '2026-03-02T10:15:04.123Z',
    ResourceId: HUB_ID,
    Category: 'Connections',
    OperationName: 'deviceConnect',
    DurationMs: '250',
    Level: 'Information',
    properties_s: '{"deviceId":"meter-busan-311"}',
    AdditionalFields: '{"extra":1}',
    Type: 'AzureDiagnostics',
    SomeOtherColumn_s: 'ignored',
  };

  it('reads an array of rows and coerces values to the column types', async () => {
    const rows = await file('export.json', JSON.stringify([row, { ...row, DurationMs: 3 }], null, 2));
    const sink = new CollectingSink();
    const summary = await loadLogFiles([rows], sink);
    expect(summary.rowsRejected).toBe(0);
    expect(sink.of('AzureDiagnostics')).toEqual([
      expect.objectContaining({
        TimeGenerated: new Date('2026-03-02T10:15:04.123Z'),
        DurationMs: 250,
        AdditionalFields: { extra: 1 },
        Level: 'Information',
        ResultType: null,
      }),
      expect.objectContaining({ DurationMs: 3 }),
    ]);
    expect(sink.rows[0]?.row).not.toHaveProperty('SomeOtherColumn_s');
  });

  it('decides the table from Type, else from the columns, and rejects tables the bot does not read', async () => {
    const rows = await file(
      'rows.jsonl',
      [
        JSON.stringify({
          TimeGenerated: '2026-03-02T10:00:00Z',
          MetricName: 'DeviceAssignments',
          Total: '4',
        }),
        JSON.stringify({
          TimeGenerated: '2026-03-02T10:00:00Z',
          Category: 'Connections',
          ResourceType: 'IOTHUBS',
        }),
        JSON.stringify({ TimeGenerated: '2026-03-02T10:00:00Z', Type: 'Heartbeat' }),
      ].join('\n'),
    );
    const sink = new CollectingSink();
    const summary = await loadLogFiles([rows], sink);
    expect(sink.rows.map((entry) => entry.table)).toEqual(['AzureMetrics', 'AzureDiagnostics']);
    expect(sink.of('AzureMetrics')[0]).toMatchObject({ Total: 4, Type: 'AzureMetrics' });
    expect(summary.problems).toEqual([
      { file: rows, line: 3, reason: expect.stringContaining('rows of table Heartbeat are not used') },
    ]);
  });
});

describe('CSV exported from the Log Analytics portal', () => {
  it('handles quoted fields with commas, doubled quotes and line breaks, and the [UTC] header suffix', async () => {
    const csv = await file(
      'query_data.csv',
      '\uFEFFTimeGenerated [UTC],Category,OperationName,ResultType,DurationMs,properties_s,ResourceType\r\n' +
        '"3/2/2026, 10:15:04.123 AM",Connections,deviceDisconnect,404104,,"{""deviceId"":""thermostat-0042"",""errorMessage"":""line one\r\nline two""}",IOTHUBS\r\n' +
        '2026-03-02T22:01:00Z,Connections,deviceConnect,,17,"{""deviceId"":""chiller-a17""}",IOTHUBS\r\n',
    );
    const sink = new CollectingSink();
    const summary = await loadLogFiles([csv], sink);
    expect(summary.rowsRejected).toBe(0);
    expect(sink.of('AzureDiagnostics')).toEqual([
      expect.objectContaining({
        TimeGenerated: new Date('2026-03-02T10:15:04.123Z'),
        ResultType: '404104',
        DurationMs: null,
        properties_s: '{"deviceId":"thermostat-0042","errorMessage":"line one\r\nline two"}',
      }),
      expect.objectContaining({
        TimeGenerated: new Date('2026-03-02T22:01:00Z'),
        DurationMs: 17,
        ResultType: '',
      }),
    ]);
  });

  it('reads PM times in the portal format as UTC afternoon', async () => {
    const csv = await file(
      'pm.csv',
      'TimeGenerated [UTC],Category,ResourceType\n"12/31/2025, 11:59:59.5 PM",Connections,IOTHUBS\n"1/1/2026, 12:00:00 AM",X,IOTHUBS\n',
    );
    const sink = new CollectingSink();
    await loadLogFiles([csv], sink);
    expect(sink.rows.map((entry) => (entry.row['TimeGenerated'] as Date).toISOString())).toEqual([
      '2025-12-31T23:59:59.500Z',
      '2026-01-01T00:00:00.000Z',
    ]);
  });

  it('reports rows with the wrong number of fields and unclosed quotes with their line numbers', async () => {
    const csv = await file(
      'broken.csv',
      'TimeGenerated,ResourceType,Category\n2026-03-02T10:00:00Z,IOTHUBS,Connections\n2026-03-02T10:00:01Z\n2026-03-02T10:00:02Z,IOTHUBS,"Connec\ntions\n',
    );
    const sink = new CollectingSink();
    const summary = await loadLogFiles([csv], sink);
    expect(sink.rows).toHaveLength(1);
    expect(summary.problems).toEqual([
      { file: csv, line: 3, reason: 'has 1 fields but the header has 3' },
      { file: csv, line: 4, reason: expect.stringContaining('never closed') },
    ]);
  });
});

describe('files larger than one read chunk', () => {
  it('keeps records intact across chunk boundaries in JSON documents and CSV', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({
      ...disconnect,
      properties: JSON.stringify({ deviceId: `device-${i}`, errorMessage: 'a, "quoted"\nmessage' }),
    }));
    const json = await file('big.json', JSON.stringify(records, null, 2));
    const csvLines = records.map(
      (record) => `${record.time},Connections,IOTHUBS,"${record.properties.replace(/"/g, '""')}"`,
    );
    const csv = await file(
      'big.csv',
      ['TimeGenerated,Category,ResourceType,properties_s', ...csvLines].join('\n'),
    );
    const sink = new CollectingSink();
    const summary = await loadLogFiles([json, csv], sink);
    expect(summary.rowsRejected).toBe(0);
    expect(sink.rows).toHaveLength(6000);
    const deviceIds = sink.rows.map((entry) => JSON.parse(String(entry.row['properties_s'])).deviceId);
    expect(deviceIds.slice(0, 3000)).toEqual(records.map((_, i) => `device-${i}`));
    expect(deviceIds.slice(3000)).toEqual(records.map((_, i) => `device-${i}`));
  });
});

describe('JSON Lines larger than one read chunk', () => {
  it('keeps every line whole and numbered across chunk boundaries, also a line longer than a chunk', async () => {
    // Lines of varying lengths so boundaries fall at every position of a line; one line spans
    // more than two 1 MiB reads; one broken line late in the file must be reported at its number.
    const lines: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const padding = 'x'.repeat((i * 37) % 700);
      const errorMessage = i === 2500 ? 'y'.repeat(2_500_000) : padding;
      lines.push(
        JSON.stringify({
          ...disconnect,
          properties: JSON.stringify({ deviceId: `device-${i}`, errorMessage }),
        }),
      );
    }
    lines[5000] = '{"broken": ';
    const archive = await file('PT1H.json', `${lines.join('\n')}\n`);
    const sink = new CollectingSink();
    const summary = await loadLogFiles([archive], sink);
    expect(summary.rowsRejected).toBe(1);
    expect(summary.problems).toEqual([
      { file: archive, line: 5001, reason: expect.stringContaining('not valid JSON') },
    ]);
    const properties = sink.rows.map(
      (entry) => JSON.parse(String(entry.row['properties_s'])) as { deviceId: string; errorMessage: string },
    );
    expect(properties.map((p) => p.deviceId)).toEqual(
      lines.flatMap((_, i) => (i === 5000 ? [] : [`device-${i}`])),
    );
    expect(properties[2500]?.errorMessage).toHaveLength(2_500_000);
    expect(properties.at(-1)?.errorMessage).toBe('x'.repeat((5999 * 37) % 700));
  });
});

describe('finding files', () => {
  it('fails with the missing path named', async () => {
    const missing = path.join(dir, 'nope');
    await expect(loadLogFiles([missing], new CollectingSink())).rejects.toThrow(LogPathNotFoundError);
    await expect(loadLogFiles([missing], new CollectingSink())).rejects.toThrow(missing);
  });

  it('walks folders recursively in a stable order, ignoring non-log files, and reports progress to the end', async () => {
    await file('z/PT1H.json', JSON.stringify(disconnect));
    await file('a/y=2026/m=03/PT1H.json', JSON.stringify(disconnect));
    await file('a/README.md', '# not logs');
    const progress: LoadProgress[] = [];
    const summary = await loadLogFiles([dir], new CollectingSink(), { onProgress: (p) => progress.push(p) });
    expect(summary.files.map((f) => path.relative(dir, f.file))).toEqual([
      path.join('a', 'y=2026', 'm=03', 'PT1H.json'),
      path.join('z', 'PT1H.json'),
    ]);
    expect(summary.ignoredFiles).toEqual([path.join(dir, 'a', 'README.md')]);
    const last = progress.at(-1);
    expect(last).toMatchObject({ filesDone: 2, filesTotal: 2, rowsLoaded: 2 });
    expect(last?.bytesRead).toBe(last?.bytesTotal);
  });

  it('keeps only the first problems in detail and counts the rest', async () => {
    const bad = await file('bad.jsonl', Array.from({ length: 5 }, () => 'not json').join('\n'));
    const summary = await loadLogFiles([bad], new CollectingSink(), { maxProblems: 2 });
    expect(summary.rowsRejected).toBe(5);
    expect(summary.problems).toHaveLength(2);
    expect(summary.problemsNotShown).toBe(3);
  });
});
