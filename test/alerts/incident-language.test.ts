/**
 * The alert flow in Korean, through the real app: a conversation's incident cards use the alert
 * language recorded on its subscription (whoever clicks afterwards), subscriptions stored without
 * a language stay English, and the alert commands answer each person in their own language.
 */
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { conversationKey } from '../../src/proactive/conversation-address';
import { Subscriptions } from '../../src/proactive/subscriptions';
import { MemoryStore } from '../../src/storage/memory-store';
import { cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel, type ReceivedActivity } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { alertId, logSearchAlert } from './payloads';
import { isolatedEnv } from '../support/temp-dir';

const SECRET = 'language-secret-0123456789abcdef';
const NOW = new Date('2026-03-02T10:30:00Z');

const MINJI = { id: 'u-minji', name: 'Minji Kim', aadObjectId: 'aad-minji' };
const BEN = { id: 'u-ben', name: 'Ben Builder', aadObjectId: 'aad-ben' };

interface Reply {
  type: string;
  text?: string;
  attachments?: { content: unknown }[];
  value?: { body?: { type?: string; value?: unknown } };
}

describe('incident cards and alert commands in the conversation and user language', () => {
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
  const invokeCardText = (replies: Reply[]): string => {
    const body = replies.find((r) => r.type === 'invokeResponse')?.value?.body;
    expect(body?.type).toBe('application/vnd.microsoft.card.adaptive');
    return cardTexts(body?.value).join('\n');
  };
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

  it('posts Korean cards where a Korean speaker subscribed, and an English Acknowledge keeps them Korean', async () => {
    const subscribed = await say('conv-ko', MINJI, 'ko-KR', 'subscribe alerts');
    expect(subscribed).toContain('구독했어요');
    expect(subscribed).toContain('한국어');

    const incidentId = await fireAlert('ko1', 'conv-ko');
    const posted = postsTo('conv-ko').at(-1);
    const card = cardOf(posted);
    expect(card).toContain('장치 camera-lobby-02 진단');
    expect(card).toContain('Azure Monitor · 경고 발생');
    expect(card).toContain('1시간 일시 중지');
    expect(card).not.toContain('Acknowledge');
    expect(posted?.body['summary']).toContain('열림');

    // The loopback channel names each activity after its arrival: reply-<n>.
    const postedId = `reply-${channel.received.indexOf(posted as ReceivedActivity) + 1}`;
    // Ben's Teams is in English; the channel's card is not his alone.
    const answer = await turn('conv-ko', BEN, 'en-US', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: postedId,
      value: { action: { type: 'Action.Execute', verb: 'ack', data: { cmd: 'ack', incidentId } } },
    });
    const acknowledged = invokeCardText(answer);
    expect(acknowledged).toContain('확인됨');
    expect(acknowledged).toContain('Ben Builder · 확인함');
    expect(acknowledged).not.toContain('Acknowledged');
    const updated = channel.received.filter((r) => r.method === 'PUT').at(-1);
    expect(updated?.path).toBe(`/v3/conversations/conv-ko/activities/${postedId}`);
    expect(cardOf(updated)).toContain('Ben Builder · 확인함');

    // His own replies stay English, and say which language the channel's cards are in.
    expect(await say('conv-ko', BEN, 'en-US', 'subscriptions')).toContain('cards in Korean');
    expect(await say('conv-ko', BEN, 'en-US', `ack ${incidentId}`)).toContain('확인됨');
  });

  it('keeps a subscription stored without a language (before languages existed) in English', async () => {
    await say('conv-old', MINJI, 'ko-KR', 'help'); // the bot now knows where conv-old is
    await new Subscriptions(store).put({
      conversationKey: conversationKey('conv-old'),
      createdBy: { id: MINJI.id, name: MINJI.name },
      createdAt: '2026-01-05T09:00:00.000Z',
    });
    const incidentId = await fireAlert('old1', 'conv-old');
    const card = cardOf(postsTo('conv-old').at(-1));
    expect(card).toContain('Diagnosis for device camera-lobby-02');
    expect(card).toContain('Acknowledge');

    // A Korean speaker's click does not flip it; her own reply is Korean.
    const answer = await turn('conv-old', MINJI, 'ko-KR', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'snooze', data: { cmd: 'snooze', incidentId } } },
    });
    expect(invokeCardText(answer)).toContain('Snoozed until 2026-03-02 11:30 UTC');
    expect(await say('conv-old', MINJI, 'ko-KR', 'subscriptions')).toContain('카드 언어: 영어');
  });

  it('answers the alert commands in the language of whoever typed them', async () => {
    // Minji's Teams is English, but she chose Korean for the bot: the alert commands follow it.
    await say('conv-cmd', MINJI, 'en-US', 'language ko');
    expect(await say('conv-cmd', MINJI, 'en-US', 'incidents')).toContain('열린 인시던트');
    expect(await say('conv-cmd', MINJI, 'en-US', 'ack')).toContain('어느 인시던트인가요?');
    expect(await say('conv-cmd', MINJI, 'en-US', 'ack abcdef99')).toContain('abcdef99 인시던트가 없어요');
    expect(await say('conv-cmd', MINJI, 'en-US', 'subscribe alerts severity Sev9')).toContain(
      '심각도는 Sev0, Sev1, Sev2, Sev3, Sev4 중 하나여야 해요',
    );
    expect(await say('conv-cmd', BEN, 'en-US', 'ack abcdef99')).toContain('There is no incident abcdef99');

    // Explicitly English cards for a mixed team, chosen by a Korean speaker (answered in Korean).
    const chosen = await say('conv-cmd', MINJI, 'en-US', 'subscribe alerts severity Sev2 language en');
    expect(chosen).toContain('심각도 Sev2 이상');
    expect(chosen).toContain('영어');
    expect(await say('conv-cmd', BEN, 'en-US', 'subscriptions')).toContain('cards in English');
    expect(await say('conv-cmd', MINJI, 'en-US', 'unsubscribe')).toContain('구독을 해지했어요');

    // A question in Hangul is answered in Korean even on an English client and without a choice.
    const hangul = await say('conv-cmd', BEN, 'en-US', 'resolve abcdef99 장치 키 교체');
    expect(hangul).toContain('abcdef99 인시던트가 없어요');
  });

  it('lists the language option in help', async () => {
    expect(await say('conv-help', BEN, 'en-US', 'help')).toContain('language en|ko');
  });
});
