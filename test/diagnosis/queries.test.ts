import { analyzeKql } from '../../src/logs/local/kusto-bridge';
import {
  dataCoverageQuery,
  dataPresenceQuery,
  deviceConnectionStateQuery,
  deviceConnectionsQuery,
  deviceDpsQuery,
  dpsFailuresQuery,
  dpsMetricsQuery,
  hubDisconnectBinsQuery,
  hubErrorBreakdownQuery,
  hubErrorTopDevicesQuery,
  hubErrorTrendQuery,
  knownDeviceIdsQuery,
  logResourcesQuery,
  tokenRenewalsQuery,
  topDisconnectingDevicesQuery,
  type KqlQuery,
} from '../../src/diagnosis/queries';
import {
  AZURE_DIAGNOSTICS_TABLES,
  IOT_HUB_CONNECTION_STATE_EVENTS_TABLE,
  type LogTables,
} from '../../src/logs/schema';

const windows = [
  { start: new Date('2026-03-01T10:00:00Z'), end: new Date('2026-03-02T10:00:00Z') },
  { start: new Date('2026-03-02T09:00:00Z'), end: new Date('2026-03-02T10:00:00Z') },
  { start: new Date('2026-02-01T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') },
];
const deviceIds = ['thermostat-42', "o'brien's-sensor", '(x)', "a;b$c@d=e,f!g?h*i#j%k+l.m:n'", 'A', "'"];
const hubs = [undefined, 'contoso-fleet-hub', 'Hub-2'];

/**
 * Every query the bot can build, over sample ids that include every legal punctuation mark, in the
 * given tables (the builders' default, the Log Analytics tables, when none).
 */
function everyQuery(tables?: LogTables): KqlQuery[] {
  const queries: KqlQuery[] = [];
  const inTables = tables ? { tables } : {};
  for (const window of windows) {
    queries.push(dataPresenceQuery({ window, ...inTables }), logResourcesQuery({ window, ...inTables }));
    for (const hub of hubs) {
      const dps = hub;
      const hubScope = { window, ...inTables, ...(hub ? { hub } : {}) };
      const dpsScope = { window, ...inTables, ...(dps ? { dps } : {}) };
      queries.push(
        dataCoverageQuery({ window, ...inTables, resource: 'iothub', name: hub }),
        dataCoverageQuery({ window, ...inTables, resource: 'dps', name: dps }),
        dataCoverageQuery({ window, ...inTables, resource: 'iothub-or-dps' }),
        hubDisconnectBinsQuery(hubScope),
        knownDeviceIdsQuery(hubScope),
        hubErrorBreakdownQuery(hubScope),
        hubErrorTrendQuery(hubScope),
        hubErrorTopDevicesQuery(hubScope),
        tokenRenewalsQuery(hubScope),
        topDisconnectingDevicesQuery({ ...hubScope, limit: 10 }),
        dpsFailuresQuery(dpsScope),
        dpsMetricsQuery(dpsScope),
      );
      for (const deviceId of deviceIds) queries.push(deviceConnectionsQuery({ ...hubScope, deviceId }));
      for (const registrationId of ['thermostat-42', 'a.b_c:d', 'X']) {
        queries.push(deviceDpsQuery({ ...dpsScope, registrationId }));
      }
    }
  }
  return queries;
}

/** The Event Grid connection-state queries: their table has no provider, type or properties_s. */
function everyConnectionStateQuery(): KqlQuery[] {
  return windows.flatMap((window) =>
    hubs.flatMap((hub) =>
      deviceIds.map((deviceId) =>
        deviceConnectionStateQuery({
          table: IOT_HUB_CONNECTION_STATE_EVENTS_TABLE,
          deviceId,
          window,
          ...(hub ? { hub } : {}),
        }),
      ),
    ),
  );
}

describe('query builders', () => {
  it.each([...everyQuery(), ...everyConnectionStateQuery()].map((q) => [q.name, q] as const))(
    '%s parses and binds with zero diagnostics',
    (_name, query) => {
      expect(analyzeKql(query.kql)).toEqual([]);
    },
  );

  it('filters on time first, then provider and type, and uses a cheap term filter before parse_json', () => {
    const { kql } = deviceConnectionsQuery({
      deviceId: 'thermostat-42',
      hub: 'contoso-fleet-hub',
      window: windows[0]!,
    });
    const lines = kql.split('\n');
    expect(lines[1]).toBe(
      '| where TimeGenerated between (datetime(2026-03-01T10:00:00.000Z) .. datetime(2026-03-02T10:00:00.000Z))',
    );
    expect(lines[2]).toContain('ResourceType == "IOTHUBS"');
    expect(kql.indexOf('properties_s has "thermostat-42"')).toBeGreaterThan(0);
    expect(kql.indexOf('properties_s has')).toBeLessThan(kql.indexOf('parse_json'));
    expect(kql).toContain('| where Resource == "CONTOSO-FLEET-HUB"');
    expect(kql).toContain('| top 5001 by TimeGenerated desc');
  });

  it('reads the tables it is given: no builder names a table itself', () => {
    const tables = { diagnostics: 'IotHubResourceLogs', metrics: 'IotHubMetrics' };
    for (const query of everyQuery(tables)) {
      const table = query.name === 'dps-metrics' ? tables.metrics : tables.diagnostics;
      expect([query.name, query.kql.split('\n')[0]]).toEqual([query.name, table]);
      expect(query.kql).not.toMatch(/AzureDiagnostics|AzureMetrics/);
    }
    expect(everyQuery(AZURE_DIAGNOSTICS_TABLES).map((q) => q.kql)).toEqual(everyQuery().map((q) => q.kql));
  });

  it('opens every query with the shared skeleton: time, then provider and type', () => {
    for (const query of everyQuery()) {
      const [, time, provider] = query.kql.split('\n');
      expect([query.name, time]).toEqual([
        query.name,
        expect.stringMatching(/^\| where TimeGenerated between \(/),
      ]);
      expect([query.name, provider]).toEqual([
        query.name,
        expect.stringMatching(/^\| where ResourceProvider == "MICROSOFT.DEVICES"/),
      ]);
    }
  });

  it("never compares a resource id case-sensitively (_ResourceId keeps the subscription GUID's case)", () => {
    for (const query of everyQuery()) expect(query.kql).not.toMatch(/ResourceId\s*(==|!=|\bin\b|has)/);
  });

  it('falls back to contains when the id does not start and end with a letter or digit', () => {
    expect(deviceConnectionsQuery({ deviceId: '(x)', window: windows[0]! }).kql).toContain(
      'properties_s contains "(x)"',
    );
  });

  it('rejects an invalid device id before building any KQL', () => {
    expect(() => deviceConnectionsQuery({ deviceId: 'a"b', window: windows[0]! })).toThrow(
      /not a valid device id/,
    );
  });
});
