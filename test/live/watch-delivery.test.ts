import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel, type ReceivedActivity } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';
import { T0, connectionEvent } from './event-fixtures';

const SECRET = 'events-secret-0123456789abcdef';
const DEVICE = 'pump-station-4';
const CONVERSATION = 'conv-watch';
const logs = demoLogs(new Date(T0 - 60 * 60_000), new Date(T0 + 60 * 60_000));

/**
 * The whole path on the running app: `watch X` typed in a conversation, Event Grid's events on
 * POST /api/events, the watch timer (ticked by hand on an injected clock), the outbox posting
 * the card to a channel server on 127.0.0.1 and updating it in place when X is back online.
 */
describe('watch: Event Grid events become one card per outage, through the outbox', () => {
  let now = new Date(T0);
  const env = isolatedEnv({ PORT: '0', NODE_ENV: 'test', EVENTS_WEBHOOK_SECRET: SECRET });
  const channel = new LoopbackChannel();
  let serviceUrl: string;
  let app: RunningApp;
  let turn = 0;

  const start = (settings: Record<string, string> = {}) =>
    startApp(readConfig({ ...env, ...settings }), {
      logger: memoryLogger([SECRET]).logger,
      logs,
      clock: () => now,
      alertPollInMs: 25,
      // The timer still runs once at start; the test ticks the watches itself after moving the clock.
      watchPollInMs: 60 * 60_000,
    });

  const say = async (text: string, value?: Record<string, unknown>): Promise<string[]> => {
    const before = channel.received.length;
    turn++;
    const response = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `turn-${turn}`,
        ...(value ? { value } : { text }),
        channelId: 'msteams',
        serviceUrl,
        from: { id: 'u1', name: 'Ana', aadObjectId: 'aad-ana' },
        recipient: { id: 'bot' },
        conversation: { id: CONVERSATION, conversationType: 'channel' },
      }),
    });
    expect(response.status).toBeLessThan(300);
    await eventually(() => repliesTo(`turn-${turn}`).length > 0, `the answer to "${text}"`);
    return channel.received
      .slice(before)
      .flatMap((r) => [
        ...(typeof r.body.text === 'string' ? [r.body.text] : []),
        ...((r.body.attachments as { content: unknown }[] | undefined) ?? []).flatMap((a) =>
          cardTexts(a.content),
        ),
      ]);
  };

  const repliesTo = (activityId: string): ReceivedActivity[] =>
    channel.received.filter((r) => r.method === 'POST' && r.path.endsWith(`/activities/${activityId}`));
  const proactivePosts = (): ReceivedActivity[] =>
    channel.received.filter(
      (r) => r.method === 'POST' && r.path === `/v3/conversations/${CONVERSATION}/activities`,
    );
  /** Updates of the first proactive post (the channel answered it with `reply-<its position>`). */
  const updates = (): ReceivedActivity[] => {
    const first = proactivePosts()[0];
    const id = first ? `reply-${channel.received.indexOf(first) + 1}` : '-';
    return channel.received.filter(
      (r) => r.method === 'PUT' && r.path === `/v3/conversations/${CONVERSATION}/activities/${id}`,
    );
  };
  const textOf = (activity: ReceivedActivity | undefined): string =>
    cardTexts((activity?.body.attachments as { content: unknown }[] | undefined)?.[0]?.content).join('\n');

  const postEvents = (events: unknown[]) =>
    fetch(`http://127.0.0.1:${app.port}/api/events?code=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });

  beforeAll(async () => {
    serviceUrl = await channel.start();
    app = await start();
  });
  afterAll(async () => {
    await app?.stop();
    await channel.stop();
  });

  it('posts "dropped" after the grace period, not before, and updates the same card to "back online"', async () => {
    expect((await say(`watch ${DEVICE}`)).join(' ')).toContain(`Watching ${DEVICE}`);

    // Connected at 10:00:00, disconnected at 10:01:00 (n = seconds after T0).
    const delivered = await postEvents([
      connectionEvent({ deviceId: DEVICE, kind: 'DeviceConnected', n: 0 }),
      connectionEvent({ deviceId: DEVICE, kind: 'DeviceDisconnected', n: 60 }),
    ]);
    expect(delivered.status).toBe(200);

    // 90 s down: inside the 2-minute grace period (a SAS token renewal looks like this).
    now = new Date(T0 + 150_000);
    expect(await app.live.tick()).toBe(0);

    // Before the logs know: status answers from Event Grid.
    const status = (await say(`status ${DEVICE}`)).join('\n');
    expect(status).toMatch(/Live: disconnected 2 min ago, as of 10:01:00 from Event Grid/);

    now = new Date(T0 + 60_000 + 150_000);
    expect(await app.live.tick()).toBe(1);
    await eventually(() => proactivePosts().length === 1, 'the dropped card');
    const dropped = textOf(proactivePosts()[0]);
    expect(dropped).toContain(`${DEVICE} dropped`);
    expect(dropped).toContain('Disconnected since 2026-03-02 10:01');
    expect(dropped).toContain('Diagnose');
    expect(dropped).toContain('Mute (unwatch)');
    // Told once: the next tick has nothing new.
    expect(await app.live.tick()).toBe(0);

    // Back at 10:05:00; "back online" once it has held for the grace period.
    expect(
      (await postEvents([connectionEvent({ deviceId: DEVICE, kind: 'DeviceConnected', n: 300 })])).status,
    ).toBe(200);
    now = new Date(T0 + 300_000 + 60_000);
    expect(await app.live.tick()).toBe(0);
    now = new Date(T0 + 300_000 + 130_000);
    expect(await app.live.tick()).toBe(1);
    await eventually(() => updates().length === 1, 'the card updated in place');
    const back = textOf(updates()[0]);
    expect(back).toContain(`${DEVICE} is back online`);
    expect(back).toContain('Back online after 4 min');
    expect(proactivePosts()).toHaveLength(1);
  });

  it('keeps the watch across a restart (store-backed), lists it, and removes it in Korean', async () => {
    await app.stop();
    app = await start();
    expect((await say('watches')).join('\n')).toContain(DEVICE);
    expect((await say('허브 contoso-fleet-hub 감시')).join(' ')).toContain(
      '허브 contoso-fleet-hub의 모든 장치 감시 중',
    );
    expect((await say('감시 목록')).join('\n')).toMatch(/pump-station-4[\s\S]*contoso-fleet-hub/);
    expect((await say(`감시 해제 ${DEVICE}`)).join(' ')).toContain(`${DEVICE} 감시를 해제했어요`);
    expect((await say('unwatch hub contoso-fleet-hub')).join(' ')).toContain('Stopped watching');
    // The card's Mute button (its Action.Submit fallback) is the same command as typing it.
    expect((await say(`${DEVICE} 감시 10분`)).join(' ')).toContain('10분 넘게 연결이 끊기면');
    expect((await say('', { cmd: 'unwatch', deviceId: DEVICE })).join(' ')).toContain(
      `Stopped watching ${DEVICE}`,
    );
    expect((await say('watches')).join(' ')).toContain('watches nothing');
  });

  it('takes its default grace period from WATCH_GRACE_SECONDS, and says it in seconds', async () => {
    await app.stop();
    app = await start({ WATCH_GRACE_SECONDS: '5' });
    const posted = proactivePosts().length;
    expect((await say(`${DEVICE} 감시`)).join(' ')).toContain('5초 넘게 연결이 끊기면');
    // The same watch again, in English: the card that follows is in English.
    expect((await say(`watch ${DEVICE}`)).join(' ')).toContain('disconnected for more than 5 s,');
    expect((await say('watches')).join(' ')).toContain(`${DEVICE} (tells after 5 s disconnected)`);

    // Down at 10:20:00: quiet 4 s later, the card 6 s later.
    expect(
      (await postEvents([connectionEvent({ deviceId: DEVICE, kind: 'DeviceDisconnected', n: 1200 })])).status,
    ).toBe(200);
    now = new Date(T0 + 1_204_000);
    expect(await app.live.tick()).toBe(0);
    now = new Date(T0 + 1_206_000);
    expect(await app.live.tick()).toBe(1);
    await eventually(() => proactivePosts().length === posted + 1, 'the dropped card');
    expect(textOf(proactivePosts()[posted])).toContain(`${DEVICE} dropped`);
  });
});

/** Waits until `check` holds: the outbox works in the background on real sockets. */
async function eventually(check: () => boolean, what: string, timeoutInMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
