/**
 * Every file shape people really have (test/fixtures/real-shapes, see its README for the public
 * page each follows) loads into the engine with the right columns and types, and the bot's own
 * queries answer from it. Files that cannot answer are refused with the message the user sees.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LogsTable } from '../../../src/logs/backend';
import { loadLocalLogs } from '../../../src/logs/local/data-source';
import type { LocalLogsEngine } from '../../../src/logs/local/engine';
import { dataPresenceQuery } from '../../../src/diagnosis/queries/data-presence';
import { deviceConnectionsQuery } from '../../../src/diagnosis/queries/device-connections';
import { deviceDpsQuery } from '../../../src/diagnosis/queries/device-dps';
import {
  IOT_HUB_CONNECTION_STATE_EVENTS_COLUMNS,
  IOT_HUB_CONNECTION_STATE_EVENTS_TABLE,
} from '../../../src/logs/schema';
import { FULL_ROWS_QUERY } from '../../../src/logs/local/loaders/column-coverage';
import { describeLoad } from '../../../src/cli/load-progress';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'real-shapes');
const ARCHIVE_FOLDER = path.join(FIXTURES, 'archive-json-lines');
const HUB_ID =
  '/SUBSCRIPTIONS/7C1B4E2A-5F3D-4A8E-9B6C-2D1E0F3A4B5C/RESOURCEGROUPS/RG-IOT-FLEET/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/CONTOSO-FLEET-HUB';
const LA_HUB_ID =
  '/subscriptions/7C1B4E2A-5F3D-4A8E-9B6C-2D1E0F3A4B5C/resourcegroups/rg-iot-fleet/providers/microsoft.devices/iothubs/contoso-fleet-hub';
const WINDOW = { start: new Date('2026-03-02T09:00:00Z'), end: new Date('2026-03-02T11:00:00Z') };
const NOW = () => new Date('2026-03-02T11:00:00Z');

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'real-shapes-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function load(...files: string[]) {
  return loadLocalLogs({ paths: files, demoCacheDir: path.join(scratch, 'no-demo'), clock: NOW });
}

function objects(table: LogsTable | undefined): Record<string, unknown>[] {
  if (!table) throw new Error('no result table');
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, i) => [column.name, row[i]])));
}

function query(engine: LocalLogsEngine, kql: string): Record<string, unknown>[] {
  return objects(engine.query(kql)[0]);
}

/** What the bot asks about one device, answered from the loaded file. */
function expectThermostatStory(engine: LocalLogsEngine): void {
  const connections = query(
    engine,
    deviceConnectionsQuery({ deviceId: 'thermostat-0042', window: WINDOW }).kql,
  );
  expect(
    connections.map((row) => [row['OperationName'], row['ResultType'], row['ResultDescription']]),
  ).toEqual([
    ['deviceConnect', '401003', 'IoTHubUnauthorized'],
    ['deviceDisconnect', '404104', 'DeviceConnectionClosedRemotely'],
    ['deviceConnect', '', ''],
  ]);
  expect(connections[0]).toMatchObject({
    Resource: 'CONTOSO-FLEET-HUB',
    Protocol: 'Mqtt',
    SdkVersion: '.NET/1.42.3 (.NET 8.0.4; Linux; X64)',
    StatusCode: '401',
    ErrorMessage: 'The SAS token has expired.',
  });
  expect(connections[1]?.['TimeGenerated']).toEqual(new Date('2026-03-02T10:15:04.500Z'));
  const dps = query(engine, deviceDpsQuery({ registrationId: 'thermostat-0042', window: WINDOW }).kql);
  expect(dps).toHaveLength(1);
  const presence = query(engine, dataPresenceQuery({ window: WINDOW }).kql);
  expect(presence.map((row) => [row['ResourceType'], row['Resource'], row['Records']]).sort()).toEqual([
    ['IOTHUBS', 'CONTOSO-FLEET-HUB', 4],
    ['PROVISIONINGSERVICES', 'CONTOSO-FLEET-DPS', 1],
  ]);
}

/** The typed columns of the loaded disconnect record, as the engine returns them. */
function disconnectRow(engine: LocalLogsEngine): Record<string, unknown> {
  const [row] = query(
    engine,
    'AzureDiagnostics | where OperationName == "deviceDisconnect" | project TimeGenerated, ResourceId, _ResourceId, ResourceType, ResourceProvider, Resource, Category, Level, ResultType, DurationMs, location_s, properties_s',
  );
  if (!row) throw new Error('the disconnect record did not load');
  return row;
}

/** The disconnect record's columns as every shape must load them; only `_ResourceId` differs by shape. */
function expectedDisconnect(resourceIdAsGiven: string): Record<string, unknown> {
  return {
    TimeGenerated: new Date('2026-03-02T10:15:04.500Z'),
    ResourceId: HUB_ID,
    _ResourceId: resourceIdAsGiven,
    ResourceType: 'IOTHUBS',
    ResourceProvider: 'MICROSOFT.DEVICES',
    Resource: 'CONTOSO-FLEET-HUB',
    Category: 'Connections',
    Level: 'Error',
    ResultType: '404104',
    DurationMs: null,
    location_s: 'koreacentral',
    properties_s: expect.stringContaining('"deviceId":"thermostat-0042"'),
  };
}

