/**
 * The alert flow's time zone, through the real app: a user who set `time zone Asia/Seoul` and
 * subscribes gets incident cards in +09:00; the subscriber changing their zone afterwards moves the
 * conversation's cards with it, anyone else is told how; `subscriptions` names zone and language.
 */
import { alertConversationApp, BEN, MINJI } from './alert-conversation-app';

const SECRET = 'timezone-secret-0123456789abcdef';

describe("incident cards in the subscriber's time zone", () => {
  const { say, cardOf, postsTo, fireAlert } = alertConversationApp(SECRET);

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
