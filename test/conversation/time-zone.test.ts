/** `time zone Asia/Seoul` / `시간대 Asia/Seoul`: checked with Intl, answered in the reader's language. */
import { Conversation, type TurnOutcome } from '../../src/conversation/conversation';
import { canonicalTimeZone } from '../../src/conversation/handlers/time-zone';
import type { Locale } from '../../src/cards/card-data';
import { DEMO_NOW, demoLogs } from './demo-logs';

const logs = demoLogs();
const conversation = new Conversation({
  dataSource: () => 'Embedded demo data',
  logs: async () => ({ logs, now: () => DEMO_NOW }),
  clock: () => DEMO_NOW,
});

function ask(text: string, locale: Locale = 'en'): Promise<TurnOutcome> {
  return conversation.handleMessage({ text, locale });
}

function replyText(outcome: TurnOutcome): string {
  const [first] = outcome.replies;
  return first?.kind === 'text' ? first.text : JSON.stringify(first);
}

describe('time-zone verb', () => {
  it('sets the zone in English and says so', async () => {
    const outcome = await ask('time zone Asia/Seoul');
    expect(outcome.command).toEqual({ verb: 'time-zone', timeZone: 'Asia/Seoul' });
    expect(outcome.userTimeZone).toBe('Asia/Seoul');
    expect(replyText(outcome)).toBe("OK, I'll show times in Asia/Seoul from now on.");
  });

  it('sets the zone in Korean ("시간대 Asia/Seoul") and answers in Korean', async () => {
    const outcome = await ask('시간대 Asia/Seoul', 'ko');
    expect(outcome.userTimeZone).toBe('Asia/Seoul');
    expect(replyText(outcome)).toContain('Asia/Seoul 기준');
  });

  it('spells the zone as Intl does, whatever case was typed', async () => {
    expect((await ask('timezone europe/berlin')).userTimeZone).toBe('Europe/Berlin');
    expect(canonicalTimeZone('utc')).toBe('UTC');
  });

  it.each([
    ['en', 'time zone Mars/Olympus', '"Mars/Olympus" is not a time zone I know'],
    ['ko', '시간대 서울', '"서울"은(는) 알 수 없는 시간대예요'],
  ] as const)('refuses an unknown zone (%s) and names valid examples', async (locale, text, said) => {
    const outcome = await ask(text, locale);
    expect(outcome.userTimeZone).toBeUndefined();
    const reply = replyText(outcome);
    expect(reply).toContain(said);
    expect(reply).toContain('Asia/Seoul');
    expect(reply).toContain('America/New_York');
  });

  it('asks which zone when none is given', async () => {
    const outcome = await ask('time zone');
    expect(outcome.userTimeZone).toBeUndefined();
    expect(replyText(outcome)).toContain('time zone Asia/Seoul');
  });
});
