import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/run';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], isTTY = false): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    isTTY,
    clock: () => new Date('2026-03-02T10:30:00Z'),
  });
  return { code, stdout, stderr };
}

let dir: string;
let fixture: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-'));
  fixture = path.join(dir, 'rows.jsonl');
  const row = (time: string, deviceId: string, resultType: string | null) =>
    JSON.stringify({
      TimeGenerated: time,
      ResourceType: 'IOTHUBS',
      Resource: 'CONTOSO-FLEET-HUB',
      Category: 'Connections',
      OperationName: 'deviceDisconnect',
      Level: resultType ? 'Error' : 'Information',
      ResultType: resultType,
      DurationMs: '5',
      properties_s: JSON.stringify({ deviceId }),
      Type: 'AzureDiagnostics',
    });
  await writeFile(
    fixture,
    [
      row('2026-03-02T09:00:00Z', 'thermostat-0042', '404104'),
      row('2026-03-02T09:10:00Z', 'chiller-a17', '404104'),
      row('2026-03-02T09:20:00Z', 'thermostat-0042', null),
      'this line is broken',
    ].join('\n'),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('iot-triage kql', () => {
  it('prints an aligned table and reports the load (with the rejected line) on stderr', async () => {
    const result = await cli([
      'kql',
      'AzureDiagnostics | where Level == "Error" | summarize n = count() by ResultType | order by ResultType asc',
      '--logs',
      fixture,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(['ResultType  n', '----------  -', '404104      2', '(1 row)', ''].join('\n'));
    expect(result.stderr).toContain('Loaded 3 rows from 1 file; 1 rejected:');
    expect(result.stderr).toContain(`${fixture}:4: not valid JSON`);
  });

  it('prints JSON with --json, and ago() follows --now', async () => {
    const result = await cli([
      'kql',
      'AzureDiagnostics | where TimeGenerated > ago(45m) | project TimeGenerated, DurationMs',
      '--logs',
      fixture,
      '--now',
      '2026-03-02T10:00:00Z',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { tables: { rows: unknown[][] }[] };
    expect(parsed.tables[0]?.rows).toEqual([['2026-03-02T09:20:00.000Z', 5]]);
  });

  it('shows the parser message and a caret under the position for bad KQL, exit 2', async () => {
    const result = await cli(['kql', 'AzureDiagnostics\n| where NoSuchColumn == 1', '--logs', fixture]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Invalid KQL: .*NoSuchColumn/);
    expect(result.stderr).toContain('at line 2, column 9:\n  | where NoSuchColumn == 1\n          ^');
    expect(result.stdout).toBe('');
  });

  it('exit 2 with a clear message for a missing file, an unknown flag, a bad --now, and no query', async () => {
    const missing = await cli(['kql', 'AzureDiagnostics | take 1', '--logs', path.join(dir, 'nope.json')]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`No such file or folder: ${path.join(dir, 'nope.json')}`),
    });

    const unknown = await cli(['kql', 'AzureDiagnostics', '--log', fixture]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--log'");
    expect(unknown.stderr).toContain('iot-triage kql --help');

    const badNow = await cli(['kql', 'AzureDiagnostics', '--logs', fixture, '--now', 'yesterday']);
    expect(badNow).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--now must be an ISO 8601 date-time'),
    });

    const noQuery = await cli(['kql', '--logs', fixture]);
    expect(noQuery).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Give the query as one argument'),
    });
  });

  it('refuses an export of a projecting query on stderr, naming its missing columns and the query to export', async () => {
    const projecting = path.join(dir, 'projected.csv');
    await writeFile(
      projecting,
      '\uFEFFTimeGenerated [UTC],DeviceId,OperationName\r\n"3/2/2026, 9:00:00.000 AM",thermostat-0042,deviceConnect\r\n',
    );
    const result = await cli(['kql', 'AzureDiagnostics | count', '--logs', projecting]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Loaded 0 rows from 1 file.');
    expect(result.stderr).toContain(
      `${projecting}: not loaded: it has no Category, ResourceType, ResourceProvider, properties_s, Level, ResultType, ResultDescription or Resource column`,
    );
    expect(result.stderr).toContain(
      'AzureDiagnostics | where ResourceProvider in ("MICROSOFT.DEVICES") | where TimeGenerated > ago(1d)',
    );
    const diagnose = await cli(['diagnose', '--device', 'thermostat-0042', '--logs', projecting]);
    expect(diagnose.stderr).toContain(`${projecting}: not loaded: it has no Category, ResourceType`);
  });

  it('draws progress only when stderr is a terminal', async () => {
    const plain = await cli(['kql', 'AzureDiagnostics | count', '--logs', fixture]);
    const terminal = await cli(['kql', 'AzureDiagnostics | count', '--logs', fixture], true);
    expect(plain.stderr).not.toContain('Loading logs…');
    expect(terminal.stderr).toContain('Loading logs… 100%');
  });
});

describe('iot-triage simulate', () => {
  it('writes archive files that kql can then query', async () => {
    const out = path.join(dir, 'sim');
    const written = await cli(['simulate', '--out', out, '--devices', '10', '--days', '1', '--seed', '4']);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(
      /^Wrote [\d,]+ rows in \d+ files to .+ \(archive, 10 healthy devices \+ scenarios, 1 days ending 2026-03-02T10:30:00.000Z\)\.\n$/,
    );
    expect((await readdir(out)).sort()).toEqual([
      'insights-logs-c2dcommands',
      'insights-logs-connections',
      'insights-logs-deviceoperations',
      'insights-logs-devicetelemetry',
      'insights-logs-directmethods',
      'insights-logs-fileuploadoperations',
      'insights-logs-serviceoperations',
      'insights-metrics-pt1m',
    ]);
    const query = await cli([
      'kql',
      'AzureDiagnostics | where properties_s has "chiller-a18" | count',
      '--logs',
      out,
    ]);
    expect(query.stdout).toBe('Count\n-----\n    3\n(1 row)\n');
  });

  it('rejects bad values with exit 2', async () => {
    expect(await cli(['simulate', '--devices', '5'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--out <dir> is required'),
    });
    expect(await cli(['simulate', '--out', dir, '--days', '0'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--days must be a whole number ≥ 1'),
    });
    expect(await cli(['simulate', '--out', dir, '--format', 'xml'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format must be archive or rows'),
    });
  });
});

describe('help and dispatch', () => {
  it('lists the commands on --help and explains each command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/kql\s+run a KQL query/);
    expect(top.stdout).toMatch(/simulate\s+write simulated/);
    expect((await cli(['kql', '--help'])).stdout).toContain('Usage: iot-triage kql');
    expect((await cli(['simulate', '-h'])).stdout).toContain('Usage: iot-triage simulate');
  });

  it('exit 2 for no command or an unknown one', async () => {
    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['diagnoze']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown command 'diagnoze'") });
  });
});
