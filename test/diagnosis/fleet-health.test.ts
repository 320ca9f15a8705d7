import { fleetHealth, type FleetHealth, type HubHealth } from '../../src/diagnosis';
import { classify, classifyDps } from '../../src/diagnosis/fleet-health';
import { fleetHealthQueries } from '../../src/diagnosis/queries';
import type { LogsBackend, LogsTable } from '../../src/logs/backend';
import { analyzeKql } from '../../src/logs/local/kusto-bridge';
import { demoLogs } from '../support/demo-logs';

const end = new Date('2026-03-02T10:00:00Z');
const window = { start: new Date(end.getTime() - 24 * 3_600_000), end };
const recent = { start: new Date(end.getTime() - 3_600_000), end };

let answer: FleetHealth;
let batches = 0;
beforeAll(async () => {
  const logs = demoLogs(end);
  const counting: LogsBackend = {
    description: logs.description,
    query: (...args) => logs.query(...args),
    queryBatch: (...args) => {
      batches += 1;
      return logs.queryBatch(...args);
    },
  };
  answer = await fleetHealth({ window }, { logs: counting });
});

function onlyHub(): HubHealth {
  const hubs = answer.hubs.filter((hub) => hub.kind === 'iothub');
  expect(hubs).toHaveLength(1);
  const [hub] = hubs;
  if (!hub) throw new Error('no hub');
  return hub;
}

function ids(groups: HubHealth['failing']): string[] {
  return groups.flatMap((group) => group.devices.map((device) => device.deviceId));
}

describe('fleetHealth on the demo fleet (embedded engine)', () => {
  it('asks everything in one batch round trip', () => {
    expect(batches).toBe(1);
    expect(answer.queries.map((query) => query.name)).toEqual([
      'fleet-connection-state',
      'fleet-recent-problems',
      'fleet-disconnect-bins',
      'fleet-recent-dps',
    ]);
  });

  it("carries the logs' coverage from that batch: one day of logs under a week's window", async () => {
    expect(answer.dataStatus.logsCoverage).toBeDefined();
    let weekBatches = 0;
    const logs = demoLogs(end);
    const counting: LogsBackend = {
      description: logs.description,
      query: (...args) => logs.query(...args),
      queryBatch: (...args) => {
        weekBatches += 1;
        return logs.queryBatch(...args);
      },
    };
    const week = { start: new Date(end.getTime() - 7 * 24 * 3_600_000), end };
    const weekAnswer = await fleetHealth({ window: week }, { logs: counting });
    expect(weekBatches).toBe(1);
    const earliest = Date.parse(weekAnswer.dataStatus.logsCoverage?.earliest ?? '');
    expect(Math.abs(earliest - (end.getTime() - 24 * 3_600_000))).toBeLessThan(3_600_000);
    expect(weekAnswer.queries.map((query) => query.name)).not.toContain('data-coverage');
  });

  it('lists freezer-mapo-03 offline since an hour ago, with its cause, and camera-lobby-02', () => {
    const hub = onlyHub();
    const freezer = hub.offline.find((device) => device.deviceId === 'freezer-mapo-03');
    expect(freezer).toMatchObject({ code: '404104', since: '2026-03-02T08:58:00.000Z' });
    expect(hub.offline.map((device) => device.deviceId)).toContain('camera-lobby-02');
    expect(hub.counts.offline).toBe(hub.offline.length);
  });

  it('counts the renewals and clean reconnects only as expected, never as a problem', () => {
    const hub = onlyHub();
    const expected = ids(hub.expected);
    for (const deviceId of ['thermostat-0042', 'meter-gangnam-118', 'node-gw-01']) {
      expect(expected).toContain(deviceId);
      expect(ids(hub.failing)).not.toContain(deviceId);
      expect(hub.offline.map((device) => device.deviceId)).not.toContain(deviceId);
    }
    expect(hub.expected.every((group) => group.severity === 'info')).toBe(true);
  });

  it('orders failing groups worst first and never lists an offline device as failing too', () => {
    const hub = onlyHub();
    const ranks = hub.failing.map((group) =>
      ['info', 'warning', 'error', 'critical'].indexOf(group.severity),
    );
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const offline = new Set(hub.offline.map((device) => device.deviceId));
    expect(ids(hub.failing).filter((id) => offline.has(id))).toEqual([]);
  });

  it('raises the spent daily quota as a hub-wide finding (logger-pohang-21 hits it)', () => {
    expect(onlyHub().fleetFindings.map((finding) => finding.findingId)).toContain(
      'iothub.403002.quota-exceeded',
    );
  });
});

describe('fleet health queries', () => {
  it.each([undefined, 'contoso-fleet-hub'])('parse and bind with zero diagnostics (hub %s)', (hub) => {
    for (const query of fleetHealthQueries({ window, recent, ...(hub ? { hub } : {}) })) {
      expect(analyzeKql(query.kql)).toEqual([]);
    }
  });
});

