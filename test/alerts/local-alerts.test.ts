import { readFileSync } from 'node:fs';
import path from 'node:path';
import { localSecretFile } from '../../src/alerts/local-webhook-secret';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/storage/memory-store';
import { cli } from '../cli/cli-harness';
import { adaptiveCardOf, cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv, tempDir } from '../support/temp-dir';
import { alertId, logSearchAlert } from './payloads';

const NOW = new Date('2026-03-02T10:30:00Z');
const CLI_NOW = NOW.toISOString();

/** `npm start` as a newcomer runs it: development, no secret, the file store in `stateFolder`. */
async function startDevelopment(stateFolder: string, env: Record<string, string> = {}) {
  const log = memoryLogger();
  const app = await startApp(
    readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'development', STORAGE_PATH: stateFolder, ...env })),
    {
      logger: log.logger,
      storage: new MemoryStore(),
      logs: demoLogs(new Date('2026-03-02T10:00:00Z'), NOW),
      loadLogsAtStart: false,
      clock: () => NOW,
      alertPollInMs: 25,
    },
  );
  return { app, log };
}

function conversationOf(serviceUrl: string, conversationId: string) {
  return (overrides: Record<string, unknown>) => ({
    channelId: 'msteams',
    serviceUrl,
    id: `in-${Math.random().toString(16).slice(2)}`,
    from: { id: 'user-1', name: 'Ana Oncall', aadObjectId: 'aad-ana' },
    recipient: { id: 'bot', name: 'Triage' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    ...overrides,
  });
}

async function toBot(app: RunningApp, body: Record<string, unknown>): Promise<Response> {
  return fetch(`http://127.0.0.1:${app.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Asks `read` until `done` holds (the app's own workers do the work in the background). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function textOf(body: Record<string, unknown> | undefined): string {
  const card = body ? adaptiveCardOf(body) : undefined;
  return card ? cardTexts(card).join('\n') : String(body?.['text'] ?? '');
}

describe('alerts tried locally (development, no secret)', () => {
  let channel: LoopbackChannel;
  let serviceUrl: string;
  const running: RunningApp[] = [];

  beforeAll(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
  });
  afterAll(async () => {
    for (const app of running) await app.stop();
    await channel?.stop();
  });

  /** A development app over a fresh state folder, stopped after the tests if a test fails. */
  async function developmentApp(): Promise<{ app: RunningApp; state: string }> {
    const state = path.join(tempDir(), 'state');
    const { app } = await startDevelopment(state);
    running.push(app);
    return { app, state };
  }

  /** Waits for the bot's next activity on the channel, from now on. */
  function activitiesFromNow(): () => Promise<(typeof channel.received)[number] | undefined> {
    let seen = channel.received.length;
    return async () => {
      seen += 1;
      await channel.waitForActivities(seen);
      return channel.received[seen - 1];
    };
  }

  it('generates a secret in the state folder, keeps it across restarts, and POST /api/alerts accepts it', async () => {
    const state = path.join(tempDir(), 'state');
    const first = await startDevelopment(state);
    running.push(first.app);
    const secret = readFileSync(localSecretFile(state), 'utf8').trim();
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
    // The start-up log says where to post, with the secret (once).
    const lines = first.log
      .text()
      .split('\n')
      .filter((line) => line.includes('Alerts (development)'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`http://127.0.0.1:${first.app.port}/api/alerts`);
    expect(lines[0]).toContain(secret);

    const post = (code: string) =>
      fetch(`http://127.0.0.1:${first.app.port}/api/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-alert-secret': code },
        body: JSON.stringify(logSearchAlert({ id: alertId('d1') })),
      });
    expect((await post('not-the-generated-secret')).status).toBe(403);
    const accepted = await post(secret);
    expect(accepted.status).toBe(202);

    await first.app.stop();
    running.pop();
    const second = await startDevelopment(state);
    running.push(second.app);
    expect(readFileSync(localSecretFile(state), 'utf8').trim()).toBe(secret);
    const again = await fetch(`http://127.0.0.1:${second.app.port}/api/alerts?code=${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(logSearchAlert({ id: alertId('d2') })),
    });
    expect(again.status).toBe(202);
    await second.app.stop();
    running.pop();
  });

  it('generates nothing in production or test, or when a secret is set', () => {
    const state = tempDir();
    expect(readConfig({ NODE_ENV: 'test', STORAGE_PATH: state }).alerts.localSecretFolder).toBeUndefined();
    expect(
      readConfig({ NODE_ENV: 'development', STORAGE_PATH: state, ALERT_WEBHOOK_SECRET: 'a'.repeat(24) })
        .alerts,
    ).toEqual({ webhookSecret: 'a'.repeat(24) });
    expect(readConfig({ NODE_ENV: 'development', STORAGE_PATH: state }).alerts.localSecretFolder).toBe(state);
  });

  it('`iot-triage alert --demo` against the running bot puts an incident card in the subscribed conversation', async () => {
    const { app, state } = await developmentApp();
    const activity = conversationOf(serviceUrl, 'conv-cli');
    const before = channel.received.length;
    expect((await toBot(app, activity({ type: 'message', text: 'subscribe alerts' }))).status).toBeLessThan(
      300,
    );
    await channel.waitForActivities(before + 1);

    const run = await cli(
      ['alert', '--demo', '--url', `http://127.0.0.1:${app.port}`, '--state', state, '--severity', 'sev1'],
      CLI_NOW,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Posted a demo alert for pump-station-4 \(Sev1, incident [0-9a-f]{6}\)/);

    await channel.waitForActivities(before + 2);
    const posted = channel.received[before + 1];
    expect(posted?.path).toBe('/v3/conversations/conv-cli/activities');
    const texts = textOf(posted?.body);
    expect(texts).toContain('Sev1 · IoT devices disconnecting');
    expect(texts).toContain('Diagnosis for device pump-station-4');
    await app.stop();
    running.pop();
  });

  it('`alert --demo` says what is wrong without a secret, and with a wrong one', async () => {
    const empty = tempDir();
    const none = await cli(['alert', '--demo', '--state', empty], CLI_NOW);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/alert-webhook-secret\.txt does not exist/);

    const { app } = await developmentApp();
    const wrong = await cli(
      ['alert', '--demo', '--url', `http://127.0.0.1:${app.port}`, '--secret', 'x'.repeat(20)],
      CLI_NOW,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused the secret \(403\)/);
    await app.stop();
    running.pop();
  });

  it('the help card has "Send a demo alert" in development; it posts through the intake, or asks to subscribe first', async () => {
    const { app } = await developmentApp();
    const activity = conversationOf(serviceUrl, 'conv-button');
    const nextActivity = activitiesFromNow();
    const next = async () => (await nextActivity())?.body;
    await toBot(app, activity({ type: 'message', text: 'help' }));
    const help = await next();
    const card = help ? adaptiveCardOf(help) : undefined;
    expect(JSON.stringify(card)).toContain('"data":{"cmd":"demo-alert"}');
    expect(cardTexts(card)).toContain('Send a demo alert');

    const click = () => toBot(app, activity({ type: 'message', value: { cmd: 'demo-alert' } }));
    await click();
    expect(textOf(await next())).toMatch(/not subscribed to alerts.*subscribe alerts/s);
    expect(await app.alerting.desk.open()).toHaveLength(0);

    await toBot(app, activity({ type: 'message', text: 'subscribe alerts' }));
    await next();
    await click();
    expect(textOf(await next())).toMatch(
      /Posted a demo alert \(incident [0-9a-f]{6}\); it arrives in the subscribed conversations in a few seconds\./,
    );
    const incident = textOf(await next());
    expect(incident).toContain('Diagnosis for device pump-station-4');
    await app.stop();
    running.pop();
  });

  it('no "Send a demo alert" outside development', async () => {
    const app = await startApp(
      readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: 'a'.repeat(24) })),
      { logger: memoryLogger().logger, storage: new MemoryStore(), clock: () => NOW },
    );
    running.push(app);
    const activity = conversationOf(serviceUrl, 'conv-test-env');
    const before = channel.received.length;
    await toBot(app, activity({ type: 'message', text: 'help' }));
    await channel.waitForActivities(before + 1);
    const help = channel.received[before]?.body;
    expect(JSON.stringify(help)).not.toContain('demo-alert');
    await toBot(app, activity({ type: 'message', value: { cmd: 'demo-alert' } }));
    await channel.waitForActivities(before + 2);
    expect(textOf(channel.received[before + 1]?.body)).toMatch(
      /only available when the bot runs in development/,
    );
    expect(await app.alerting.desk.open()).toHaveLength(0);
    await app.stop();
    running.pop();
  });

  it('an alert no conversation wanted is recorded as undelivered, listed, and posted on the next subscribe', async () => {
    const { app, state } = await developmentApp();
    const secret = readFileSync(localSecretFile(state), 'utf8').trim();
    const accepted = await fetch(`http://127.0.0.1:${app.port}/api/alerts?code=${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        logSearchAlert({
          id: alertId('u1'),
          deviceId: 'pump-station-4',
          firedAt: '2026-03-02T10:20:00.000Z',
        }),
      ),
    });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    const stored = await until(
      () => app.alerting.desk.get(id),
      (r) => r.kind === 'incident' && r.incident.undelivered !== undefined,
    );
    expect(stored).toMatchObject({
      kind: 'incident',
      incident: { undelivered: { reason: 'no-subscription', at: NOW.toISOString() } },
    });

    const activity = conversationOf(serviceUrl, 'conv-late');
    const next = activitiesFromNow();
    await toBot(app, activity({ type: 'message', text: 'incidents' }));
    expect(textOf((await next())?.body)).toMatch(
      new RegExp(`${id} .*undelivered since 2026-03-02 10:30 UTC: no subscription matched`),
    );

    await toBot(app, activity({ type: 'message', text: 'subscribe alerts' }));
    expect(textOf((await next())?.body)).toMatch(
      /1 incident of the last 24 hours reached no conversation; posting it here now\./,
    );
    const card = await next();
    expect(card?.path).toBe('/v3/conversations/conv-late/activities');
    expect(textOf(card?.body)).toContain('Diagnosis for device pump-station-4');
    const delivered = await until(
      () => app.alerting.desk.get(id),
      (r) => r.kind === 'incident' && r.incident.deliveredAt !== undefined,
    );
    expect(delivered.kind === 'incident' && delivered.incident.undelivered).toBeUndefined();
    expect(delivered.kind === 'incident' && delivered.incident.deliveredAt).toBe(NOW.toISOString());

    await toBot(app, activity({ type: 'message', text: 'incidents' }));
    expect(textOf((await next())?.body)).not.toContain('undelivered');
    await app.stop();
    running.pop();
  });
  it('an alert whose only conversation is gone (Teams answers 403) is recorded as undelivered', async () => {
    const { app, state } = await developmentApp();
    const activity = conversationOf(serviceUrl, 'conv-removed');
    const next = activitiesFromNow();
    await toBot(app, activity({ type: 'message', text: 'subscribe alerts' }));
    await next();
    const normal = channel.respond;
    channel.respond = (received) =>
      received.path.startsWith('/v3/conversations/conv-removed/') && received.method === 'POST'
        ? { status: 403, body: { error: { code: 'BotNotInConversationRoster' } } }
        : normal(received);
    try {
      const secret = readFileSync(localSecretFile(state), 'utf8').trim();
      const accepted = await fetch(`http://127.0.0.1:${app.port}/api/alerts?code=${secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(logSearchAlert({ id: alertId('g1'), deviceId: 'pump-station-4' })),
      });
      const { id } = (await accepted.json()) as { id: string };
      const stored = await until(
        () => app.alerting.desk.get(id),
        (r) => r.kind === 'incident' && r.incident.undelivered !== undefined,
      );
      expect(stored).toMatchObject({ incident: { undelivered: { reason: 'conversation-gone' } } });
    } finally {
      channel.respond = normal;
    }
    await app.stop();
    running.pop();
  });
});
