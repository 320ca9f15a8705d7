import { codeText, findingText, getFinding, type CodeEntry } from '../knowledge/catalog';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import { COMMON_TEXT, severityColor } from './common-text';

export interface ExplainCodeCardData {
  readonly title: string;
  readonly source: string;
  readonly meaningLabel: string;
  readonly meaning: string;
  readonly whatToDoLabel: string;
  readonly whatToDo: string;
  readonly findingsLabel: string;
  readonly findings: readonly { readonly title: string; readonly severity: string; readonly color: string }[];
  readonly links: readonly { readonly title: string; readonly url: string }[];
  readonly buttons: readonly CardButton[];
}

const TEXT = {
  en: {
    source: { iothub: 'IoT Hub error code', dps: 'Device Provisioning Service status / error code' },
    meaning: 'What it means',
    whatToDo: 'What to do',
    findings: 'In the logs it usually turns out to be one of these',
    hubErrors: 'Hub errors now',
    dpsErrors: 'DPS errors now',
  },
  ko: {
    source: { iothub: 'IoT Hub 오류 코드', dps: 'DPS(Device Provisioning Service) 상태·오류 코드' },
    meaning: '의미',
    whatToDo: '조치',
    findings: '로그에서는 보통 다음 중 하나로 밝혀져요',
    hubErrors: '지금 허브 오류 보기',
    dpsErrors: '지금 DPS 오류 보기',
  },
} as const;

/** Documentation links a card shows: enough to go on, few enough to fit as buttons. */
const MAX_LINKS = 3;

/** `explain <code>`: the catalog's explanation, the findings it can point to, and their docs. */
export function explainCodeCard(entry: CodeEntry, ctx: CardContext): CardRequest {
  const text = TEXT[ctx.locale];
  const localized = codeText(entry, ctx.locale);
  const links = new Map<string, string>();
  for (const id of entry.findingIds) {
    for (const link of getFinding(id).links) if (!links.has(link.url)) links.set(link.url, link.title);
  }
  return {
    template: 'explain-code',
    data: {
      title: `${entry.code} ${entry.name}`,
      source: text.source[entry.source],
      meaningLabel: text.meaning,
      meaning: localized.meaning,
      whatToDoLabel: text.whatToDo,
      whatToDo: localized.whatToDo,
      findingsLabel: text.findings,
      findings: entry.findingIds.map((id) => {
        const severity = getFinding(id).severity;
        return {
          title: findingText(id, ctx.locale).title,
          severity: COMMON_TEXT[ctx.locale].severity[severity],
          color: severityColor(severity),
        };
      }),
      links: [...links.entries()].slice(0, MAX_LINKS).map(([url, title]) => ({ title, url })),
      buttons: [
        entry.source === 'iothub'
          ? cardButton(text.hubErrors, { cmd: 'hub-errors' })
          : cardButton(text.dpsErrors, { cmd: 'dps-errors' }),
      ],
    },
  };
}
