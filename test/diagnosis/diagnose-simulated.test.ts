import { formatSummary, isFindingId } from '../../src/knowledge/catalog';
import type { LogsBackend } from '../../src/logs/backend';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { DEMO_NORMAL_DEVICES, DEMO_SCENARIOS } from '../../src/logs/simulate/scenarios';
import { simulateRecords } from '../../src/logs/simulate/simulate-records';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { Diagnosis } from '../../src/diagnosis/diagnosis';

const end = new Date('2026-03-02T10:00:00Z');
const now = new Date(end.getTime() + 30 * 60_000);
const window = { start: new Date(end.getTime() - 24 * 3_600_000), end };
const DAY_WINDOWS = { start: new Date(end.getTime() - 2 * 24 * 3_600_000), end };

/** A FAKE Log Analytics workspace: a service that ingests late, answering from the embedded engine. */
class FakeLogAnalytics implements LogsBackend {
  readonly description: LogsBackend['description'];
  constructor(private readonly rows: LogsBackend) {
    this.description = {
      ...rows.description,
      serviceName: 'Log Analytics',
      inProcess: false,
      ingestionLatency: true,
    };
  }
  query: LogsBackend['query'] = (...args) => this.rows.query(...args);
  queryBatch: LogsBackend['queryBatch'] = (...args) => this.rows.queryBatch(...args);
}

let backend: LocalLogsBackend;
const deviceIds = new Set<string>();

beforeAll(() => {
  const engine = new LocalLogsEngine({ clock: () => now });
  for (const { table, row } of simulateRecords({ seed: 7, devices: 60, days: 2, end })) {
    engine.appendRow(table, row);
    const properties = row['properties_s'];
    if (row['Category'] === 'Connections' && typeof properties === 'string') {
      deviceIds.add((JSON.parse(properties) as { deviceId: string }).deviceId);
    }
  }
  engine.finishLoading();
  backend = new LocalLogsBackend(engine);
});

function ask(deviceId: string, over = window): Promise<Diagnosis> {
  return diagnose({ deviceId, window: over }, { logs: backend, now: () => now });
}

/** Every finding's params fill its catalog summary, in both languages. */
function expectRenderable(diagnosis: Diagnosis): void {
  for (const finding of diagnosis.findings) {
    expect(() => formatSummary(finding.id, 'en', finding.params)).not.toThrow();
    expect(() => formatSummary(finding.id, 'ko', finding.params)).not.toThrow();
  }
}

describe('diagnose() over the simulator', () => {
  it.each(DEMO_SCENARIOS.map((s) => [s.deviceId, s.findingId] as const))(
    '%s → %s first',
    async (deviceId, findingId) => {
      expect(isFindingId(findingId)).toBe(true);
      const diagnosis = await ask(deviceId);
      expect(diagnosis.findings.map((f) => f.id)[0]).toBe(findingId);
      expect(diagnosis.findings[0]?.evidence.length).toBeGreaterThan(0);
      expect(diagnosis.hub ?? diagnosis.dps).toBeDefined();
      expectRenderable(diagnosis);
      expect(JSON.parse(JSON.stringify(diagnosis))).toEqual(diagnosis);
    },
  );

  it.each(
    DEMO_SCENARIOS.filter((s) => s.findingId !== 'iothub.401003.token-renewal').map(
      (s) => [s.deviceId] as const,
    ),
  )('%s is a problem, not healthy', async (deviceId) => {
    expect((await ask(deviceId)).verdict.kind).toBe('problem');
  });

  it('reports no problem for the TPM kiosk (401 then success is the attestation flow)', async () => {
    for (const normal of DEMO_NORMAL_DEVICES) {
      const diagnosis = await ask(normal.deviceId);
      expect(diagnosis.verdict.kind).toBe('healthy');
      expect(diagnosis.findings.map((f) => f.id)).not.toContain('dps.401.unauthorized');
      expect(diagnosis.findings.map((f) => f.id)).toContain('dps.401.tpm-challenge');
    }
  });

  it('gives a healthy device a healthy verdict with its last connect', async () => {
    const scenarioIds = new Set([...DEMO_SCENARIOS, ...DEMO_NORMAL_DEVICES].map((s) => s.deviceId));
    const healthy = [...deviceIds].filter((id) => !scenarioIds.has(id) && !/^(elevator|tracker)-/.test(id));
    let checked = 0;
    for (const deviceId of healthy.slice(0, 15)) {
      const diagnosis = await ask(deviceId, DAY_WINDOWS);
      if (diagnosis.findings.some((f) => f.id === 'fleet.mass-disconnect')) continue; // a victim of the fleet event
      expect(diagnosis.verdict.kind).toBe('healthy');
      expect(diagnosis.verdict.lastConnect).toMatch(/^2026-0[23]-/);
      expect(diagnosis.findings[0]?.id).toBe('iothub.healthy');
      expectRenderable(diagnosis);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('suggests the real id for an unknown id one character off', async () => {
    const diagnosis = await ask('thermostat-0043');
    expect(diagnosis.verdict.kind).toBe('no-data');
    expect(diagnosis.dataStatus.noData).toBe(true);
    const first = diagnosis.findings[0];
    expect(first?.id).toBe('data.no-device-records');
    expect(first?.facts.suggestedIds).toContain('thermostat-0042');
    expect(diagnosis.queries.map((q) => q.name)).toContain('known-device-ids');
    expectRenderable(diagnosis);
  });

  it('says no diagnostics when the window has no records at all', async () => {
    const empty = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-01-02T00:00:00Z') };
    const diagnosis = await ask('thermostat-0042', empty);
    expect(diagnosis.findings.map((f) => f.id)).toEqual(['data.no-diagnostics']);
    expect(diagnosis.verdict.kind).toBe('no-data');
  });

  it('flags a window that ends within the last minutes of a live workspace, not of loaded files', async () => {
    const recent = { start: new Date(now.getTime() - 3_600_000), end: new Date(now.getTime() - 60_000) };
    const live = await diagnose(
      { deviceId: 'thermostat-0042', window: recent },
      { logs: new FakeLogAnalytics(backend), now: () => now },
    );
    expect(live.dataStatus).toMatchObject({ recentWindow: true, backend: 'azure' });
    expect(live.findings.map((f) => f.id)).toContain('data.recent-window');

    const files = await ask('thermostat-0042', recent);
    expect(files.dataStatus.recentWindow).toBe(false);
    expect(files.findings.map((f) => f.id)).not.toContain('data.recent-window');
  });
});
