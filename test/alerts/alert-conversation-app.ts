/**
 * The whole app on the demo logs with a loopback Teams channel, for tests of the alert flow as
 * people see it: turns answered inline (deliveryMode expectReplies), alerts posted to the real
 * webhook, and the proactive cards the channel received. Call inside a `describe`: it registers
 * the start and stop hooks of that block.
 */
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/storage/memory-store';
import { cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel, type ReceivedActivity } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';
import { alertId, logSearchAlert } from './payloads';

export const NOW = new Date('2026-03-02T10:30:00Z');

export const MINJI = { id: 'u-minji', name: 'Minji Kim', aadObjectId: 'aad-minji' };
export const BEN = { id: 'u-ben', name: 'Ben Builder', aadObjectId: 'aad-ben' };
export type Person = typeof MINJI;

export interface Reply {
  type: string;
  text?: string;
  attachments?: { content: unknown }[];
  value?: { body?: { type?: string; value?: unknown } };
}

export interface AlertConversationApp {
  readonly channel: LoopbackChannel;
  readonly store: MemoryStore;
  /** The running app (set once the block's beforeAll ran). */
  app(): RunningApp;
  turn(conversation: string, from: Person, locale: string, body: Record<string, unknown>): Promise<Reply[]>;
  say(conversation: string, from: Person, locale: string, text: string): Promise<string>;
  textOf(replies: Reply[]): string;
  cardOf(activity: ReceivedActivity | undefined): string;
  postsTo(conversation: string): ReceivedActivity[];
  eventually(check: () => boolean, what: string, timeoutInMs?: number): Promise<void>;
  /** Fires an alert about camera-lobby-02 and waits for its card in `conversation`; the incident id. */
  fireAlert(id: string, conversation: string): Promise<string>;
}

export function alertConversationApp(secret: string): AlertConversationApp {
  const channel = new LoopbackChannel();
  const store = new MemoryStore();
  let serviceUrl = '';
  let running: RunningApp | undefined;
  let base = '';

  beforeAll(async () => {
    serviceUrl = await channel.start();
    running = await startApp(
      readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: secret })),
      {
        logger: memoryLogger().logger,
        storage: store,
        logs: demoLogs(new Date('2026-03-02T10:00:00Z'), NOW),
        clock: () => NOW,
        alertPollInMs: 25,
      },
    );
    base = `http://127.0.0.1:${running.port}`;
  });
  afterAll(async () => {
    await running?.stop();
    await channel.stop();
  });

  const app = (): RunningApp => {
    if (!running) throw new Error('the app starts in beforeAll');
    return running;
  };

  async function turn(
    conversation: string,
    from: Person,
    locale: string,
    body: Record<string, unknown>,
  ): Promise<Reply[]> {
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: 'msteams',
        serviceUrl,
        deliveryMode: 'expectReplies',
        id: `m-${Math.random()}`,
        from,
        locale,
        recipient: { id: 'bot', name: 'Triage' },
        conversation: { id: conversation, conversationType: 'channel' },
        ...body,
      }),
    });
    const answer = (await response.json()) as { activities?: Reply[]; type?: string; value?: unknown };
    // An invoke's answer is either among the activities or the body itself.
    return (
      answer.activities ?? [{ type: 'invokeResponse', value: { body: answer as Reply['value'] } } as Reply]
    );
  }
  const textOf = (replies: Reply[]): string =>
    replies.map((r) => r.text ?? cardTexts(r.attachments?.[0]?.content).join('\n')).join('\n');
  const say = async (conversation: string, from: Person, locale: string, text: string) =>
    textOf(await turn(conversation, from, locale, { type: 'message', text }));
  const cardOf = (activity: ReceivedActivity | undefined): string =>
    cardTexts((activity?.body.attachments as { content: unknown }[] | undefined)?.[0]?.content).join('\n');
  const postsTo = (conversation: string): ReceivedActivity[] =>
    channel.received.filter(
      (r) => r.method === 'POST' && r.path === `/v3/conversations/${conversation}/activities`,
    );

  /** Waits until `check` holds (the app delivers in the background; its runners are running). */
  async function eventually(check: () => boolean, what: string, timeoutInMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutInMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function fireAlert(id: string, conversation: string): Promise<string> {
    const before = postsTo(conversation).length;
    const response = await fetch(`${base}/api/alerts?code=${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(logSearchAlert({ id: alertId(id), deviceId: 'camera-lobby-02' })),
    });
    expect(response.status).toBe(202);
    const incidentId = ((await response.json()) as { id: string }).id;
    await eventually(() => postsTo(conversation).length > before, `the card in ${conversation}`);
    return incidentId;
  }

  return { channel, store, app, turn, say, textOf, cardOf, postsTo, eventually, fireAlert };
}
