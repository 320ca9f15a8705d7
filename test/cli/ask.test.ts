import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSimulation } from '../../src/logs/simulate/write-simulation';
import { cli } from './cli-harness';

const NOW = '2026-03-02T10:30:00Z';
let dir: string;
let logs: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ask-'));
  logs = path.join(dir, 'archive');
  await writeSimulation({
    seed: 20260302,
    devices: 20,
    days: 2,
    end: new Date('2026-03-02T10:00:00Z'),
    outDir: logs,
    format: 'archive',
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('iot-triage ask', () => {
  it('answers a device question through the recognizer and handlers, rendered for a terminal', async () => {
    const { code, stdout, stderr } = await cli([
      'ask',
      'why did device thermostat-0042 disconnect?',
      '--logs',
      logs,
      '--now',
      NOW,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('Why thermostat-0042 disconnected');
    expect(stdout).toMatch(/IoT hub:\s+CONTOSO-FLEET-HUB/);
    expect(stdout).toContain('Reconnect for SAS token renewal');
    expect(stdout).toContain('[Diagnose again]');
    expect(stdout).not.toContain('"type"');
    expect(stderr).toContain('Loaded');
  });

  it('speaks Korean and reads days in the given time zone', async () => {
    const { code, stdout } = await cli([
      'ask',
      'thermostat-0042 어제 무슨 일 있었어?',
      '--locale',
      'ko',
      '--time-zone',
      'Asia/Seoul',
      '--logs',
      logs,
      '--now',
      NOW,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('2026-03-01 00:00 – 2026-03-02 00:00 Asia/Seoul (UTC+09:00)');
    expect(stdout).toMatch(/[가-힣]/);
  });

  it('prints the command, the replies and the diagnosis with --json', async () => {
    const { code, stdout } = await cli([
      'ask',
      'what happened to thermostat-0042 yesterday',
      '--logs',
      logs,
      '--now',
      NOW,
      '--json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      command: unknown;
      replies: { card?: { type: string } }[];
      diagnosis: { findings: { id: string }[] };
    };
    expect(json.command).toEqual({
      verb: 'diagnose',
      deviceId: 'thermostat-0042',
      window: { start: '2026-03-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
    });
    expect(json.replies[0]?.card?.type).toBe('AdaptiveCard');
    expect(json.diagnosis.findings[0]?.id).toBe('iothub.401003.token-renewal');
  });

  it('answers explain without loading any logs', async () => {
    const { code, stdout, stderr } = await cli(['ask', 'explain 404104', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ command: { verb: 'explain', code: '404104' } });
    expect(stdout).not.toContain('"diagnosis"');
    expect(stderr).toBe('');
  });

  it('exits 2 with the help card or the id rules when the question is not understood', async () => {
    const nonsense = await cli(['ask', 'make me a sandwich']);
    expect(nonsense.code).toBe(2);
    expect(nonsense.stdout).toContain(`I didn't understand "make me a sandwich"`);
    const invalid = await cli(['ask', 'why did device thermo/stat disconnect?']);
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toContain('"thermo/stat" is not a valid device id');
  });

  it('refuses a bad flag with a usage message', async () => {
    expect((await cli(['ask'])).code).toBe(2);
    const zone = await cli(['ask', 'help', '--time-zone', 'Mars/Olympus']);
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('--time-zone must be an IANA time zone');
  });
});