/** A result table from rows given by column name. */
function table(
  columns: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): LogsTable {
  return {
    name: 'PrimaryResult',
    columns: columns.map((name) => ({ name, type: 'string' })),
    rows: rows.map((row) => [...row]),
  } as LogsTable;
}

const STATE_COLUMNS = [
  'DeviceId',
  'Resource',
  'TimeGenerated',
  'OperationName',
  'ResultType',
  'ResultDescription',
  'Level',
  'LastConnect',
  'LastDisconnect',
  'FirstFailure',
];
const PROBLEM_COLUMNS = [
  'DeviceId',
  'Resource',
  'Category',
  'OperationName',
  'ResultType',
  'Count',
  'FirstSeen',
  'LastSeen',
  'Name',
];
const at = (minutesBeforeEnd: number): string =>
  new Date(end.getTime() - minutesBeforeEnd * 60_000).toISOString();

describe('classify (rows in, sections out)', () => {
  it('does not call a device offline within the settle time: a renewal reconnects in seconds', () => {
    const state = table(STATE_COLUMNS, [
      ['d1', 'HUB', at(0.5), 'deviceDisconnect', '404104', 'closed', 'Error', at(60), at(0.5), at(1)],
      ['d2', 'HUB', at(10), 'deviceDisconnect', '404104', 'closed', 'Error', at(60), at(10), at(10)],
    ]);
    const [hub] = classify(state, undefined, undefined, window, recent);
    expect(hub?.offline.map((device) => device.deviceId)).toEqual(['d2']);
  });

  it('a service upgrade is expected once the device is back, a problem while it is not', () => {
    const state = table(STATE_COLUMNS, [
      ['back', 'HUB', at(5), 'deviceConnect', '', '', 'Information', at(5), at(6), at(6)],
      ['rejected', 'HUB', at(1.5), 'deviceConnect', '400030', 'upgrade', 'Error', at(30), at(1), at(6)],
    ]);
    const problems = table(PROBLEM_COLUMNS, [
      ['back', 'HUB', 'Connections', 'deviceDisconnect', '400029', 1, at(6), at(6), 'upgrade'],
      ['rejected', 'HUB', 'Connections', 'deviceConnect', '400030', 1, at(1.5), at(1.5), 'upgrade'],
    ]);
    const [hub] = classify(state, problems, undefined, window, recent);
    expect(ids(hub?.expected ?? [])).toEqual(['back']);
    expect(ids(hub?.failing ?? [])).toEqual(['rejected']);
  });

  it('a 403001 on any device puts "hub suspended" first', () => {
    const state = table(STATE_COLUMNS, [
      ['x', 'HUB', at(3), 'deviceConnect', '403001', 'suspended', 'Error', null, null, at(30)],
    ]);
    const problems = table(PROBLEM_COLUMNS, [
      ['x', 'HUB', 'Connections', 'deviceConnect', '403001', 4, at(30), at(3), 'IotHubSuspended'],
    ]);
    const [hub] = classify(state, problems, undefined, window, recent);
    expect(hub?.fleetFindings[0]).toMatchObject({ findingId: 'iothub.403001.hub-suspended', deviceCount: 1 });
  });

  it('a mass disconnect in the recent window is a fleet-level finding', () => {
    const bins = table(
      ['Resource', 'BinStart', 'Devices', 'Disconnects'],
      [
        ['HUB', at(20), 40, 40],
        ['HUB', at(600), 1, 1],
      ],
    );
    const state = table(STATE_COLUMNS, [
      ['a', 'HUB', at(1), 'deviceConnect', '', '', 'Information', at(1), at(20), at(20)],
    ]);
    const [hub] = classify(state, undefined, bins, window, recent);
    expect(hub?.fleetFindings.map((finding) => finding.findingId)).toEqual(['fleet.mass-disconnect']);
  });
});

describe('classifyDps (rows in, sections out)', () => {
  const columns = ['RegistrationId', 'Resource', 'Level', 'ResultSignature', 'Count', 'LastSeen', 'Name'];

  it('a 401 the same id then got past is the TPM challenge (expected); one it did not is a failure', () => {
    const rows = table(columns, [
      ['tpm-kiosk', 'DPS', 'Error', '401', 1, at(10), 'TPM nonce challenge'],
      ['tpm-kiosk', 'DPS', 'Information', '', 1, at(9.9), 'Success'],
      ['bad-key', 'DPS', 'Error', '401', 3, at(5), 'Unauthorized'],
      ['bad-key', 'DPS', 'Information', '', 1, at(50), 'Success'],
      ['gone', 'DPS', 'Error', '404', 2, at(4), '404201 enrollment not found'],
    ]);
    const [dps] = classifyDps(rows);
    expect(dps).toMatchObject({ hub: 'DPS', kind: 'dps', counts: { offline: 0, failing: 2, expected: 1 } });
    expect(dps?.expected.map((group) => group.findingId)).toEqual(['dps.401.tpm-challenge']);
    expect(dps?.failing.map((group) => group.findingId).sort()).toEqual([
      'dps.401.unauthorized',
      'dps.404.not-found',
    ]);
  });
});
