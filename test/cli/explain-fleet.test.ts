import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeText, explainCode, findingText, listCodes } from '../../src/knowledge/catalog';
import { cli } from './cli-harness';

let dir: string;
let demoDir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-fleet-'));
  demoDir = path.join(dir, 'demo');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('iot-triage explain', () => {
  it('explains 401003 from the catalog and lists the findings that tell its causes apart', async () => {
    const result = await cli(['explain', '401003']);
    expect(result.code).toBe(0);
    const entry = explainCode('401003');
    expect(result.stdout).toContain('IoT Hub 401003 IoTHubUnauthorized');
    expect(result.stdout).toContain(`Meaning: ${entry && codeText(entry, 'en').meaning}`);
    expect(result.stdout).toContain(`(iothub.401003.token-renewal, INFO)`);
    expect(result.stdout).toContain(findingText('iothub.401003.thumbprint-mismatch', 'en').title);
  });

  it.each(listCodes().map((entry) => [entry.source, entry.code] as const))(
    'answers %s %s in both languages without logs',
    async (source, code) => {
      const query = source === 'dps' ? `dps ${code}` : code;
      for (const locale of ['en', 'ko'] as const) {
        const result = await cli(['explain', query, '--locale', locale, '--json']);
        expect(result.code).toBe(0);
        const json = JSON.parse(result.stdout) as {
          code: string;
          source: string;
          meaning: string;
          whatToDo: string;
          findings: { title: string }[];
        };
        expect(json).toMatchObject({ code, source });
        expect(json.meaning.length).toBeGreaterThan(10);
        expect(json.whatToDo.length).toBeGreaterThan(10);
        expect(json.findings.length).toBe(explainCode(query)?.findingIds.length);
      }
    },
  );

  it('prints a finding in full when given its id, in Korean with --locale ko', async () => {
    const result = await cli(['explain', 'iothub.401003.token-renewal', '--locale', 'ko']);
    const ko = findingText('iothub.401003.token-renewal', 'ko');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`[정보] ${ko.title}`);
    expect(result.stdout).toContain(ko.causes[0]);
    expect(result.stdout).toContain('SDK 참고:');
  });

  it.each([
    ['503777', 'iothub.500.transient'],
    ['429009', 'iothub.429001.throttled'],
    ['dps 404203', 'dps.404.not-found'],
    ['dps 503', 'dps.500.internal'],
  ])('explains %s, which has no entry of its own, by the finding of its code family', async (code, id) => {
    const result = await cli(['explain', code]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${code} has no entry of its own`);
    expect(result.stdout).toContain(`(${id}`);
    expect(result.stdout).toContain(findingText(id as 'dps.404.not-found', 'en').fixes[0]);
  });

  it('explains 404103 and 412002 as IoT Hub codes, never with a DPS meaning', async () => {
    for (const code of ['404103', '412002']) {
      const result = await cli(['explain', code]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`IoT Hub ${code}`);
      expect(result.stdout).not.toContain('dps.');
    }
    const family = await cli(['explain', '413777']);
    expect(family.stdout).toContain('IoT Hub 413777 RequestEntityTooLargeErrors');
    expect(family.stdout).toContain('413777 has no entry of its own');
  });

  it('exit 2 for an unknown code (listing the known ones) or none', async () => {
    const unknown = await cli(['explain', '999999']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("No explanation for '999999'. Known codes: 400000, 400001");
    expect((await cli(['explain'])).stderr).toContain('Which code?');
    expect((await cli(['explain', '--help'])).stdout).toContain('Usage: iot-triage explain <code>');
  });
});

/** A fleet command on the demo data with the test clock. */
function demo(command: string, args: string[] = []) {
  return cli([command, ...args, '--demo-dir', demoDir]);
}

describe('iot-triage hub-errors / top-disconnects / dps-errors on the demo data', () => {
  it('hub-errors: the codes of the window with devices affected and the finding that explains each', async () => {
    const result = await demo('hub-errors');
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n');
    expect(rows[0]).toMatch(
      /^Hub +Code +Name +Category +Errors +Devices +Top devices +Last seen \(UTC\) +Finding$/,
    );
    expect(result.stdout).toMatch(
      /CONTOSO-FLEET-HUB +400027 +ConnectionForcefullyClosedOnNewConnection +Connections +20 +1 +forklift-daegu-05 \(20\) /,
    );
    // A renewal's 401003 and 404104 are no errors: the renewals are counted apart, fleet-wide.
    expect(result.stdout).toMatch(
      /^Token renewals \(expected\): [1-9]\d* on 3 devices, counted apart, not as errors\.$/m,
    );
    expect(result.stdout).toContain(findingText('iothub.403012.device-disabled', 'en').title);
    expect(result.stdout).toMatch(/401003 +IoTHubUnauthorized .* iot-triage explain 401003/);
    expect(result.stdout).toContain('  // hub-error-breakdown');

    const json = JSON.parse((await demo('hub-errors', ['--json', '--hub', 'contoso-fleet-hub'])).stdout) as {
      rows: { code: string; findingId?: string; topDevices: { deviceId: string; errors: number }[] }[];
      renewals: { cycles: number; devices: number };
      trend: unknown[];
      queries: { name: string; kql: string }[];
      loadedLogs: { relation: string };
    };
    expect(json.rows.find((row) => row.code === '403002')?.findingId).toBe('iothub.403002.quota-exceeded');
    expect(json.trend.length).toBeGreaterThan(0);
    expect(json.renewals.devices).toBe(3);
    expect(result.stdout).toContain(`Token renewals (expected): ${json.renewals.cycles} on 3 devices`);
    expect(json.rows.every((row) => row.topDevices.length >= 1 && row.topDevices.length <= 3)).toBe(true);
    expect(json.queries[0]?.kql).toContain('| where Resource == "CONTOSO-FLEET-HUB"');
    expect(json.loadedLogs.relation).toBe('covers');
  });

  it('top-disconnects: real drops lead, token renewals are counted apart, --limit caps the list', async () => {
    const result = await demo('top-disconnects', ['--limit', '3', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      rows: { deviceId: string; codes: string[]; disconnects: number; renewals: number }[];
    };
    expect(json.rows).toHaveLength(3);
    // The three renewal devices led this list while a renewal's 401003 and 404104 counted as drops.
    for (const renewing of ['meter-gangnam-118', 'thermostat-0042', 'thermostat-0117']) {
      expect(json.rows.map((row) => row.deviceId)).not.toContain(renewing);
    }
    expect(json.rows.every((row) => row.disconnects > 0 && !row.codes.includes('401003'))).toBe(true);
    const text = await demo('top-disconnects', ['--limit', '2']);
    expect(text.stdout).toMatch(
      /^Device +Hub +Disconnects +Errors +Token renewals \(expected\) +Codes +Last disconnect \(UTC\)$/m,
    );
    expect(text.stdout).toContain(`iot-triage diagnose --device ${json.rows[0]?.deviceId}\n`);
    // The line counts every renewal of the window, beyond the listed devices' (none here).
    expect(text.stdout).toMatch(
      /^Token renewals \(expected\): [1-9]\d* on 3 devices, counted apart, not as disconnects\.$/m,
    );
    expect((await demo('top-disconnects', ['--limit', '0'])).stderr).toContain(
      '--limit must be a whole number ≥ 1',
    );
  });

  it('dps-errors: failures by status and detailed code with their meaning, and the DPS metrics', async () => {
    const result = await demo('dps-errors', ['--locale', 'ko']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/CONTOSO-FLEET-DPS +DeviceOperations +404 +404201 /);
    expect(result.stdout).toMatch(/CONTOSO-FLEET-DPS +ServiceOperations +412 /);
    const enrollment = explainCode('dps 404201');
    expect(result.stdout).toContain(
      `404201 EnrollmentNotFound: ${enrollment && codeText(enrollment, 'ko').meaning}`,
    );
    expect(result.stdout).toContain(findingText('dps.429.throttled', 'ko').title);
    expect(result.stdout).toMatch(/CONTOSO-FLEET-DPS {2}RegistrationAttempts: \d+/);

    const json = JSON.parse((await demo('dps-errors', ['--json'])).stdout) as {
      rows: { status: string; meaning?: string; findingId?: string }[];
      metrics: { totals: { metric: string }[] };
      queries: { name: string }[];
    };
    expect(json.rows.find((row) => row.status === '412')?.findingId).toBe('dps.412.etag-mismatch');
    expect(json.rows.every((row) => row.meaning !== undefined)).toBe(true);
    expect(json.metrics.totals.map((total) => total.metric).sort()).toEqual([
      'AttestationAttempts',
      'DeviceAssignments',
      'RegistrationAttempts',
    ]);
    expect(json.queries.map((query) => query.name)).toEqual(['dps-failures', 'dps-metrics']);
  });

  it('names the resources in the logs when --hub / --dps names another, and rejects bad flags', async () => {
    expect(await demo('hub-errors', ['--hub', 'other-hub'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Hubs in the logs: CONTOSO-FLEET-HUB.'),
    });
    expect(await demo('dps-errors', ['--dps', 'other-dps'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('DPS instances in the logs: CONTOSO-FLEET-DPS.'),
    });
    expect((await demo('hub-errors', ['--dps', 'x'])).stderr).toContain("Unknown option '--dps'");
    expect((await demo('dps-errors', ['--last', 'soon'])).stderr).toContain('--last must be a duration');
  });

  it('says when the window is outside the loaded logs instead of showing an empty fleet', async () => {
    const result = await demo('hub-errors', [
      '--from',
      '2025-01-01T00:00:00Z',
      '--to',
      '2025-01-02T00:00:00Z',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing in this window.');
    expect(result.stdout).toContain('! The loaded logs start after the window: they cover 2026-02-27 10:30');
  });

  it.each(['hub-errors', 'top-disconnects', 'dps-errors'])(
    '%s --help lists the shared flags',
    async (command) => {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: iot-triage ${command}`);
      for (const flag of ['--from', '--last', '--now', '--logs', '--locale', '--json'])
        expect(help.stdout).toContain(flag);
    },
  );
});
