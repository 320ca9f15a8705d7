import type { Diagnosis, ExecutedQuery } from '../diagnosis';
import type { DeviceHistory } from '../diagnosis/recent-events';
import { findingText, formatSummary, type FindingId } from '../knowledge/catalog';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import { bullets, COMMON_TEXT } from './common-text';
import { dataWarnings, queryData, widerWindow, type QueryData, type TextLineData } from './card-parts';
import { formatInstant, formatWindow } from './card-time';

/** What had no data, and what might help instead. */
export interface NoDataCardInput {
  /** A device question, or a fleet question (hub errors, top disconnects, DPS errors). */
  readonly subject:
    | { readonly kind: 'device'; readonly deviceId: string; readonly hub?: string }
    | { readonly kind: 'hub-errors' | 'top-disconnects' | 'dps-errors'; readonly hub?: string };
  readonly window: { readonly start: string; readonly end: string };
  /** Known device ids nearest to the one asked for, best first: offered as buttons. */
  readonly suggestedIds?: readonly string[];
  /** No IoT Hub or DPS records at all in the window: diagnostic settings, not the device. */
  readonly noDiagnostics?: boolean;
  readonly logsCoverage?: { readonly earliest: string; readonly latest: string };
  /**
   * The device has records outside the window (recent-events.ts `deviceHistory`): it is known, the
   * window is just quiet, so the card names its first and last record instead of "misspelled?".
   */
  readonly deviceHistory?: DeviceHistory;
  readonly queries?: readonly ExecutedQuery[];
  readonly dataStatus?: {
    readonly partial: boolean;
    readonly partialError?: string;
    readonly truncated: readonly string[];
    readonly logsCoverage?: { readonly earliest: string; readonly latest: string };
  };
}

export interface NoDataCardData {
  readonly title: string;
  readonly summary: string;
  readonly window: string;
  readonly warnings: readonly TextLineData[];
  readonly hasCauses: boolean;
  readonly causesLabel: string;
  readonly causes: string;
  readonly fixesLabel: string;
  readonly fixes: string;
  readonly coverage: string;
  readonly suggestionsLabel: string;
  readonly suggestions: readonly CardButton[];
  readonly queriesTitle: string;
  readonly queries: readonly QueryData[];
  readonly buttons: readonly CardButton[];
}

const TEXT = {
  en: {
    deviceTitle: (id: string) => `No records for ${id}`,
    fleetTitle: {
      'hub-errors': 'No hub errors',
      'top-disconnects': 'No disconnects',
      'dps-errors': 'No DPS failures',
    },
    fleetSummary: {
      'hub-errors':
        'No IoT Hub errors in this window. If you expected some, check that the hub sends its Connections and DeviceTelemetry logs to this workspace.',
      'top-disconnects': 'No device disconnected in this window.',
      'dps-errors': 'No failed DPS operations in this window.',
    },
    causes: 'Possible causes',
    fixes: 'What to do',
    coverage: (from: string, to: string) =>
      `This workspace has IoT Hub / DPS logs from ${from} to ${to} in this window.`,
    suggestions: 'Did you mean',
    quietTitle: (id: string) => `No events for ${id} in this window`,
    quietSummary: (id: string, window: string, count: number, first: string, last: string, days: number) =>
      `${id} is known (${count} records in the last ${days} days) but has none in ${window}. Its first record: ${first}; its last: ${last}.`,
    aroundLast: 'Diagnose around its last record',
    caseOnly:
      'IoT Hub device ids are case-sensitive: an id that differs only in upper/lower case is another device.',
  },
  ko: {
    deviceTitle: (id: string) => `${id} 기록이 없어요`,
    fleetTitle: {
      'hub-errors': '허브 오류 없음',
      'top-disconnects': '연결 끊김 없음',
      'dps-errors': 'DPS 실패 없음',
    },
    fleetSummary: {
      'hub-errors':
        '이 기간에 IoT Hub 오류가 없어요. 오류가 있어야 한다면, 허브가 Connections·DeviceTelemetry 로그를 이 작업 영역으로 보내는지 확인하세요.',
      'top-disconnects': '이 기간에 연결이 끊긴 장치가 없어요.',
      'dps-errors': '이 기간에 실패한 DPS 작업이 없어요.',
    },
    causes: '가능한 원인',
    fixes: '조치',
    coverage: (from: string, to: string) => `이 기간에 작업 영역에 있는 IoT Hub·DPS 로그: ${from} ~ ${to}`,
    suggestions: '혹시 이 장치인가요?',
    quietTitle: (id: string) => `이 기간에 ${id} 이벤트가 없어요`,
    quietSummary: (id: string, window: string, count: number, first: string, last: string, days: number) =>
      `${id}는 알려진 장치예요(최근 ${days}일 기록 ${count}건). 하지만 ${window}에는 기록이 없어요. 첫 기록: ${first}, 마지막 기록: ${last}.`,
    aroundLast: '마지막 기록 전후 진단',
    caseOnly: 'IoT Hub 장치 ID는 대소문자를 구분해요. 대소문자만 다른 ID는 다른 장치예요.',
  },
} as const;

