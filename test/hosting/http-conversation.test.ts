import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { adaptiveCardOf, cardTexts } from '../support/cards';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { DEMO_NOW, demoLogs } from '../conversation/demo-logs';
import { GatedLogsBackend } from './gated-logs';
import { ManualScheduler, eventually } from './manual-scheduler';
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

async function post(baseUrl: string, activity: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
}

describe('HTTP: questions through the real restify server', () => {
  let channel: LoopbackChannel;
  let serviceUrl: string;
  let app: RunningApp | undefined;
  let demoDir: string;

  beforeEach(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    demoDir = await mkdtemp(path.join(tmpdir(), 'iot-triage-demo-'));
  });

  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await channel.stop();
    await rm(demoDir, { recursive: true, force: true });
  });

  it('on a fresh start generates the demo data, reports it on /readyz, and finds the token renewal', async () => {
    const log = memoryLogger();
    app = await startApp(readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', DEMO_DATA_DIR: demoDir })), {
      logger: log.logger,
      clock: () => DEMO_NOW,
      loadLogsAtStart: true,
      scheduler: new ManualScheduler(), // no placeholder: this test is about the answer
    });
    const baseUrl = `http://127.0.0.1:${app.port}`;
    // The server listens at once; the demo data loads in the background (a second or two).
    const loading = await fetch(`${baseUrl}/readyz`);
    expect(loading.status).toBe(503);
    const loadingChecks = ((await loading.json()) as { checks: { name: string }[] }).checks;
    expect(loadingChecks.find((c) => c.name === 'logs')).toEqual({
      name: 'logs',
      ok: false,
      detail: 'loading',
    });

    const response = await post(
      baseUrl,
      messageActivity(serviceUrl, 'why did device thermostat-0042 disconnect?', {
        deliveryMode: 'expectReplies',
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: Record<string, unknown>[] };
    const card = body.activities.map(adaptiveCardOf).find((c) => c !== undefined);
    const texts = cardTexts(card).join('\n');
    expect(texts).toContain('thermostat-0042');
    expect(texts.toLowerCase()).toContain('token renewal');

    // The question waited for the load; now /readyz says what was loaded.
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const checks = ((await ready.json()) as { checks: { name: string; detail?: string }[] }).checks;
    expect(checks.find((c) => c.name === 'logs')?.detail).toMatch(
      / rows from demo data ending 2026-03-02T10:30:00.000Z$/,
    );
    expect(log.text()).toContain('Generating the demo data set');

    // Local mode knows the hubs from the loaded logs: a hub they don't name gets a clear answer.
    const unknownHub = await post(
      baseUrl,
      messageActivity(serviceUrl, 'why did thermostat-0042 in hub NOPE-HUB disconnect?', {
        deliveryMode: 'expectReplies',
      }),
    );
    const unknownBody = (await unknownHub.json()) as { activities: Record<string, unknown>[] };
    const errorTexts = cardTexts(unknownBody.activities.map(adaptiveCardOf).find((c) => c !== undefined));
    expect(errorTexts.join('\n')).toContain(
      'IoT hub "NOPE-HUB" has no records in the loaded logs. Hubs in the logs: CONTOSO-FLEET-HUB.',
    );
  }, 120_000); // generating and loading the full demo set on a busy CI machine

  it('posts the placeholder to the channel, then updates that activity with the card (PUT)', async () => {
    const gated = new GatedLogsBackend(demoLogs());
    const scheduler = new ManualScheduler();
    app = await startApp(readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test' })), {
      logger: memoryLogger().logger,
      clock: () => DEMO_NOW,
      logs: gated,
      scheduler,
    });
    const baseUrl = `http://127.0.0.1:${app.port}`;
    const request = post(baseUrl, messageActivity(serviceUrl, 'status pump-station-4'));
    await channel.waitForActivities(1); // the typing indicator
    await eventually(() => scheduler.waiting.includes(3000) && gated.batchesWaiting > 0);
    scheduler.fire(3000);
    await channel.waitForActivities(2);
    const placeholder = channel.received[1];
    expect(placeholder?.method).toBe('POST');
    expect(placeholder?.body['text']).toBe('Looking at the logs for pump-station-4…');
    gated.release();
    expect((await request).status).toBe(200);
    await channel.waitForActivities(3);
    const update = channel.received[2];
    expect(update?.method).toBe('PUT');
    // The loopback channel answered the placeholder (its 2nd request) with id reply-2.
    expect(update?.path).toBe('/v3/conversations/conversation-1/activities/reply-2');
    expect(cardTexts(adaptiveCardOf(update?.body)).join('\n')).toContain('pump-station-4');
  });
});
