import { readConfig, secretValues } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import type { LogsBackend } from '../../src/logs/backend';
import { AZURE_DIAGNOSTICS_TABLES } from '../../src/logs/schema';
import { MemoryStore } from '../../src/storage/memory-store';
import { alertId, logSearchAlert } from '../alerts/payloads';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';

const CANARY = 'canary-webhook-secret-7Hq2Lx9Pz4';

/** A logs backend that fails the way SDKs do: quoting a secret in its error text. */
const leakyLogs: LogsBackend = {
  description: {
    serviceName: 'Log Analytics',
    inProcess: false,
    ingestionLatency: true,
    defaultTarget: { kind: 'workspace', id: '11111111-2222-3333-4444-555555555555' },
    tables: AZURE_DIAGNOSTICS_TABLES,
  },
  query: () => Promise.reject(new Error(`connect failed: https://x.example/?code=${CANARY}&sig=abc`)),
  queryBatch: () => Promise.reject(new Error(`request to https://x.example failed, secret ${CANARY}`)),
};

/*
 * A canary secret, configured as the alert webhook secret, is provoked into errors on every path
 * (turn failures, refused and accepted webhooks, health endpoints) and must appear in no log
 * line, no card, no HTTP body. The logger is the production one (secretValues of the config).
 */
describe('canary secret never reaches logs, cards or HTTP bodies', () => {
  let app: RunningApp;
  let base: string;
  let log: ReturnType<typeof memoryLogger>;
  const seen: string[] = [];

  beforeAll(async () => {
    const config = readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: CANARY }));
    log = memoryLogger(secretValues(config));
    app = await startApp(config, {
      logger: log.logger,
      storage: new MemoryStore(),
      logs: leakyLogs,
      alertPollInMs: 20,
    });
    base = `http://127.0.0.1:${app.port}`;
  });

  afterAll(async () => {
    await app.stop();
  });

  async function record(response: Response): Promise<Response> {
    seen.push(await response.clone().text());
    return response;
  }

  it('a failing question gets a generic error card with a reference, not the error text', async () => {
    const response = await record(
      await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: 'a-1',
          text: 'diagnose sensor-001',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
          locale: 'en-US',
          deliveryMode: 'expectReplies',
          from: { id: 'user-1' },
          recipient: { id: 'bot-1' },
          conversation: { id: 'conversation-1', conversationType: 'personal' },
        }),
      }),
    );
    expect(response.status).toBe(200);
    expect(seen.at(-1)).toMatch(/Reference|Something went wrong|couldn't/);
  });

  it('webhook calls with and without the secret, then an alert whose diagnosis fails', async () => {
    const body = JSON.stringify(logSearchAlert({ id: alertId(31337) }));
    const headers = { 'content-type': 'application/json' };
    expect(
      (await record(await fetch(`${base}/api/alerts?code=${CANARY}x`, { method: 'POST', headers, body })))
        .status,
    ).toBe(403);
    expect(
      (
        await record(
          await fetch(`${base}/api/alerts`, {
            method: 'POST',
            headers: { ...headers, 'x-alert-secret': `${CANARY}-` },
            body,
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await record(await fetch(`${base}/api/alerts?code=${CANARY}`, { method: 'POST', headers, body })))
        .status,
    ).toBe(202);
    await app.alerting.drain();
    await record(await fetch(`${base}/readyz`));
    await record(await fetch(`${base}/healthz`));
  });

  it('left no trace of the canary anywhere', () => {
    expect(log.text().length).toBeGreaterThan(0);
    expect(log.text()).toContain('[REDACTED]'); // the leak was there and was scrubbed
    for (const text of [log.text(), ...seen]) expect(text).not.toContain(CANARY);
  });
});