/** Buttons with near ids: enough to catch a typo, few enough to read. */
const MAX_SUGGESTIONS = 5;

/** Nothing to show: say why it may be, and offer the nearest device ids and a wider window. */
/**
 * A fleet question whose answer has no rows: the no-data card for it, with the same window,
 * queries and data status, so every fleet card says "nothing found" the same way.
 */
export function emptyFleetCard(
  kind: 'hub-errors' | 'top-disconnects',
  answer: Pick<NoDataCardInput, 'window' | 'queries' | 'dataStatus'>,
  scope: { readonly hub?: string },
  ctx: CardContext,
): CardRequest {
  const subject = { kind, ...(scope.hub !== undefined ? { hub: scope.hub } : {}) };
  const logsCoverage = answer.dataStatus?.logsCoverage;
  return noDataCard(
    {
      subject,
      window: answer.window,
      queries: answer.queries,
      ...(logsCoverage ? { logsCoverage } : {}),
      ...(answer.dataStatus ? { dataStatus: answer.dataStatus } : {}),
    },
    ctx,
  );
}

export function noDataCard(input: NoDataCardInput, ctx: CardContext): CardRequest {
  const text = TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  const subject = input.subject;
  if (subject.kind === 'device' && input.deviceHistory) {
    return quietDeviceCard({ ...input, subject, deviceHistory: input.deviceHistory }, ctx);
  }
  const windowText = formatWindow(input.window, ctx);
  const catalogId: FindingId | undefined = input.noDiagnostics
    ? 'data.no-diagnostics'
    : subject.kind === 'device'
      ? 'data.no-device-records'
      : undefined;
  const catalog = catalogId ? findingText(catalogId, ctx.locale) : undefined;
  const summary =
    catalogId === undefined
      ? text.fleetSummary[subject.kind as 'hub-errors' | 'top-disconnects' | 'dps-errors']
      : formatSummary(catalogId, ctx.locale, {
          window: windowText,
          ...(catalogId === 'data.no-device-records' && subject.kind === 'device'
            ? { deviceId: subject.deviceId }
            : {}),
        });
  const hub = subject.hub;
  const hubScope = hub !== undefined ? { hub } : {};
  const wider = widerWindow(input.window, ctx.locale);
  const widen = wider
    ? cardButton(
        common.widenWindow(wider.label),
        subject.kind === 'device'
          ? { cmd: 'diagnose', deviceId: subject.deviceId, ...hubScope, start: wider.start, end: wider.end }
          : { cmd: subject.kind, ...hubScope, start: wider.start, end: wider.end },
      )
    : undefined;
  const suggestions =
    subject.kind === 'device'
      ? (input.suggestedIds ?? []).slice(0, MAX_SUGGESTIONS).map((id) =>
          cardButton(id, {
            cmd: 'diagnose',
            deviceId: id,
            ...hubScope,
            start: input.window.start,
            end: input.window.end,
          }),
        )
      : [];
  return {
    template: 'no-data',
    data: {
      title: subject.kind === 'device' ? text.deviceTitle(subject.deviceId) : text.fleetTitle[subject.kind],
      summary,
      window: `${common.window}: ${windowText}`,
      warnings: input.dataStatus ? dataWarnings(input.dataStatus, ctx.locale) : [],
      hasCauses: catalog !== undefined,
      causesLabel: text.causes,
      causes: catalog ? bullets(catalog.causes) : '',
      fixesLabel: text.fixes,
      fixes: catalog ? bullets(catalog.fixes) : '',
      coverage: input.logsCoverage
        ? text.coverage(
            formatInstant(input.logsCoverage.earliest, ctx),
            formatInstant(input.logsCoverage.latest, ctx),
          )
        : '',
      suggestionsLabel:
        suggestions.length === 0
          ? ''
          : caseOnlyMatch(subject, input.suggestedIds)
            ? `${text.caseOnly} ${text.suggestions}`
            : text.suggestions,
      suggestions,
      queriesTitle: common.showQueries,
      queries: queryData(input.queries ?? [], input.window, ctx),
      buttons: widen ? [widen] : [],
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether one of the suggested ids differs from the asked one only in letter case. */
function caseOnlyMatch(
  subject: NoDataCardInput['subject'],
  suggestedIds: readonly string[] | undefined,
): boolean {
  if (subject.kind !== 'device') return false;
  const wanted = subject.deviceId.toLowerCase();
  return (suggestedIds ?? []).some((id) => id !== subject.deviceId && id.toLowerCase() === wanted);
}

/** A known device with no records in the window: its first and last record, and a way to look there. */
function quietDeviceCard(
  input: NoDataCardInput & {
    readonly subject: { readonly kind: 'device'; readonly deviceId: string; readonly hub?: string };
    readonly deviceHistory: DeviceHistory;
  },
  ctx: CardContext,
): CardRequest {
  const text = TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  const { subject, deviceHistory: history } = input;
  const hubScope = subject.hub !== undefined ? { hub: subject.hub } : {};
  const windowText = formatWindow(input.window, ctx);
  const days = Math.round((Date.parse(history.span.end) - Date.parse(history.span.start)) / DAY_MS);
  // The day up to a minute after its last record: where its story stops.
  const lastEnd = new Date(Date.parse(history.last) + 60_000);
  const around = {
    start: new Date(lastEnd.getTime() - DAY_MS).toISOString(),
    end: lastEnd.toISOString(),
  };
  return {
    template: 'no-data',
    data: {
      title: text.quietTitle(subject.deviceId),
      summary: text.quietSummary(
        subject.deviceId,
        windowText,
        history.records,
        formatInstant(history.first, ctx),
        formatInstant(history.last, ctx),
        days,
      ),
      window: `${common.window}: ${windowText}`,
      warnings: input.dataStatus ? dataWarnings(input.dataStatus, ctx.locale) : [],
      hasCauses: false,
      causesLabel: text.causes,
      causes: '',
      fixesLabel: text.fixes,
      fixes: '',
      coverage: '',
      suggestionsLabel: '',
      suggestions: [],
      queriesTitle: common.showQueries,
      queries: queryData(input.queries ?? [], input.window, ctx),
      buttons: [
        cardButton(text.aroundLast, { cmd: 'diagnose', deviceId: subject.deviceId, ...hubScope, ...around }),
      ],
    },
  };
}

/** The no-data input of a diagnosis whose verdict is `no-data`. */
export function noDataInputFromDiagnosis(diagnosis: Diagnosis): NoDataCardInput {
  const deviceRecords = diagnosis.findings.find((finding) => finding.id === 'data.no-device-records');
  const hub = diagnosis.hub ?? diagnosis.request.hub;
  return {
    subject: { kind: 'device', deviceId: diagnosis.request.deviceId, ...(hub !== undefined ? { hub } : {}) },
    window: diagnosis.request.window,
    suggestedIds: deviceRecords?.facts.suggestedIds ?? [],
    noDiagnostics: diagnosis.findings.some((finding) => finding.id === 'data.no-diagnostics'),
    ...(diagnosis.dataStatus.logsCoverage ? { logsCoverage: diagnosis.dataStatus.logsCoverage } : {}),
    queries: diagnosis.queries,
    dataStatus: diagnosis.dataStatus,
  };
}
