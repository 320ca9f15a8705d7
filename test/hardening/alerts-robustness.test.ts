import fc from 'fast-check';
import nock from 'nock';
import { IncidentStore } from '../../src/alerts/incident-store';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/storage/memory-store';
import { alertId, logSearchAlert } from '../alerts/payloads';
import { arbitraryBody, deepJson, everyAnswer, fuzzedRoute, statusIn } from '../support/http-fuzz';
import { memoryLogger } from '../support/memory-log';
import { releaseNockAfterThisFile } from '../support/nock-lifetime';
import { isolatedEnv } from '../support/temp-dir';

releaseNockAfterThisFile();

const SECRET = 'alert-secret-fuzz-0123456789';

async function start(store: MemoryStore): Promise<RunningApp> {
  return startApp(readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: SECRET })), {
    logger: memoryLogger([SECRET]).logger,
    storage: store,
    alertPollInMs: 50,
  });
}

/*
 * /api/alerts under random input, and under load while the app shuts down. Azure Monitor retries
 * 5xx, so a 5xx must mean "not stored, send again", never a crash on a strange body.
 */
describe('fuzz: /api/alerts', () => {
  let app: RunningApp;
  let base: string;
  const route = fuzzedRoute(() => `${base}/api/alerts?code=${SECRET}`);
  const send = (body: string, contentType?: string) => route.send(body, contentType);

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
    app = await start(new MemoryStore());
    base = `http://127.0.0.1:${app.port}`;
  });

  afterAll(async () => {
    await app.stop();
    nock.enableNetConnect();
  });

  /** A valid alert with some fields dropped or replaced by arbitrary JSON, at any depth. */
  const mutatedAlert = fc
    .record({
      n: fc.integer({ min: 1, max: 1_000_000 }),
      path: fc.constantFrom(
        'schemaId',
        'data',
        'data.essentials',
        'data.essentials.alertId',
        'data.essentials.monitorCondition',
        'data.essentials.severity',
        'data.essentials.firedDateTime',
        'data.essentials.alertTargetIDs',
        'data.alertContext',
        'data.alertContext.condition',
        'data.alertContext.condition.allOf',
        'data.customProperties',
      ),
      value: fc.oneof(fc.constant(undefined), fc.jsonValue()),
    })
    .map(({ n, path, value }) => {
      const alert = logSearchAlert({ id: alertId(n) }) as Record<string, unknown>;
      const keys = path.split('.');
      let node: Record<string, unknown> = alert;
      for (const key of keys.slice(0, -1)) {
        const next = node[key];
        if (typeof next !== 'object' || next === null) return alert;
        node = next as Record<string, unknown>;
      }
      const last = keys.at(-1) ?? '';
      if (value === undefined) delete node[last];
      else node[last] = value;
      return alert;
    });

  it('answers mutated alerts with 2xx/4xx', async () => {
    await everyAnswer(
      route,
      mutatedAlert.map((alert) => JSON.stringify(alert)),
      statusIn(200, 500),
      150,
    );
  });

  it('answers arbitrary JSON and broken JSON with 4xx', async () => {
    await everyAnswer(route, arbitraryBody, statusIn(400, 500), 100);
  });

  it('refuses other content types (415), huge bodies (413) and deep JSON (4xx)', async () => {
    expect(await send('<alert/>', 'application/xml')).toBe(415);
    expect(await send('a=b', 'application/x-www-form-urlencoded')).toBe(415);
    const big = JSON.stringify({ ...logSearchAlert({ id: alertId(9) }), padding: 'x'.repeat(300 * 1024) });
    expect(await send(big)).toBe(413);
    expect(await send(JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }))).toBe(413);
    const status = await send(deepJson());
    expect(status >= 400 && status < 500).toBe(true);
  });

  it('refuses without the secret before reading the body', async () => {
    const alert = JSON.stringify(logSearchAlert({}));
    expect(await fuzzedRoute(() => `${base}/api/alerts`).send(alert)).toBe(401);
    expect(await fuzzedRoute(() => `${base}/api/alerts?code=wrong`).send(alert)).toBe(403);
  });

  it('is still healthy, and never answered 5xx', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await send(JSON.stringify(logSearchAlert({ id: alertId(424242) })))).toBe(202);
    expect([...route.statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  });
});

describe('graceful shutdown under alert load', () => {
  it('loses no accepted alert and stores each exactly once, duplicates included', async () => {
    const store = new MemoryStore();
    const app = await start(store);
    const base = `http://127.0.0.1:${app.port}`;
    let answered = 0;
    const alerts = Array.from({ length: 120 }, (_, i) => alertId(7_000_000 + i));
    // Every alert twice (Azure Monitor redelivers), all at once; shutdown starts in the middle.
    const posts = [...alerts, ...alerts].map(async (id) => {
      try {
        const response = await fetch(`${base}/api/alerts?code=${SECRET}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(logSearchAlert({ id })),
        });
        const body = (await response.json()) as { id?: string; duplicate?: boolean };
        answered++;
        return { alert: id, status: response.status, incident: body.id };
      } catch {
        return { alert: id, status: 0, incident: undefined }; // refused connection after close: never accepted
      }
    });
    // Shut down once some alerts have been answered and the rest are still arriving.
    while (answered < 40) await new Promise((resolve) => setTimeout(resolve, 2));
    await app.stop();
    const results = await Promise.all(posts);

    const accepted = results.filter((r) => r.status === 202);
    expect(accepted.length).toBeGreaterThan(0);
    expect(results.every((r) => [0, 202, 503].includes(r.status))).toBe(true);
    const incidents = new IncidentStore(store);
    const acceptedAlerts = new Set(accepted.map((r) => r.alert));
    const incidentIds = new Set<string>();
    for (const alert of acceptedAlerts) {
      const id = await incidents.idForAlert(alert);
      const incident = await incidents.get(id);
      expect(incident?.conditions).toEqual(['Fired']);
      incidentIds.add(id);
    }
    // One incident per accepted alert: none lost, none doubled by the redelivery.
    expect(incidentIds.size).toBe(acceptedAlerts.size);
    for (const r of accepted) expect(r.incident).toBe(await incidents.idForAlert(r.alert));
  });
});
