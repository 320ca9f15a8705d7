/** `language ko|en`: the user's language for answers, kept per user (overrides the Teams locale). */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import type { Locale } from '../../cards/card-data';
import type { LanguageCommand } from '../command';
import { defineVerb, type TextRejection } from '../verbs';

const LANGUAGE_WORDS =
  /^\s*(?:language|lang|언어)\b|^\s*(?:please\s+)?(?:speak|answer|reply|talk)\s+(?:to me\s+)?(?:in\s+)?(?:korean|english)\b|^\s*(?:한국어|한글|영어)로(?:\s|$|[.!?]|\s*(?:말|답|대답|바꿔|해))|^\s*(?:in\s+)?(?:korean|english)(?:\s+please)?\s*[.!]*\s*$/;

function localeIn(text: string): Locale | undefined {
  if (/\b(?:ko|kr|kor|korean)\b|한국어|한글/.test(text)) return 'ko';
  if (/\b(?:en|eng|english)\b|영어/.test(text)) return 'en';
  return undefined;
}

const WHICH_LANGUAGE = {
  en: 'Which language? Type "language ko" for Korean or "language en" for English.',
  ko: '어떤 언어로 할까요? 한국어는 "language ko", 영어는 "language en"이라고 입력하세요.',
} as const;

const CONFIRM: Readonly<Record<Locale, string>> = {
  en: 'OK, I\'ll answer in English from now on. (Type "language ko" for Korean.)',
  ko: '이제부터 한국어로 답할게요. (영어로 바꾸려면 "language en")',
};

export const languageVerb = defineVerb({
  verb: 'language',
  permission: PERMISSIONS.ask,
  help: {
    rank: 70,
    description: {
      en: 'Answer in Korean or English (for you only)',
      ko: '답변 언어를 한국어나 영어로 바꾸기 (나에게만 적용)',
    },
    example: { en: 'language ko', ko: 'language en' },
  },
  keywords: ['language', 'korean', 'english', '언어', '한국어', '영어'],
  matches: (utterance) => LANGUAGE_WORDS.test(utterance.text.toLowerCase()),
  fromText(utterance): LanguageCommand | TextRejection {
    const locale = localeIn(utterance.text.toLowerCase());
    return locale ? { verb: 'language', locale } : { kind: 'usage', message: WHICH_LANGUAGE };
  },
  button: {
    data: z.object({ locale: z.enum(['en', 'ko']) }),
    toCommand: (data) => ({ verb: 'language', locale: data.locale }),
    fromCommand: (command) => ({ locale: command.locale }),
  },
  handle: async (command) => ({
    replies: [{ kind: 'text', text: CONFIRM[command.locale] }],
    userLocale: command.locale,
  }),
});
