/**
 * The alert flow's time zone, through the real app: a user who set `time zone Asia/Seoul` and
 * subscribes gets incident cards in +09:00; the subscriber changing their zone afterwards moves the
 * conversation's cards with it, anyone else is told how; `subscriptions` names zone and language.
 */
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/storage/memory-store';
import { cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel, type ReceivedActivity } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { alertId, logSearchAlert } from './payloads';
import { isolatedEnv } from '../support/temp-dir';

const SECRET = 'timezone-secret-0123456789abcdef';
const NOW = new Date('2026-03-02T10:30:00Z');

const MINJI = { id: 'u-minji', name: 'Minji Kim', aadObjectId: 'aad-minji' };
const BEN = { id: 'u-ben', name: 'Ben Builder', aadObjectId: 'aad-ben' };

interface Reply {
  type: string;
  text?: string;
  attachments?: { content: unknown }[];
  value?: { body?: { type?: string; value?: unknown } };
}

describe("incident cards in the subscriber's time zone", () => {
  const channel = new LoopbackChannel();
  const store = new MemoryStore();
  let serviceUrl: string;
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    serviceUrl = await channel.start();
    app = await startApp(
      readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: SECRET })),
      {
        logger: memoryLogger().logger,
        storage: store,
        logs: demoLogs(new Date('2026-03-02T10:00:00Z'), NOW),
        clock: () => NOW,
        alertPollInMs: 25,
      },
    );
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app?.stop();
    await channel.stop();
  });

  /** One turn with deliveryMode expectReplies: the replies come back in the HTTP answer. */
  async function turn(
    conversation: string,
    from: typeof MINJI,
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
  const say = async (conversation: string, from: typeof MINJI, locale: string, text: string) =>
    textOf(await turn(conversation, from, locale, { type: 'message', text }));
  const textOf = (replies: Reply[]): string =>
    replies.map((r) => r.text ?? cardTexts(r.attachments?.[0]?.content).join('\n')).join('\n');
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

  /** Fires an alert and waits for its card in `conversation`. */
  async function fireAlert(id: string, conversation: string): Promise<string> {
    const before = postsTo(conversation).length;
    const response = await fetch(`${base}/api/alerts?code=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(logSearchAlert({ id: alertId(id), deviceId: 'camera-lobby-02' })),
    });
    expect(response.status).toBe(202);
    const incidentId = ((await response.json()) as { id: string }).id;
    await eventually(() => postsTo(conversation).length > before, `the card in ${conversation}`);
    return incidentId;
  }

  it('subscribed after "time zone Asia/Seoul": the incident card reads in UTC+09:00', async () => {
    expect(await say('conv-seoul', MINJI, 'en-US', 'time zone Asia/Seoul')).toContain('Asia/Seoul');
    await say('conv-seoul', MINJI, 'en-US', 'subscribe alerts');
    await fireAlert('seoul1', 'conv-seoul');
    const card = cardOf(postsTo('conv-seoul').at(-1));
    expect(card).toContain('UTC+09:00');
    expect(card).not.toMatch(/\d{2}:\d{2} UTC(?!\+)/);
    const listed = await say('conv-seoul', BEN, 'en-US', 'subscriptions');
    expect(listed).toContain('cards in English');
    expect(listed).toContain('times in Asia/Seoul');
  });

  it("the subscriber's later \"time zone\" moves the conversation's cards; someone else's does not", async () => {
    // Ben has set no zone (Minji's is Asia/Seoul since the test above): his subscription is UTC.
    await say('conv-move', BEN, 'en-US', 'subscribe alerts');
    expect(await say('conv-move', BEN, 'en-US', 'subscriptions')).toContain('times in UTC');

    const minjis = await say('conv-move', MINJI, 'en-US', 'time zone Europe/Berlin');
    expect(minjis).toContain('type subscribe alerts here again');
    expect(await say('conv-move', MINJI, 'en-US', 'subscriptions')).toContain('times in UTC');

    const bens = await say('conv-move', BEN, 'en-US', 'time zone Asia/Seoul');
    expect(bens).toContain("This conversation's alert cards now use Asia/Seoul too");
    expect(await say('conv-move', MINJI, 'en-US', 'subscriptions')).toContain('times in Asia/Seoul');
    await fireAlert('move1', 'conv-move');
    expect(cardOf(postsTo('conv-move').at(-1))).toContain('UTC+09:00');
  });

  it('says nothing about alerts where nobody subscribed, and answers in Korean', async () => {
    const said = await say('conv-none', MINJI, 'ko-KR', '시간대 Asia/Seoul');
    expect(said).toBe('이제부터 시간을 Asia/Seoul 기준으로 보여 드릴게요.');
    expect(await say('conv-none', MINJI, 'ko-KR', 'subscribe alerts')).toContain('구독했어요');
    expect(await say('conv-none', MINJI, 'ko-KR', 'subscriptions')).toContain('시간대: Asia/Seoul');
  });
});
