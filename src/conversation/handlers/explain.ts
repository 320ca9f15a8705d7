/** `explain`: "explain 401003", "what does 404104 mean?", "401003 뜻", "IoTHubUnauthorized 설명". No logs needed. */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import { explainCodeCard } from '../../cards';
import { buttonText } from '../card-action';
import { explainCodeOrFamily, listCodes } from '../../knowledge/catalog';
import type { ExplainCommand } from '../command';
import { defineVerb, type TextRejection } from '../verbs';

const EXPLAIN_WORDS =
  /\bexplain\b|\bmean(?:s|ing)?\b|\bwhat(?:'s|\s+is)\s+(?:error\s+|code\s+)?(?:\d{3,6}|iothub\w*|dps\s*:?\s*\d{3})|뜻|의미|설명|(?:\d{3,6}).*(?:뭐야|뭔가요|뭐예요|뭔데|무엇)/;

/** What an `explain` query may contain: digits, names, a service prefix. Anything else is not a code. */
const CODE_TEXT = /^[A-Za-z0-9 :_-]{1,64}$/;

const WHICH_CODE = {
  en: 'Which code? For example: explain 401003, or explain dps 404',
  ko: '어떤 코드인가요? 예: 401003 뜻, dps 404 설명',
} as const;

/** The code words in the text when no digits were found: the word after "explain", e.g. an error name. */
function codeWords(text: string): string | undefined {
  const after = /\bexplain\s+(?:code\s+|error\s+)?(.+?)\s*[?.!]*\s*$/i.exec(text)?.[1];
  const before = /^\s*(?:code\s+|error\s+)?(\S+?)\s*(?:이|가|은|는)?\s*(?:뜻|의미|설명)/.exec(text)?.[1];
  const candidate = (after ?? before)?.trim();
  return candidate !== undefined && CODE_TEXT.test(candidate) ? candidate : undefined;
}

export const explainVerb = defineVerb({
  verb: 'explain',
  permission: PERMISSIONS.ask,
  help: {
    rank: 60,
    description: {
      en: 'What an IoT Hub or DPS error code means and what to do about it',
      ko: 'IoT Hub·DPS 오류 코드의 의미와 조치',
    },
    example: { en: 'explain 401003', ko: '401003 뜻' },
  },
  // "error" is hub-errors' keyword: a keyword belongs to one verb.
  keywords: ['explain', 'code', 'mean', 'meaning', '뜻', '의미', '설명', '코드'],
  matches: (utterance) =>
    EXPLAIN_WORDS.test(utterance.rest) || EXPLAIN_WORDS.test(utterance.text.toLowerCase()),
  fromText(utterance): ExplainCommand | TextRejection {
    const code = utterance.entities.code ?? codeWords(utterance.text);
    if (code === undefined) return { kind: 'usage', message: WHICH_CODE };
    return { verb: 'explain', code };
  },
  button: {
    data: z.object({ code: buttonText(64).regex(CODE_TEXT, 'a code or an error name') }),
    toCommand: (data) => ({ verb: 'explain', code: data.code }),
    fromCommand: (command) => ({ code: command.code }),
  },
  async handle(command, context) {
    const entry = explainCodeOrFamily(command.code);
    if (!entry) {
      const known = listCodes()
        .filter((c) => c.findingIds.length > 0)
        .slice(0, 12)
        .map((c) => (c.source === 'dps' ? `dps ${c.code}` : c.code))
        .join(', ');
      const text =
        context.locale === 'ko'
          ? `"${command.code}" 코드는 아직 몰라요. 알고 있는 코드 예: ${known}`
          : `I don't know the code "${command.code}" yet. Codes I can explain include: ${known}`;
      return { replies: [{ kind: 'text', text }] };
    }
    return { replies: [{ kind: 'card', card: explainCodeCard(entry, context.cards) }] };
  },
});