describe('diagnostic-settings archives', () => {
  it.each([
    ['JSON Lines (PT1H.json in its blob folder tree)', ARCHIVE_FOLDER],
    ['pretty-printed records one after the other', path.join(FIXTURES, 'archive-pretty-printed.json')],
    ['the older {"records": [...]} wrapper', path.join(FIXTURES, 'archive-records-wrapper.json')],
  ])('%s: rows land with Log Analytics columns and answer the device questions', async (_shape, file) => {
    const { engine, summary } = await load(file);
    expect(summary.load).toMatchObject({ rowsLoaded: 5, rowsRejected: 0, notices: [] });
    // _ResourceId as given: the archive gives it upper-cased.
    expect(disconnectRow(engine)).toEqual(expectedDisconnect(HUB_ID));
    expectThermostatStory(engine);
  });

  it('reads a gzipped archive (.json.gz) the same way', async () => {
    const [plain] = await findPt1h();
    if (!plain) throw new Error('the PT1H.json fixture is missing');
    const gz = path.join(scratch, 'PT1H.json.gz');
    await writeFile(gz, gzipSync(await readFile(plain)));
    const { engine, summary } = await load(gz);
    expect(summary.load).toMatchObject({ rowsLoaded: 5, rowsRejected: 0 });
    expectThermostatStory(engine);
  });
});

async function findPt1h(): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(ARCHIVE_FOLDER, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name === 'PT1H.json') found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}

describe('Log Analytics exports', () => {
  it.each([
    [
      'rows as an array of objects (every value text, location_s only in AdditionalFields)',
      'log-analytics-rows.json',
    ],
    ['the query API response {"tables": [...]} (types from its columns)', 'query-api-response.json'],
    [
      'the portal CSV (BOM, CRLF, "TimeGenerated [UTC]", 3/2/2026, 10:15:04.500 AM)',
      'portal-export-all-columns.csv',
    ],
  ])('%s', async (_shape, name) => {
    const { engine, summary } = await load(path.join(FIXTURES, name));
    expect(summary.load).toMatchObject({ rowsLoaded: 5, rowsRejected: 0, notices: [] });
    // _ResourceId with the casing Log Analytics wrote it in.
    expect(disconnectRow(engine)).toEqual(expectedDisconnect(LA_HUB_ID));
    const [dps] = query(
      engine,
      'AzureDiagnostics | where Category == "DeviceOperations" | project DurationMs, AdditionalFields',
    );
    expect(dps).toEqual({ DurationMs: 38, AdditionalFields: { location_s: 'koreacentral' } });
    expectThermostatStory(engine);
    // `=~` finds the hub whatever casing the id was written in.
    expect(query(engine, `AzureDiagnostics | where _ResourceId =~ "${HUB_ID}" | count`)).toEqual([
      { Count: 4 },
    ]);
  });

  it('refuses the export of a projecting query, naming the missing columns and the query to export instead', async () => {
    const file = path.join(FIXTURES, 'projecting-query-export.csv');
    const { engine, summary } = await load(file);
    expect(summary.load.rowsLoaded).toBe(0);
    expect(summary.load.files).toEqual([expect.objectContaining({ file, refused: true })]);
    const [notice] = summary.load.notices;
    expect(notice).toMatchObject({
      file,
      kind: 'refused',
      missingColumns: ['Category', 'ResourceType', 'ResourceProvider', 'properties_s', 'Level', 'Resource'],
    });
    expect(notice?.message).toBe(
      'not loaded: it has no Category, ResourceType, ResourceProvider, properties_s, Level or Resource column, so no question of the bot can find its rows (an export of a query that projected some columns?). ' +
        `Export full rows instead: run \`${FULL_ROWS_QUERY}\` (widen ago(1d) to the window you need) and export all columns (Export > CSV (all columns)), or save the query API's JSON response.`,
    );
    expect(FULL_ROWS_QUERY).toBe(
      'AzureDiagnostics | where ResourceProvider in ("MICROSOFT.DEVICES") | where TimeGenerated > ago(1d)',
    );
    // The bot's start-up log reads problems; the refusal is one of them (once, at the header line).
    expect(summary.load.problems).toEqual([{ file, line: 1, reason: notice?.message }]);
    const printed = describeLoad(summary);
    expect(printed).toBe(`Loaded 0 rows from 1 file.\n${file}: ${notice?.message}\n`);
    expect(engine.coverage().every((table) => table.rows === 0)).toBe(true);
  });

  it('loads an export without properties_s and says it cannot diagnose single devices', async () => {
    const file = path.join(FIXTURES, 'portal-export-without-properties.csv');
    const { engine, summary } = await load(file);
    expect(summary.load).toMatchObject({ rowsLoaded: 5, rowsRejected: 0, problems: [] });
    expect(summary.load.notices).toEqual([
      {
        file,
        kind: 'partial',
        missingColumns: ['properties_s'],
        message: expect.stringMatching(
          /^loaded, but it has no properties_s column: no per-device diagnosis \(device ids, .*\)\. Export full rows instead/,
        ),
      },
    ]);
    expect(describeLoad(summary)).toContain(`${file}: loaded, but it has no properties_s column`);
    // Hub-level questions still answer: Resource came with the file, DPS rows count by type.
    const presence = query(engine, dataPresenceQuery({ window: WINDOW }).kql);
    expect(presence.map((row) => row['Records']).sort()).toEqual([1, 4]);
  });
});

