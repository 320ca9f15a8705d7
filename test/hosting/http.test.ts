import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../src/hosting/server';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { adaptiveCardOf, cardTexts } from '../support/cards';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';

function messageActivity(serviceUrl: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: 'activity-1',
    text,
    channelId: 'msteams',
    serviceUrl,
    locale: 'en-US',
    from: { id: 'user-1', name: 'On-call engineer', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    recipient: { id: 'bot-1', name: 'IoT triage' },
    conversation: { id: 'conversation-1', conversationType: 'personal' },
    ...extra,
  };
}

describe('HTTP: the real restify server on an ephemeral port', () => {
  let app: RunningApp;
  let channel: LoopbackChannel;
  let serviceUrl: string;
  let baseUrl: string;

  beforeEach(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    // An empty engine: these tests are about HTTP, not logs (http-conversation.test.ts asks questions).
    const engine = new LocalLogsEngine({ clock: () => new Date() });
    engine.finishLoading();
    app = await startApp(readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test' })), {
      logger: memoryLogger().logger,
      logs: new LocalLogsBackend(engine),
      // Test mode loads logs on the first question; /readyz should report them loaded here.
      loadLogsAtStart: true,
    });
    baseUrl = `http://127.0.0.1:${app.port}`;
  });

  afterEach(async () => {
    await app.stop();
    await channel.stop();
  });

  it('posts the help card to the channel at serviceUrl', async () => {
    const response = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity(serviceUrl, 'help')),
    });
    expect(response.status).toBe(200);
    await channel.waitForActivities(1);
    const [reply] = channel.received;
    expect(reply?.method).toBe('POST');
    expect(reply?.path).toBe('/v3/conversations/conversation-1/activities/activity-1');
    expect(cardTexts(adaptiveCardOf(reply?.body))[0]).toBe('What I can do');
  });

  it('returns the replies in the HTTP response with deliveryMode expectReplies', async () => {
    const response = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity(serviceUrl, 'help', { deliveryMode: 'expectReplies' })),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: unknown[] };
    expect(body.activities).toHaveLength(1);
    expect(cardTexts(adaptiveCardOf(body.activities[0]))[0]).toBe('What I can do');
    expect(channel.received).toHaveLength(0);
  });

  it('keeps idle connections open longer than the proxies in front of it (no "other side closed" races)', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: expect.arrayContaining([{ name: 'logs', ok: true, detail: 'logs given by the caller' }]),
    });
  });

  it('lets a turn in flight finish on shutdown, then stops accepting', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    channel.respond = () => ({ status: 200, body: { id: 'r1' } });
    const slowChannel = channel.respond;
    channel.respond = (activity) => slowChannel(activity);
    // Delay the channel's answer so the bot's turn is still running when shutdown starts.
    const originalStop = channel.stop.bind(channel);
    const request = fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity(serviceUrl, 'help')),
    });
    await channel.waitForActivities(1);
    release();
    await held;
    const stopped = app.stop();
    expect((await request).status).toBe(200);
    await stopped;
    await expect(fetch(`${baseUrl}/healthz`)).rejects.toThrow();
    channel.stop = originalStop;
    app = { ...app, stop: async () => undefined };
  });
});
