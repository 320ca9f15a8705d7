/**
 * Errors a user can act on, turned into replies: a mistyped id says which characters are allowed,
 * a device in two hubs gets a "which one?" card (a question, not a guess), a failed query gets an
 * error card with a Retry button. Anything else is not ours to explain: it goes up to hosting,
 * which logs it under a correlation id and shows a generic error.
 */
import { choiceCard, errorCard, type CardContext } from '../cards';
import type { Locale } from '../cards/card-data';
import { AmbiguousHubError, InvalidIdentifierError, InvalidWindowError, UnknownHubError } from '../diagnosis';
import { LogsQueryError, type LogsQueryErrorKind } from '../logs/backend';
import type { CardActionData } from '../cards/card-actions';
import { defaultWindow, hasWindow, type AnyCommand, type DiagnoseCommand } from './command';
import type { Reply } from './reply';

const INVALID_ID_LEAD: Readonly<Record<Locale, string>> = {
  en: '',
  ko: 'ID 형식이 올바르지 않아요. ',
};

const QUERY_FAILED: Readonly<Record<Locale, Readonly<Record<LogsQueryErrorKind, string>>>> = {
  en: {
    throttled: 'Log Analytics is throttling queries right now.',
    timeout: 'The query took too long.',
    forbidden: "I'm not allowed to read these logs.",
    'bad-query': 'The query was rejected.',
    unavailable: "I couldn't reach the logs.",
  },
  ko: {
    throttled: '지금 Log Analytics가 쿼리를 제한하고 있어요.',
    timeout: '쿼리가 너무 오래 걸렸어요.',
    forbidden: '이 로그를 읽을 권한이 없어요.',
    'bad-query': '쿼리가 거부됐어요.',
    unavailable: '로그에 연결하지 못했어요.',
  },
};

const WHICH_HUB = {
  en: (deviceId: string, count: number) =>
    `${deviceId} has records in ${count} IoT hubs. Which one do you mean?`,
  ko: (deviceId: string, count: number) => `${deviceId} 기록이 IoT Hub ${count}곳에 있어요. 어느 허브인가요?`,
} as const;

const WINDOW_EMPTY: Readonly<Record<Locale, string>> = {
  en: 'The time window must start before it ends.',
  ko: '기간의 시작이 끝보다 앞서야 해요.',
};

/** The id message, in the user's language where we have one (the rule text itself stays exact). */
export function invalidIdReply(error: InvalidIdentifierError, locale: Locale): Reply {
  return { kind: 'text', text: `${INVALID_ID_LEAD[locale]}${error.message}` };
}

/**
 * The replies for a user-facing error, or undefined when `error` is not one. `buttonFor` is the
 * registry's: the button that asks a command (again).
 */
export function userErrorReplies(
  error: unknown,
  command: AnyCommand,
  cards: CardContext,
  buttonFor: (command: AnyCommand) => CardActionData,
): Reply[] | undefined {
  const locale = cards.locale;
  if (error instanceof InvalidIdentifierError) return [invalidIdReply(error, locale)];
  if (error instanceof AmbiguousHubError) {
    const choices = error.hubs.map((hub) => {
      const sameQuestion = { ...command, hub } as AnyCommand;
      const deviceQuestion: DiagnoseCommand = {
        verb: 'diagnose',
        deviceId: error.deviceId,
        hub,
        window: hasWindow(command) ? command.window : defaultWindow(cards.now),
      };
      const asked = command.verb === 'status' || command.verb === 'diagnose' ? sameQuestion : deviceQuestion;
      return { title: hub, action: buttonFor(asked as AnyCommand) };
    });
    return [
      {
        kind: 'card',
        card: choiceCard({ question: WHICH_HUB[locale](error.deviceId, error.hubs.length), choices }, cards),
      },
    ];
  }
  if (error instanceof UnknownHubError)
    return [{ kind: 'card', card: errorCard({ message: error.message }, cards) }];
  if (error instanceof InvalidWindowError)
    return [{ kind: 'card', card: errorCard({ message: WINDOW_EMPTY[locale] }, cards) }];
  if (error instanceof LogsQueryError) {
    const message = `${QUERY_FAILED[locale][error.kind]} ${error.message}`;
    return [{ kind: 'card', card: errorCard({ message, retry: buttonFor(command) }, cards) }];
  }
  return undefined;
}
