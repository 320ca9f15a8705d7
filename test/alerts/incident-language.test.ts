/**
 * The alert flow in Korean, through the real app: a conversation's incident cards use the alert
 * language recorded on its subscription (whoever clicks afterwards), subscriptions stored without
 * a language stay English, and the alert commands answer each person in their own language.
 */
import { conversationKey } from '../../src/proactive/conversation-address';
import { Subscriptions } from '../../src/proactive/subscriptions';
import { cardTexts } from '../support/cards';
import type { ReceivedActivity } from '../support/loopback-channel';
import { alertConversationApp, BEN, MINJI, type Reply } from './alert-conversation-app';

const SECRET = 'language-secret-0123456789abcdef';

describe('incident cards and alert commands in the conversation and user language', () => {
  const { channel, store, say, turn, cardOf, postsTo, fireAlert } = alertConversationApp(SECRET);
  const invokeCardText = (replies: Reply[]): string => {
    const body = replies.find((r) => r.type === 'invokeResponse')?.value?.body;
    expect(body?.type).toBe('application/vnd.microsoft.card.adaptive');
    return cardTexts(body?.value).join('\n');
  };

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
