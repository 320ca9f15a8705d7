import type { HelpCardData, HelpCommandData, Locale, WelcomeCardData } from './card-data';

const HELP_TEXT = {
  en: {
    title: 'What I can do',
    intro:
      'Ask about a device or a hub in plain words, in English or Korean. Times are UTC unless your Teams time zone says otherwise.',
    tryLabel: 'Try',
    demoAlertLabel: 'Send a demo alert',
    notUnderstood: (text: string) => `I didn't understand "${text}". Here is what I can do:`,
  },
  ko: {
    title: '이렇게 물어보세요',
    intro:
      '장치나 허브에 대해 평소 말투로 한국어나 영어로 물어보면 됩니다. 시간은 Teams 시간대가 없으면 UTC 기준입니다.',
    tryLabel: '실행',
    demoAlertLabel: '데모 경고 보내기',
    notUnderstood: (text: string) => `"${text}"은(는) 이해하지 못했어요. 할 수 있는 일은 다음과 같습니다.`,
  },
} as const;

const WELCOME_TEXT = {
  en: {
    title: "Hi, I'm the IoT triage bot",
    intro:
      'I read your IoT Hub and Device Provisioning Service logs and tell you why a device disconnected, what it means and what to do about it.',
    logs: 'Logs',
    language: 'Language',
    languageValue: 'English · type "language ko" for Korean',
    tryHeading: 'Try one of these:',
  },
  ko: {
    title: '안녕하세요, IoT 장애 분석 봇입니다',
    intro:
      'IoT Hub와 DPS(Device Provisioning Service) 로그를 읽고, 장치 연결이 왜 끊겼는지, 그게 무슨 의미인지, 무엇을 하면 되는지 알려 드립니다.',
    logs: '로그',
    language: '언어',
    languageValue: '한국어 · 영어로 바꾸려면 "language en"',
    tryHeading: '이렇게 시작해 보세요:',
  },
} as const;

/** Cut user text before echoing it into a card: keeps the card small and the notice readable. */
function quoteable(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

export interface HelpCardOptions {
  /** What the user typed, when they get help because it wasn't understood. */
  readonly notUnderstoodText?: string;
  /** One line saying where answers come from (demo data, a file, a workspace). */
  readonly dataSource: string;
  /** Development: offer "Send a demo alert" (the `demo-alert` verb), to try alerts locally. */
  readonly demoAlert?: boolean;
}

export function helpCardData(
  locale: Locale,
  commands: readonly HelpCommandData[],
  options: HelpCardOptions,
): HelpCardData {
  const text = HELP_TEXT[locale];
  return {
    title: text.title,
    notice:
      options.notUnderstoodText === undefined ? '' : text.notUnderstood(quoteable(options.notUnderstoodText)),
    intro: text.intro,
    tryLabel: text.tryLabel,
    commands,
    footer: options.dataSource,
    demoAlertLabel: options.demoAlert ? text.demoAlertLabel : '',
  };
}

export function welcomeCardData(
  locale: Locale,
  examples: readonly { readonly label: string; readonly text: string }[],
  dataSource: string,
): WelcomeCardData {
  const text = WELCOME_TEXT[locale];
  return {
    title: text.title,
    intro: text.intro,
    facts: [
      { title: text.logs, value: dataSource },
      { title: text.language, value: text.languageValue },
    ],
    tryHeading: text.tryHeading,
    examples,
  };
}
