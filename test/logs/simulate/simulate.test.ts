import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CellValue } from '../../../src/logs/backend';
import { loadLogFiles } from '../../../src/logs/local/loaders/load-log-files';
import { DEMO_NORMAL_DEVICES, DEMO_SCENARIOS } from '../../../src/logs/simulate/scenarios';
import { simulateRecords, type SimulatedRecord } from '../../../src/logs/simulate/simulate-records';
import { writeSimulation } from '../../../src/logs/simulate/write-simulation';
import { CONTRACT_FINDING_IDS } from '../../knowledge/contract-ids';
import { CollectingSink } from '../loaders/collecting-sink';

/**
 * Findings a demo device cannot show, and why: they are hub-wide by nature, and the demo has one hub
 * whose other devices must stay healthy.
 */
const NOT_SIMULATED: Readonly<Record<string, string>> = {
  'iothub.403001.hub-suspended': 'a suspended hub fails every device of the demo hub',
  'iothub.404012.hub-failing-over': 'a failover fails every device of the demo hub',
};

/** The non-data finding ids of findings.md: every one is something a demo device can show. */
const FINDING_IDS: readonly string[] = CONTRACT_FINDING_IDS.filter(
  (id) => !id.startsWith('data.') && NOT_SIMULATED[id] === undefined,
);

