import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findingText, getFinding, isFindingId } from '../../src/knowledge/catalog';
import { DEMO_NORMAL_DEVICES, DEMO_SCENARIOS } from '../../src/logs/simulate/scenarios';
import { cli, connectionRecord } from './cli-harness';

let dir: string;
let demoDir: string;
let twoHubs: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-diagnose-'));
  demoDir = path.join(dir, 'demo');
  twoHubs = path.join(dir, 'two-hubs.jsonl');
  await writeFile(
    twoHubs,
    [
      connectionRecord('2026-03-02T09:00:00Z', 'HUB-EAST', 'shared-id', 'deviceConnect'),
      connectionRecord('2026-03-02T09:10:00Z', 'HUB-WEST', 'shared-id', 'deviceConnect'),
      connectionRecord('2026-03-02T09:20:00Z', 'HUB-WEST', 'shared-id', 'deviceDisconnect', '404104'),
      connectionRecord('2026-03-02T09:25:00Z', 'HUB-EAST', 'east-only', 'deviceConnect'),
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `iot-triage diagnose` on the demo data with the test clock (2026-03-02T10:30Z, no --now). */
function demo(args: string[]) {
  return cli(['diagnose', ...args, '--demo-dir', demoDir]);
}

interface JsonFinding {
  id: string;
  severity: string;
  title: string;
  confidence: number;
  evidence: { time: string; code: string }[];
}
interface JsonDiagnosis {
  request: { deviceId: string; window: { start: string; end: string } };
  findings: JsonFinding[];
  timeline: { time: string }[];
  queries: Record<string, string>[];
  dataStatus: {
    noData: boolean;
    loadedLogs?: { relation: string; earliest?: string; latest?: string };
    timelineTotal: number;
  };
  verdict: { kind: string };
}

async function demoJson(args: string[]): Promise<JsonDiagnosis> {
  const result = await demo([...args, '--json']);
  expect(result.stderr).not.toContain('failed');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as JsonDiagnosis;
}

describe('iot-triage diagnose on the demo data', () => {
  it('finds the token renewal of thermostat-0042 without --now, in the promised JSON shape', async () => {
    const diagnosis = await demoJson(['--device', 'thermostat-0042']);
    expect(Object.keys(diagnosis).slice(0, 5)).toEqual([
      'request',
      'findings',
      'timeline',
      'queries',
      'dataStatus',
    ]);
    expect(diagnosis.request.deviceId).toBe('thermostat-0042');
    expect(diagnosis.request.window).toEqual({
      start: '2026-03-01T10:30:00.000Z',
      end: '2026-03-02T10:30:00.000Z',
    });
    const [top] = diagnosis.findings;
    expect(top).toMatchObject({
      id: 'iothub.401003.token-renewal',
      severity: 'info',
      title: findingText('iothub.401003.token-renewal', 'en').title,
    });
    expect(Object.keys(top ?? {}).slice(0, 5)).toEqual(['id', 'severity', 'title', 'confidence', 'evidence']);
    expect(top?.confidence).toBeGreaterThan(0.9);
    expect(top?.evidence.map((event) => event.code)).toEqual(expect.arrayContaining(['401003', '404104']));
    expect(Array.isArray(diagnosis.timeline)).toBe(true);
    expect(diagnosis.timeline.length).toBeGreaterThan(0);
    expect(diagnosis.queries.map((query) => Object.keys(query))).toEqual(
      diagnosis.queries.map(() => ['name', 'kql']),
    );
    expect(diagnosis.queries.map((query) => query.name)).toEqual([
      'device-connections',
      'device-dps',
      'hub-disconnect-bins',
      'data-presence',
      // The embedded engine has a table for loaded Event Grid events (empty in the demo).
      'device-connection-state',
    ]);
    expect(diagnosis.dataStatus.loadedLogs?.relation).toBe('covers');
    expect(diagnosis.verdict.kind).toBe('healthy');
    // The demo was generated for the clock's hour, once, and reused afterwards.
    expect(await readdir(demoDir)).toEqual(expect.arrayContaining(['archive', 'demo.json']));
  });

  it.each([
    // Scenarios whose evidence is in C2DCommands/DirectMethods/FileUploadOperations wait for the device query to read them.
    ...DEMO_SCENARIOS.filter((s, index) => index % 4 === 1 && s.categories === undefined).map(
      (s) => [s.deviceId, s.findingId] as const,
    ),
    ['elevator-tower-b3', 'fleet.mass-disconnect'] as const,
    ['display-mall-21', 'dps.assigned-not-connected'] as const,
  ])('%s → %s first', async (deviceId, findingId) => {
    const diagnosis = await demoJson(['--device', deviceId]);
    expect(diagnosis.findings[0]?.id).toBe(findingId);
    const benign = isFindingId(findingId) && getFinding(findingId).severity === 'info';
    expect(diagnosis.verdict.kind).toBe(benign ? 'healthy' : 'problem');
  });

  it('prints a readable report: verdict, symptoms / causes / fixes, the SDK note, timeline and KQL', async () => {
    const result = await demo(['--device', 'thermostat-0042']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^thermostat-0042 · hub CONTOSO-FLEET-HUB · window 2026-03-01 10:30 – 2026-03-02 10:30 UTC$/,
    );
    expect(lines[1]).toMatch(/^No problem found \(expected behaviour\): Reconnect for SAS token renewal/);
    expect(result.stdout).toContain('1. [INFO] Reconnect for SAS token renewal');
    for (const heading of [
      'What the logs show:',
      'What it means:',
      'What to do:',
      'Docs: https://learn.microsoft.com/',
    ]) {
      expect(result.stdout).toContain(heading);
    }
    // .NET device: its SDK note only, not the Python one.
    expect(result.stdout).toContain('SDK note: .NET:');
    expect(result.stdout).not.toContain('SDK note: Python');
    expect(result.stdout).toMatch(/Timeline \(20 of \d+ events\)/);
    expect(result.stdout).toMatch(/hub {2}deviceDisconnect +401003 IoTHubUnauthorized/);
    expect(result.stdout).toContain('KQL that ran (paste into Log Analytics):');
    expect(result.stdout).toContain('  // device-connections\n  AzureDiagnostics\n');
    expect(result.stderr).toContain('Loaded ');
  });

  it('writes the report in Korean with --locale ko, catalog text included', async () => {
    const result = await demo(['--device', 'kiosk-gangnam-03', '--locale', 'ko']);
    expect(result.code).toBe(0);
    const ko = findingText('iothub.401003.auth-header-missing', 'ko');
    expect(result.stdout).toContain(`문제 발견: ${ko.title}`);
    expect(result.stdout).toContain(`[오류] ${ko.title}`);
    expect(result.stdout).toContain(ko.fixes[0]);
    expect(result.stdout).toContain('로그에 나타난 증상:');
    expect(result.stdout).not.toContain('What to do:');
    const json = JSON.parse(
      (await demo(['--device', 'kiosk-gangnam-03', '--locale', 'ko', '--json'])).stdout,
    ) as JsonDiagnosis;
    expect(json.findings[0]?.title).toBe(ko.title);
  });

  it('reports no problem for the TPM kiosk and a plain healthy verdict for a quiet healthy device', async () => {
    const [normal] = DEMO_NORMAL_DEVICES;
    const tpm = await demoJson(['--device', normal?.deviceId ?? '']);
    expect(tpm.verdict.kind).toBe('healthy');
    expect(tpm.findings.map((f) => f.id)).not.toContain('dps.401.unauthorized');

    const quiet = await cli([
      'kql',
      'AzureDiagnostics | where Category == "Connections" | extend Device = tostring(parse_json(properties_s).deviceId) ' +
        '| summarize Errors = countif(Level == "Error"), Connects = countif(OperationName == "deviceConnect") by Device ' +
        '| where Errors == 0 and Connects > 0 | order by Device asc | take 1 | project Device',
      '--demo-dir',
      demoDir,
      '--json',
    ]);
    const deviceId =
      (JSON.parse(quiet.stdout) as { tables: { rows: string[][] }[] }).tables[0]?.rows[0]?.[0] ?? '';
    expect(deviceId).not.toBe('');
    const report = await demo(['--device', deviceId, '--last', '3d']);
    expect(report.stdout.split('\n')[1]).toMatch(
      /^No problem found \(last successful connect 2026-03-0\d \d\d:\d\d:\d\d UTC\)$/,
    );
    expect(report.stdout).toContain('[INFO] No problem found');
  });

  it('suggests the nearest known id for an unknown device', async () => {
    const result = await demo(['--device', 'thermostat-0043']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Nothing to go on: /m);
    expect(result.stdout).toContain('Did you mean: thermostat-0042');
  });

  it('accepts the device id as the first argument', async () => {
    const diagnosis = JSON.parse((await demo(['chiller-a17', '--json'])).stdout) as JsonDiagnosis;
    expect(diagnosis.findings[0]?.id).toBe('iothub.404104.closed-remotely');
  });
});

describe('iot-triage diagnose over exported logs', () => {
  it('asks which hub instead of guessing when the device id is in two hubs, and uses --hub', async () => {
    const ambiguous = await cli(['diagnose', '--device', 'shared-id', '--logs', twoHubs]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(
      'Device "shared-id" has records in several IoT hubs: HUB-EAST, HUB-WEST.',
    );
    expect(ambiguous.stderr).toContain('Add --hub <name>, e.g. --hub HUB-EAST');

    const west = await cli([
      'diagnose',
      '--device',
      'shared-id',
      '--hub',
      'hub-west',
      '--logs',
      twoHubs,
      '--json',
    ]);
    expect(west.code).toBe(0);
    const diagnosis = JSON.parse(west.stdout) as JsonDiagnosis & { hub: string };
    expect(diagnosis.hub).toBe('HUB-WEST');
    expect(diagnosis.queries[0]?.['kql']).toContain('| where Resource == "HUB-WEST"');
  });

  it('names the hubs in the logs when --hub names another one', async () => {
    const result = await cli(['diagnose', '--device', 'shared-id', '--hub', 'hub-north', '--logs', twoHubs]);
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'IoT hub "hub-north" has no records in the loaded logs. Hubs in the logs: HUB-EAST, HUB-WEST.',
      ),
    });
  });

  it('says when the loaded logs end before the window, and names the range they cover', async () => {
    const late = await cli(['diagnose', '--device', 'east-only', '--logs', twoHubs], '2026-03-05T12:00:00Z');
    expect(late.code).toBe(0);
    expect(late.stdout).toContain(
      '! The loaded logs end before the window: they cover 2026-03-02 09:00 – 2026-03-02 09:25 UTC, the window is 2026-03-04 12:00 – 2026-03-05 12:00 UTC.',
    );
    expect(late.stdout).toContain('add --now 2026-03-02T09:26:00Z');
    const json = JSON.parse(
      (await cli(['diagnose', '--device', 'east-only', '--logs', twoHubs, '--json'], '2026-03-05T12:00:00Z'))
        .stdout,
    ) as JsonDiagnosis;
    expect(json.dataStatus.loadedLogs).toEqual({
      relation: 'before-window',
      earliest: '2026-03-02T09:00:00.000Z',
      latest: '2026-03-02T09:25:00.000Z',
    });

    const asThen = await cli(
      ['diagnose', '--device', 'east-only', '--logs', twoHubs, '--now', '2026-03-02T09:26:00Z', '--json'],
      '2026-03-05T12:00:00Z',
    );
    expect((JSON.parse(asThen.stdout) as JsonDiagnosis).verdict.kind).toBe('healthy');
  });

  it('takes --from/--to and --last', async () => {
    const fromTo = await cli([
      'diagnose',
      '--device',
      'shared-id',
      '--hub',
      'HUB-WEST',
      '--logs',
      twoHubs,
      '--json',
      '--from',
      '2026-03-02T09:15:00Z',
      '--to',
      '2026-03-02T09:30:00Z',
    ]);
    const diagnosis = JSON.parse(fromTo.stdout) as JsonDiagnosis;
    expect(diagnosis.request.window).toEqual({
      start: '2026-03-02T09:15:00.000Z',
      end: '2026-03-02T09:30:00.000Z',
    });
    expect(diagnosis.timeline).toHaveLength(1);

    const last = await cli([
      'diagnose',
      '--device',
      'east-only',
      '--logs',
      twoHubs,
      '--json',
      '--last',
      '2h',
    ]);
    expect((JSON.parse(last.stdout) as JsonDiagnosis).request.window).toEqual({
      start: '2026-03-02T08:30:00.000Z',
      end: '2026-03-02T10:30:00.000Z',
    });
  });
});