describe('Event Grid IoT Hub events', () => {
  it(`loads the Event Grid schema into ${IOT_HUB_CONNECTION_STATE_EVENTS_TABLE}, never as empty rows, and refuses telemetry events`, async () => {
    const file = path.join(FIXTURES, 'event-grid-events.json');
    const { engine, summary } = await load(file);
    expect(summary.load.rowsLoaded).toBe(6);
    expect(summary.load.files[0]?.rowsLoaded).toMatchObject({
      IoTHubConnectionStateEvents: 6,
      AzureDiagnostics: 0,
    });
    expect(summary.load.problems).toEqual([
      {
        file,
        line: expect.any(Number),
        reason:
          'Microsoft.Devices.DeviceTelemetry events are device messages, not connection state; they are not loaded',
      },
    ]);
    const columns = engine.query(`${IOT_HUB_CONNECTION_STATE_EVENTS_TABLE} | take 1`)[0]?.columns;
    expect(columns).toEqual(IOT_HUB_CONNECTION_STATE_EVENTS_COLUMNS);
    const story = query(
      engine,
      `${IOT_HUB_CONNECTION_STATE_EVENTS_TABLE} | where DeviceId == "thermostat-0042" | order by SequenceKey asc | project TimeGenerated, EventType, HubName, SequenceNumber, SequenceKey, EventId, _ResourceId`,
    );
    expect(story).toEqual([
      {
        TimeGenerated: new Date('2026-03-02T10:00:01.438Z'),
        EventType: 'Microsoft.Devices.DeviceConnected',
        HubName: 'contoso-fleet-hub',
        SequenceNumber: '000000000000000001D4132452F67CE200000002000000000000000000000001',
        SequenceKey: '000000000000000001D4132452F67CE200000002000000000000000000000001',
        EventId: 'f6bbf8f4-d365-520d-a878-17bf7238ab02',
        _ResourceId: HUB_ID,
      },
      expect.objectContaining({ EventType: 'Microsoft.Devices.DeviceDisconnected' }),
      expect.objectContaining({
        EventType: 'Microsoft.Devices.DeviceConnected',
        SequenceNumber: '000000000000000001D4132452F67CE20000000200000000000000000000000A',
      }),
    ]);
    const module = query(
      engine,
      `${IOT_HUB_CONNECTION_STATE_EVENTS_TABLE} | where ModuleId != "" | project DeviceId, ModuleId`,
    );
    expect(module).toEqual([{ DeviceId: 'edge-gw-01', ModuleId: '$edgeHub' }]);
    const lifecycle = query(
      engine,
      `${IOT_HUB_CONNECTION_STATE_EVENTS_TABLE} | where DeviceId == "thermostat-0099" | order by TimeGenerated asc | project EventType, SequenceNumber`,
    );
    expect(lifecycle).toEqual([
      { EventType: 'Microsoft.Devices.DeviceCreated', SequenceNumber: '' },
      { EventType: 'Microsoft.Devices.DeviceDeleted', SequenceNumber: '' },
    ]);
    // Nothing of it pretends to be a resource log.
    expect(query(engine, 'AzureDiagnostics | count')).toEqual([{ Count: 0 }]);
  });

  it('loads CloudEvents 1.0, as a batch and as one pretty-printed event', async () => {
    const { engine, summary } = await load(
      path.join(FIXTURES, 'cloudevents-batch.json'),
      path.join(FIXTURES, 'cloudevent-single.json'),
    );
    expect(summary.load).toMatchObject({ rowsLoaded: 4, rowsRejected: 0 });
    const rows = query(
      engine,
      `${IOT_HUB_CONNECTION_STATE_EVENTS_TABLE} | summarize Events = count(), Last = max(SequenceKey) by DeviceId | order by DeviceId asc`,
    );
    expect(rows).toEqual([
      {
        DeviceId: 'edge-gw-01',
        Events: 1,
        Last: '000000000000000001D4132452F67CE200000002000000000000000000000001',
      },
      {
        DeviceId: 'thermostat-0042',
        Events: 3,
        Last: '000000000000000001D4132452F67CE20000000200000000000000000000000A',
      },
    ]);
  });
});
