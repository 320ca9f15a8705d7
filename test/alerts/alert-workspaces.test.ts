import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import type {
  BatchQuery,
  LogsBackend,
  LogsTarget,
  QueryOptions,
  QueryTimespan,
} from '../../src/logs/backend';
import { MemoryStore } from '../../src/storage/memory-store';
import { demoLogs } from '../support/demo-logs';
import { memoryLogger } from '../support/memory-log';
import { alertId, logSearchAlert, metricAlert } from './payloads';

const SECRET = 'workspaces-secret-0123456789abcdef';
const NOW = new Date('2026-03-02T10:30:00Z');
const HUB_WORKSPACE = '0a0a0a0a-1111-4111-8111-0a0a0a0a0a0a';
const DPS_WORKSPACE = '0b0b0b0b-2222-4222-8222-0b0b0b0b0b0b';
const OTHER_WORKSPACE = '0c0c0c0c-3333-4333-8333-0c0c0c0c0c0c';

/**
 * The demo logs, recording which target every query names (the embedded engine answers any from
 * its one data set; a Log Analytics backend would send it). Built on the real backend's prototype chain, so whatever
 * else the backend declares stays as it is.
 */
function recordingWorkspaces(inner: LogsBackend): { logs: LogsBackend; asked: (string | undefined)[] } {
  const asked: (string | undefined)[] = [];
  const logs = Object.create(inner) as LogsBackend & {
    query: LogsBackend['query'];
    queryBatch: LogsBackend['queryBatch'];
  };
  logs.query = (target: LogsTarget, kql: string, timespan: QueryTimespan, options?: QueryOptions) => {
    asked.push(target.id);
    return inner.query(target, kql, timespan, options);
  };
  logs.queryBatch = (queries: readonly BatchQuery[], options?: Pick<QueryOptions, 'abortSignal'>) => {
    asked.push(...queries.map((query) => query.target.id));
    return inner.queryBatch(queries, options);
  };
  return { logs, asked };
}

/**
 * With IOT_HUBS spanning several workspaces, an alert is diagnosed in the workspace of the hub or
 * DPS it is about, as the same question typed in chat is.
 */
describe('alert diagnoses use the hub → workspace map', () => {
  let app: RunningApp;
  let recorder: ReturnType<typeof recordingWorkspaces>;

  beforeAll(async () => {
    recorder = recordingWorkspaces(demoLogs(new Date('2026-03-02T10:00:00Z'), NOW));
    const hubs = [
      { name: 'CONTOSO-FLEET-HUB', kind: 'iothub', workspaceId: HUB_WORKSPACE },
      { name: 'CONTOSO-FLEET-DPS', kind: 'dps', workspaceId: DPS_WORKSPACE },
      { name: 'other-hub', kind: 'iothub', workspaceId: OTHER_WORKSPACE },
    ];
    app = await startApp(
      readConfig({
        PORT: '0',
        NODE_ENV: 'test',
        ALERT_WEBHOOK_SECRET: SECRET,
        IOT_HUBS: JSON.stringify(hubs),
      }),
      {
        logger: memoryLogger().logger,
        storage: new MemoryStore(),
        logs: recorder.logs,
        clock: () => NOW,
        alertPollInMs: 25,
      },
    );
  });
  afterAll(async () => app?.stop());

  /** Posts the alert and waits until its incident carries a diagnosis (the running worker makes it). */
  async function postAlert(body: unknown): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${app.port}/api/alerts?code=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    for (let round = 0; round < 2000; round++) {
      const found = await app.alerting.desk.get(id);
      if (found.kind === 'incident' && found.incident.diagnosis) return;
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`incident ${id} was never diagnosed`);
  }

  it('a hub alert without a device asks the hub’s workspace', async () => {
    recorder.asked.length = 0;
    await postAlert(logSearchAlert({ id: alertId('w1') }));
    expect(recorder.asked.length).toBeGreaterThan(0);
    expect(new Set(recorder.asked)).toEqual(new Set([HUB_WORKSPACE]));
  });

  it('a DPS alert asks the DPS’s workspace', async () => {
    recorder.asked.length = 0;
    await postAlert(metricAlert({ id: alertId('w2') }));
    expect(recorder.asked.length).toBeGreaterThan(0);
    expect(new Set(recorder.asked)).toEqual(new Set([DPS_WORKSPACE]));
  });

  it('a device alert on a hub asks that hub’s workspace only', async () => {
    recorder.asked.length = 0;
    await postAlert(logSearchAlert({ id: alertId('w3'), deviceId: 'camera-lobby-02' }));
    expect(recorder.asked.length).toBeGreaterThan(0);
    expect(new Set(recorder.asked)).toEqual(new Set([HUB_WORKSPACE]));
  });
});
