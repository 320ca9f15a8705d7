import { SEVERITY_LEVELS, type AlertLanguage, type SeverityLevel, type Subscription } from './subscriptions';

/**
 * `subscribe alerts [for hub H] [severity Sev0..Sev4] [resource R] [language en|ko]`, parsed; or
 * what is wrong with it (in the language of whoever typed it). `language` is only there when it
 * was given: otherwise the subscriber's own language applies.
 */
export type SubscribeParse =
  | {
      readonly kind: 'ok';
      readonly filters: Pick<Subscription, 'hub' | 'minSeverity' | 'resource'>;
      readonly language?: AlertLanguage;
    }
  | { readonly kind: 'usage'; readonly message: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const LANGUAGES: readonly AlertLanguage[] = ['en', 'ko'];

interface SubscribeText {
  readonly usage: string;
  readonly badSeverity: string;
  readonly badLanguage: string;
  readonly unknownWord: (word: string) => string;
  readonly badName: (what: 'hub' | 'resource') => string;
  readonly everyHub: string;
  readonly hub: (name: string) => string;
  readonly everySeverity: string;
  readonly severity: (level: string) => string;
  readonly resource: (text: string) => string;
  readonly languageName: Readonly<Record<AlertLanguage, string>>;
}

const TEXT: Readonly<Record<AlertLanguage, SubscribeText>> = {
  en: {
    usage:
      'Usage: subscribe alerts [for hub <name>] [severity Sev0..Sev4] [resource <text>] [language en|ko] — e.g. "subscribe alerts for hub contoso-hub severity Sev2"',
    badSeverity: `Severity must be one of ${SEVERITY_LEVELS.join(', ')}.`,
    badLanguage: 'Language must be en (English) or ko (Korean).',
    unknownWord: (word) => `I didn't understand "${word}".`,
    badName: (what) => `The ${what} name may use letters, digits, '.', '_' and '-' only.`,
    everyHub: 'every hub and DPS',
    hub: (name) => `hub ${name}`,
    everySeverity: 'every severity',
    severity: (level) => `severity ${level} or worse`,
    resource: (text) => `resources matching "${text}"`,
    languageName: { en: 'English', ko: 'Korean' },
  },
  ko: {
    usage:
      '사용법: subscribe alerts [for hub <이름>] [severity Sev0..Sev4] [resource <텍스트>] [language en|ko] — 예: "subscribe alerts for hub contoso-hub severity Sev2"',
    badSeverity: `심각도는 ${SEVERITY_LEVELS.join(', ')} 중 하나여야 해요.`,
    badLanguage: '언어는 en(영어) 또는 ko(한국어)여야 해요.',
    unknownWord: (word) => `알 수 없는 옵션이에요: "${word}".`,
    badName: (what) =>
      `${what === 'hub' ? '허브' : '리소스'} 이름에는 영문자, 숫자, '.', '_', '-'만 쓸 수 있어요.`,
    everyHub: '모든 허브와 DPS',
    hub: (name) => `허브 ${name}`,
    everySeverity: '모든 심각도',
    severity: (level) => `심각도 ${level} 이상`,
    resource: (text) => `"${text}" 포함 리소스`,
    languageName: { en: '영어', ko: '한국어' },
  },
};

/** `usage` in a language, for replies that point at the command. */
export function subscribeUsage(language: AlertLanguage = 'en'): string {
  return TEXT[language].usage;
}

/** "English" / "한국어"…: a language's name, in `inLanguage`. */
export function languageName(language: AlertLanguage, inLanguage: AlertLanguage): string {
  return TEXT[inLanguage].languageName[language];
}

/** Arguments after `subscribe alerts` (or `subscribe`); problems are worded in `replyIn`. */
export function parseSubscribe(args: string, replyIn: AlertLanguage = 'en'): SubscribeParse {
  const text = TEXT[replyIn];
  const usage = (problem?: string): SubscribeParse => ({
    kind: 'usage',
    message: problem ? `${problem} ${text.usage}` : text.usage,
  });
  const words = args
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words[0]?.toLowerCase() === 'alerts') words.shift();
  let hub: string | undefined;
  let minSeverity: SeverityLevel | undefined;
  let resource: string | undefined;
  let language: AlertLanguage | undefined;
  while (words.length > 0) {
    let word = (words.shift() as string).toLowerCase();
    // "for hub X" and "hub X" mean the same; "for X" too.
    if (word === 'for' && ['hub', 'dps'].includes(words[0]?.toLowerCase() ?? ''))
      word = (words.shift() as string).toLowerCase();
    const value = words.shift();
    if (value === undefined) return usage();
    if (word === 'for' || word === 'hub' || word === 'dps') {
      hub = value;
    } else if (word === 'severity' || word === 'sev') {
      const level = SEVERITY_LEVELS.find(
        (s) => s.toLowerCase() === value.toLowerCase() || s.slice(3) === value,
      );
      if (!level) return usage(text.badSeverity);
      minSeverity = level;
    } else if (word === 'resource') {
      resource = value;
    } else if (word === 'language' || word === 'lang') {
      language = LANGUAGES.find((l) => l === value.toLowerCase());
      if (!language) return usage(text.badLanguage);
    } else {
      return usage(text.unknownWord(word));
    }
  }
  for (const [what, v] of [
    ['hub', hub],
    ['resource', resource],
  ] as const) {
    if (v !== undefined && !NAME.test(v)) return { kind: 'usage', message: text.badName(what) };
  }
  return {
    kind: 'ok',
    filters: {
      ...(hub ? { hub } : {}),
      ...(minSeverity ? { minSeverity } : {}),
      ...(resource ? { resource } : {}),
    },
    ...(language ? { language } : {}),
  };
}

/** One line describing a subscription's filters, in `language`. */
export function describeSubscription(
  s: Pick<Subscription, 'hub' | 'minSeverity' | 'resource'>,
  language: AlertLanguage = 'en',
): string {
  const text = TEXT[language];
  const parts = [
    s.hub ? text.hub(s.hub) : text.everyHub,
    s.minSeverity ? text.severity(s.minSeverity) : text.everySeverity,
    ...(s.resource ? [text.resource(s.resource)] : []),
  ];
  return parts.join(', ');
}