const END = new Date('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;
const records = [...simulateRecords({ seed: 7, devices: 80, days: 3, end: END })];

function properties(row: Readonly<Record<string, CellValue>>): Record<string, unknown> {
  return JSON.parse(String(row['properties_s'])) as Record<string, unknown>;
}
function isFrom(deviceId: string) {
  return (record: SimulatedRecord): boolean =>
    record.table === 'AzureDiagnostics' &&
    properties(record.row)['id' in properties(record.row) ? 'id' : 'deviceId'] === deviceId;
}
function eventsOf(deviceId: string): Readonly<Record<string, CellValue>>[] {
  return records.filter(isFrom(deviceId)).map((record) => record.row);
}
function time(row: Readonly<Record<string, CellValue>>): number {
  return (row['TimeGenerated'] as Date).getTime();
}
function codes(deviceId: string): Set<CellValue> {
  return new Set(eventsOf(deviceId).map((row) => row['ResultType'] ?? null));
}

describe('DEMO_SCENARIOS', () => {
  it('has a scenario device for every finding id of the catalog, and only known ids', () => {
    const shown = new Set(DEMO_SCENARIOS.map((scenario) => scenario.findingId));
    expect(FINDING_IDS.filter((id) => !shown.has(id))).toEqual([]);
    expect([...shown].filter((id) => !FINDING_IDS.includes(id))).toEqual([]);
  });

  it('lists devices that really have records in the simulation', () => {
    for (const scenario of [...DEMO_SCENARIOS, ...DEMO_NORMAL_DEVICES]) {
      expect({ device: scenario.deviceId, records: eventsOf(scenario.deviceId).length > 0 }).toEqual({
        device: scenario.deviceId,
        records: true,
      });
    }
  });
});

describe('scenario records', () => {
  it('token renewal: 401003 then 404104 about a second later then a connect seconds later, hourly, with an MQTT SDK', () => {
    const rows = eventsOf('thermostat-0042');
    const renewals = rows.filter((row) => row['ResultType'] === '401003');
    expect(renewals.length).toBeGreaterThanOrEqual(70);
    for (const renewal of renewals) {
      const index = rows.indexOf(renewal);
      const [closed, reconnect] = [rows[index + 1], rows[index + 2]];
      if (!closed || !reconnect) continue; // the window may end mid-cycle
      expect(closed).toMatchObject({
        ResultType: '404104',
        ResultDescription: 'DeviceConnectionClosedRemotely',
        OperationName: 'deviceDisconnect',
      });
      expect(time(closed) - time(renewal)).toBeGreaterThanOrEqual(500);
      expect(time(closed) - time(renewal)).toBeLessThanOrEqual(2000);
      expect(reconnect).toMatchObject({ OperationName: 'deviceConnect', Level: 'Information' });
      expect(time(reconnect) - time(closed)).toBeLessThanOrEqual(10_000);
      expect(properties(reconnect)).toMatchObject({
        protocol: 'Mqtt',
        sdkVersion: '.NET/1.42.3 (.NET 8.0.6; Ubuntu 22.04.4 LTS; X64)',
      });
    }
    const gaps = renewals.slice(1).map((row, i) => time(row) - time(renewals[i]!));
    expect(Math.min(...gaps)).toBeGreaterThan(0.95 * HOUR);
    expect(Math.max(...gaps)).toBeLessThan(1.1 * HOUR);
  });

  it('401003 sub-causes carry the service message of their finding', () => {
    const messageOf = (deviceId: string): string =>
      String(properties(eventsOf(deviceId).find((row) => row['ResultType'] === '401003')!)['errorMessage']);
    expect(messageOf('kiosk-gangnam-03')).toBe('Authorization header missing');
    expect(messageOf('pump-ulsan-12')).toMatch(
      /^IotHub '.+' does not contain the specified device 'pump-ulsan-12'$/,
    );
    expect(messageOf('edge-gw-incheon-01')).toMatch(
      /^Authorization rule '.+' does not allow access for '.+'$/,
    );
    expect(messageOf('camera-lobby-02')).toBe(
      'Authentication failed for this device, renew token or certificate and reconnect',
    );
    expect(messageOf('door-sensor-b12')).toMatch(
      /^Thumbprint does not match configuration: Thumbprint: SHA1Hash=/,
    );
    expect(messageOf('edge-gw-incheon-02')).toMatch(/^Principal .+ is not authorized for/);
    expect(codes('sensor-jeju-88')).not.toContain('404104');
  });

  it('other hub errors carry their codes and names', () => {
    const pairs = (deviceId: string): string[] =>
      eventsOf(deviceId)
        .filter((row) => row['Level'] === 'Error')
        .map((row) => `${String(row['ResultType'])} ${String(row['ResultDescription'])}`);
    expect(pairs('forklift-daegu-05')).toContain('400027 ConnectionForcefullyClosedOnNewConnection');
    expect(pairs('logger-pohang-21')).toContain('403002 IotHubQuotaExceeded');
    expect(codes('vending-busan-08')).toContain('403012');
    expect(pairs('valve-gwangju-09')).toContain('404001 DeviceNotFound');
    expect(pairs('hvac-ctrl-b2')).toContain('409002 LinkCreationConflict');
    expect(pairs('bulk-uploader-01')).toContain('429001 ThrottlingException');
    expect(pairs('meter-daejeon-144')).toEqual(
      expect.arrayContaining(['500001 ServerError', '503003 PartitionNotFound', '504101 GatewayTimeout']),
    );
    expect(codes('meter-busan-311')).not.toContain('401003');
    expect(
      eventsOf('meter-busan-311').filter((row) => row['ResultType'] === '404104').length,
    ).toBeGreaterThan(60);
  });

  it('mass disconnect: many devices drop within two minutes, inside the last 24 hours', () => {
    const victim = eventsOf('elevator-tower-b3').find((row) => row['Level'] === 'Error')!;
    const at = time(victim);
    expect(END.getTime() - at).toBeLessThan(24 * HOUR);
    const dropped = new Set(
      records
        .filter(
          (r) =>
            r.table === 'AzureDiagnostics' &&
            r.row['Level'] === 'Error' &&
            r.row['Category'] === 'Connections',
        )
        .filter((r) => Math.abs(time(r.row) - at) <= 120_000)
        .map((r) => properties(r.row)['deviceId']),
    );
    expect(dropped.size).toBeGreaterThanOrEqual(20);
  });

  it('DPS scenarios show the right status codes; the TPM device succeeds right after its 401', () => {
    const statuses = (id: string): CellValue[] => eventsOf(id).map((row) => row['ResultSignature'] ?? null);
    expect(statuses('sensor-proto-77')).toEqual(['400', '400', '400']);
    expect(statuses('meter-incheon-552')).toEqual(['403', '403', '403']);
    expect(statuses('datalogger-custom-11')).toEqual(['415', '415', '415', '415']);
    expect(statuses('thermo-lab-031')).toEqual(['405', '405']);
    expect(statuses('pump-daegu-207')).toEqual(['409', '409', '409']);
    expect(statuses('gateway-ulsan-02')).toEqual(['401', '401', '401', '401']);
    expect(statuses('hygrometer-b2-14')).toEqual(['404', '404', '404']);
    expect(
      eventsOf('chiller-a18').map(
        (row) =>
          `${String(row['Category'])} ${String(row['OperationName'])} ${String(row['ResultSignature'])}`,
      ),
    ).toEqual(['ServiceOperations Upsert 412', 'ServiceOperations Get ', 'ServiceOperations Upsert ']);
    expect(statuses('tracker-truck-2207').filter((s) => s !== null)).toEqual(['429', '429', '']);
    expect(statuses('scale-warehouse-06').filter((s) => s !== null)).toEqual(['500', '500', '']);
    expect(eventsOf('display-mall-21').map((row) => row['ResourceType'])).toEqual(['PROVISIONINGSERVICES']);
    const tpm = eventsOf('tpm-kiosk-015');
    expect(tpm.map((row) => row['ResultSignature'])).toEqual(['401', '', null]);
    expect(time(tpm[1]!) - time(tpm[0]!)).toBeLessThan(2000);
    expect(properties(tpm[0]!)).toEqual({ id: 'tpm-kiosk-015', type: 'Registration', protocol: 'Amqp' });
  });

  it('DPS rows have the real shape: ResultType Success/ClientError/Failure, empty texts on success, Http', () => {
    const dps = records.filter(
      (r) => r.row['ResourceType'] === 'PROVISIONINGSERVICES' && r.table === 'AzureDiagnostics',
    );
    expect(new Set(dps.map((r) => r.row['ResultType']))).toEqual(
      new Set(['Success', 'ClientError', 'Failure']),
    );
    for (const { row } of dps.filter((r) => r.row['ResultType'] === 'Success')) {
      expect([row['ResultSignature'], row['ResultDescription'], row['Level']]).toEqual([
        '',
        '',
        'Information',
      ]);
    }
    expect(eventsOf('scale-warehouse-06')[0]).toMatchObject({
      ResultType: 'Failure',
      ResultSignature: '500',
    });
    const protocols = new Set(dps.map((r) => properties(r.row)['protocol']));
    expect(protocols.has('Https')).toBe(false);
    expect(properties(eventsOf('datalogger-custom-11')[0]!)).toMatchObject({ protocol: 'Http' });
  });

  it('second-wave scenarios write the real categories, codes and timing', () => {
    const rows = (id: string): string[] =>
      eventsOf(id)
        .filter((row) => row['Level'] === 'Error')
        .map(
          (row) => `${String(row['Category'])} ${String(row['OperationName'])} ${String(row['ResultType'])}`,
        );
    expect(new Set(rows('signage-hongdae-07'))).toEqual(new Set(['C2DCommands send 403004']));
    expect(new Set(rows('display-gangnam-02'))).toEqual(new Set(['C2DCommands complete 412002']));
    expect(new Set(rows('locker-seongsu-14'))).toEqual(new Set(['DirectMethods send 404103']));
    expect(new Set(rows('dashcam-bus-7016'))).toEqual(new Set(['FileUploadOperations ingress 403006']));
    expect(rows('meter-suwon-77')).toEqual([
      'Connections deviceDisconnect 400029',
      'Connections deviceConnect 400030',
    ]);
    expect(new Set(rows('edge-gw-pangyo-01'))).toEqual(new Set(['Connections deviceConnect 403005']));
    expect(properties(eventsOf('locker-seongsu-14').at(-1)!)).toMatchObject({
      deviceId: 'locker-seongsu-14',
    });

    const node = eventsOf('node-gw-01');
    expect(node.every((row) => row['Level'] === 'Information' && row['ResultType'] === null)).toBe(true);
    const drops = node.filter((row) => row['OperationName'] === 'deviceDisconnect').map(time);
    const gaps = drops.slice(1).map((t, i) => t - drops[i]!);
    expect(Math.min(...gaps)).toBeGreaterThan(44 * 60_000);
    expect(Math.max(...gaps)).toBeLessThan(46 * 60_000);
    expect(properties(node[0]!)['sdkVersion']).toMatch(/^azure-iot-device\//);

    const freezer = eventsOf('freezer-mapo-03');
    expect(freezer.at(-1)).toMatchObject({ OperationName: 'deviceDisconnect', ResultType: '404104' });
    expect(END.getTime() - time(freezer.at(-1)!)).toBeGreaterThan(HOUR);
  });

  it('DPS metrics are exported per minute, and failures show as fewer assignments than attempts', () => {
    const metrics = records.filter((r) => r.table === 'AzureMetrics');
    expect(new Set(metrics.map((r) => r.row['MetricName']))).toEqual(
      new Set(['AttestationAttempts', 'RegistrationAttempts', 'DeviceAssignments']),
    );
    const total = (name: string): number =>
      metrics.filter((r) => r.row['MetricName'] === name).reduce((sum, r) => sum + Number(r.row['Total']), 0);
    expect(total('AttestationAttempts')).toBeGreaterThan(total('DeviceAssignments'));
    expect(
      metrics.every(
        (r) => r.row['TimeGrain'] === 'PT1M' && (r.row['TimeGenerated'] as Date).getUTCSeconds() === 0,
      ),
    ).toBe(true);
  });

  it('every record lies inside the window and each table comes out in time order', () => {
    const start = END.getTime() - 3 * 24 * HOUR;
    const diagnostics = records.filter((r) => r.table === 'AzureDiagnostics').map((r) => time(r.row));
    expect(Math.min(...diagnostics)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...diagnostics)).toBeLessThan(END.getTime());
    expect(diagnostics).toEqual([...diagnostics].sort((a, b) => a - b));
  });
});

describe('determinism and files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'simulate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function bytes(seed: number, name: string): Promise<string> {
    const out = path.join(dir, name);
    const written = await writeSimulation({
      seed,
      devices: 30,
      days: 1,
      end: END,
      outDir: out,
      format: 'rows',
    });
    const contents = await Promise.all(written.files.map((file) => readFile(file, 'utf8')));
    return contents.join('\n--\n');
  }

  it('same seed gives the same bytes; another seed gives different ones', async () => {
    const [a, b, c] = [await bytes(1, 'a'), await bytes(1, 'b'), await bytes(2, 'c')];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('the archive form loads back through the loaders with zero rejections and the same rows', async () => {
    const options = { seed: 3, devices: 40, days: 2, end: END };
    const written = await writeSimulation({ ...options, outDir: dir, format: 'archive' });
    expect(
      written.files.some((file) =>
        /insights-logs-connections\/resourceId=\/SUBSCRIPTIONS\/.+\/IOTHUBS\/CONTOSO-FLEET-HUB\/y=2026\/m=03\/d=0\d\/h=\d\d\/m=00\/PT1H\.json$/.test(
          file,
        ),
      ),
    ).toBe(true);
    const sink = new CollectingSink();
    const summary = await loadLogFiles([dir], sink);
    expect(summary.rowsRejected).toBe(0);
    expect(summary.rowsLoaded).toBe(written.rows);
    // An archive blob carries only resourceId (upper-cased by Azure); the loader keeps it as given
    // for _ResourceId, which Log Analytics itself writes in another casing: the same id either way.
    const key = (row: Readonly<Record<string, CellValue>>): string =>
      JSON.stringify({ ...row, _ResourceId: String(row['_ResourceId'] ?? '').toLowerCase() });
    const expected = [...simulateRecords(options)].map((r) => key(r.row)).sort();
    expect(sink.rows.map((r) => key(r.row)).sort()).toEqual(expected);
  });

  it('the rows form loads back too', async () => {
    const written = await writeSimulation({
      seed: 3,
      devices: 10,
      days: 1,
      end: END,
      outDir: dir,
      format: 'rows',
    });
    expect(written.files.map((file) => path.basename(file)).sort()).toEqual([
      'AzureDiagnostics.jsonl',
      'AzureMetrics.jsonl',
    ]);
    const summary = await loadLogFiles([dir], new CollectingSink());
    expect(summary).toMatchObject({ rowsLoaded: written.rows, rowsRejected: 0 });
  });
});
