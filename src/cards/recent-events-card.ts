import type { RecentEventsAnswer } from '../diagnosis/recent-events';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import { answerWarnings, queryData, type QueryData, type TextLineData } from './card-parts';
import { formatEventTime, formatWindow, sameDay } from './card-time';
import { COMMON_TEXT } from './common-text';
import { noDataCard } from './no-data-card';

export interface RecentEventRowData {
  /** In the user's time zone. */
  readonly time: string;
  /** Category · operation · code and name · protocol. */
  readonly what: string;
  /** The record's message, shortened. */
  readonly detail: string;
}

export interface RecentEventsCardData {
  readonly title: string;
  readonly window: string;
  readonly summary: string;
  readonly warnings: readonly TextLineData[];
  readonly rows: readonly RecentEventRowData[];
  readonly footnote: string;
  readonly queriesTitle: string;
  readonly queries: readonly QueryData[];
  readonly buttons: readonly CardButton[];
}

const TEXT = {
  en: {
    title: (count: number, id: string) => `Last ${count} events of ${id}`,
    summary: (shown: number, asked: number, hub: string | undefined) =>
      `${shown < asked ? `Only ${shown} of the ${asked} asked for` : `${shown} events`}, newest first${hub !== undefined ? `, on ${hub}` : ''}.`,
    diagnose: 'Diagnose',
    ok: 'OK',
    footnote: 'Raw IoT Hub records from every category that names the device; DPS records are in Diagnose.',
  },
  ko: {
    title: (count: number, id: string) => `${id} 최근 이벤트 ${count}개`,
    summary: (shown: number, asked: number, hub: string | undefined) =>
      `${shown < asked ? `요청한 ${asked}개 중 ${shown}개만 있어요` : `이벤트 ${shown}개`}, 최신순${hub !== undefined ? `, ${hub}` : ''}.`,
    diagnose: '진단',
    ok: '정상',
    footnote: '장치를 기록하는 모든 범주의 IoT Hub 원본 기록이에요. DPS 기록은 진단에서 볼 수 있어요.',
  },
} as const;

/** Characters of a record's message the card keeps: enough for the reason, short enough for a row. */
const MESSAGE_CHARS = 120;

/** `last 10 events of X`: the device's raw records, newest first, with a Diagnose button. */
export function recentEventsCard(answer: RecentEventsAnswer, ctx: CardContext): CardRequest {
  const hubScope = answer.hub !== undefined ? { hub: answer.hub } : {};
  if (answer.events.length === 0) {
    return noDataCard(
      {
        subject: { kind: 'device', deviceId: answer.deviceId, ...hubScope },
        window: answer.window,
        suggestedIds: answer.suggestedIds,
        ...(answer.history ? { deviceHistory: answer.history } : {}),
        ...(answer.dataStatus.logsCoverage ? { logsCoverage: answer.dataStatus.logsCoverage } : {}),
        queries: answer.queries,
        dataStatus: answer.dataStatus,
      },
      ctx,
    );
  }
  const text = TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  // Seconds tell apart the disconnect and reconnect of one minute; the date only when they differ.
  const oneDay = sameDay(answer.events[0]?.time ?? '', answer.events.at(-1)?.time ?? '', ctx);
  return {
    template: 'recent-events',
    data: {
      title: text.title(answer.count, answer.deviceId),
      window: `${common.window}: ${formatWindow(answer.window, ctx)}`,
      summary: text.summary(answer.events.length, answer.count, answer.hub),
      warnings: answerWarnings(answer, ctx),
      rows: answer.events.map((event) => ({
        time: formatEventTime(event.time, ctx, !oneDay),
        what: [
          event.category,
          event.operation,
          event.code !== ''
            ? `${event.code} ${event.name}`.trim()
            : event.level === 'Error'
              ? event.name
              : text.ok,
          ...(event.protocol !== '' ? [event.protocol] : []),
        ].join(' · '),
        detail: shorten(event.message),
      })),
      footnote: text.footnote,
      queriesTitle: common.showQuery,
      queries: queryData(answer.queries, answer.window, ctx),
      buttons: [
        cardButton(text.diagnose, {
          cmd: 'diagnose',
          deviceId: answer.deviceId,
          // Posted as a new card: the events stay beside the diagnosis.
          post: 'new',
          ...hubScope,
          ...answer.window,
        }),
      ],
    },
  };
}

function shorten(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length <= MESSAGE_CHARS ? flat : `${flat.slice(0, MESSAGE_CHARS - 1)}…`;
}