describe('iot-triage diagnose: mistakes get exit 2 and a message that says what to do', () => {
  it.each([
    [
      ['--device', 'bad id'],
      "A device id has 1 to 128 characters: ASCII letters, digits and - : . + % _ # * ? ! ( ) , = @ ; $ '",
    ],
    [['--device', 'ok', '--hub', 'h!'], 'is not a valid IoT hub name'],
    [[], 'Which device? Give --device <id>'],
    [['--device', 'a', 'b'], "Unexpected argument 'b'"],
    [
      ['--device', 'a', '--last', '5x'],
      "--last must be a duration such as 30m, 6h, 24h, 7d or 1d12h (or ISO 8601 like PT6H), got '5x'.",
    ],
    [
      ['--device', 'a', '--last', '2h', '--from', '2026-03-01T00:00:00Z'],
      'Give either --last or --from/--to, not both.',
    ],
    [['--device', 'a', '--to', '2026-03-01T00:00:00Z'], '--to needs --from'],
    [
      ['--device', 'a', '--from', '2026-03-02T00:00:00Z', '--to', '2026-03-01T00:00:00Z'],
      '--from must be before --to',
    ],
    [['--device', 'a', '--from', 'monday'], '--from must be an ISO 8601 date-time'],
    [['--device', 'a', '--locale', 'fr'], "--locale must be one of en, ko, got 'fr'."],
    [['--device', 'a', '--verbose'], "Unknown option '--verbose'"],
  ])('%j → %s', async (args, message) => {
    const result = await cli(['diagnose', ...args, '--logs', twoHubs]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('checks the device id before loading any logs', async () => {
    const result = await cli(['diagnose', '--device', 'a"b', '--demo-dir', path.join(dir, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('Loaded');
    await expect(readdir(path.join(dir, 'never'))).rejects.toThrow();
  });

  it('names a missing log file', async () => {
    const missing = path.join(dir, 'nope.json');
    const result = await cli(['diagnose', '--device', 'a', '--logs', missing]);
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`No such file or folder: ${missing}`),
    });
  });

  it('explains itself with --help', async () => {
    const help = await cli(['diagnose', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: iot-triage diagnose --device <id>');
    for (const flag of ['--hub', '--from', '--last', '--now', '--logs', '--locale', '--json']) {
      expect(help.stdout).toContain(flag);
    }
  });
});
