/**
 * `time zone Asia/Seoul` / `시간대 Asia/Seoul`: the user's time zone for every card, kept per user
 * (like the language choice). The Agents Playground sends no zone and Teams sometimes none, so
 * without this the cards read in UTC.
 */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import type { TimeZoneCommand } from '../command';
import { defineVerb, type HandlerContext, type TextRejection } from '../verbs';

const TIME_ZONE_WORDS = /^\s*(?:(?:set\s+)?(?:my\s+)?time\s*-?\s*zone|tz|시간대|타임존)(?:\s|$|[:=])/i;

/** Zones the messages name as examples: one per region a reader might be in. */
const EXAMPLES = 'Asia/Seoul, UTC, Europe/Berlin, America/New_York';

/** The IANA name as this runtime spells it (`asia/seoul` → `Asia/Seoul`), or undefined when unknown. */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const USAGE = {
  en: `Which time zone? Type for example "time zone Asia/Seoul" (IANA names such as ${EXAMPLES}).`,
  ko: `어느 시간대로 할까요? 예: "시간대 Asia/Seoul" (IANA 이름, 예: ${EXAMPLES})`,
} as const;

function invalid(name: string): TextRejection {
  return {
    kind: 'usage',
    message: {
      en: `"${name}" is not a time zone I know. Use an IANA name such as ${EXAMPLES}.`,
      ko: `"${name}"은(는) 알 수 없는 시간대예요. ${EXAMPLES} 같은 IANA 이름을 쓰세요.`,
    },
  };
}

export const timeZoneVerb = defineVerb({
  verb: 'time-zone',
  permission: PERMISSIONS.ask,
  help: {
    rank: 72,
    description: {
      en: 'Show times in your time zone (for you only)',
      ko: '시간을 내 시간대로 보여 주기 (나에게만 적용)',
    },
    example: { en: 'time zone Asia/Seoul', ko: '시간대 Asia/Seoul' },
  },
  keywords: ['time zone', 'timezone', '시간대', '타임존'],
  matches: (utterance) => TIME_ZONE_WORDS.test(utterance.text),
  fromText(utterance): TimeZoneCommand | TextRejection {
    const name = utterance.text.replace(TIME_ZONE_WORDS, '').replace(/^[\s:=]+|[\s.!]+$/g, '');
    if (name === '') return { kind: 'usage', message: USAGE };
    const timeZone = canonicalTimeZone(name);
    return timeZone !== undefined ? { verb: 'time-zone', timeZone } : invalid(name);
  },
  button: {
    data: z.object({ timeZone: z.string().min(1).max(64) }),
    toCommand: (data) => ({ verb: 'time-zone', timeZone: canonicalTimeZone(data.timeZone) ?? 'UTC' }),
    fromCommand: (command) => ({ timeZone: command.timeZone }),
  },
  handle: async (command, ctx) => {
    const said =
      ctx.cards.locale === 'ko'
        ? `이제부터 시간을 ${command.timeZone} 기준으로 보여 드릴게요.`
        : `OK, I'll show times in ${command.timeZone} from now on.`;
    const alertNote = await alertZoneNote(command.timeZone, ctx);
    return {
      replies: [{ kind: 'text', text: alertNote === '' ? said : `${said}\n\n${alertNote}` }],
      userTimeZone: command.timeZone,
    };
  },
});

/**
 * The conversation's alert cards read in its subscriber's zone (one zone for everyone there). The
 * subscriber changing theirs moves the conversation's with it; anyone else is told how to.
 */
async function alertZoneNote(timeZone: string, ctx: HandlerContext): Promise<string> {
  const { alerts, party } = ctx;
  if (!alerts || !party) return '';
  const outcome = await alerts.subscriptions.setTimeZone(party.conversationKey, party.actor.id, timeZone);
  const ko = ctx.cards.locale === 'ko';
  if (outcome === 'updated') {
    return ko
      ? `이 대화의 경고 카드도 이제 ${timeZone} 기준이에요 (구독한 분의 시간대를 따라요).`
      : `This conversation's alert cards now use ${timeZone} too (they follow the subscriber's zone).`;
  }
  if (outcome === 'not-subscriber') {
    return ko
      ? '이 대화의 경고 카드는 구독한 분의 시간대를 그대로 써요. 바꾸려면 여기서 subscribe alerts를 다시 입력하세요.'
      : "This conversation's alert cards keep the subscriber's zone; to move them to yours, type subscribe alerts here again.";
  }
  return '';
}
