/**
 * The words of the terminal reports that are not catalog text (headings, labels, data notes), in
 * English and Korean, so `--locale ko` gives a Korean report and not Korean prose under English
 * headings. Finding and code prose always comes from the knowledge catalog.
 */
import type { Locale, Severity } from '../knowledge/catalog';

export interface ReportText {
  readonly severity: Readonly<Record<Severity, string>>;
  readonly verdictProblem: string;
  readonly verdictHealthy: string;
  readonly verdictExpected: string;
  readonly verdictNoData: string;
  readonly lastConnect: string;
  readonly hub: string;
  readonly dps: string;
  readonly window: string;
  readonly confidence: string;
  readonly symptoms: string;
  readonly causes: string;
  readonly fixes: string;
  readonly sdkNoteLabel: string;
  readonly findingHint: string;
  readonly familyOf: (code: string) => string;
  readonly evidence: (count: number) => string;
  readonly codes: string;
  readonly docs: string;
  readonly didYouMean: string;
  readonly timeline: (shown: number, total: number) => string;
  readonly queries: string;
  readonly dataPartial: (message: string) => string;
  readonly dataTruncated: (names: string) => string;
  readonly dataRecent: string;
  readonly logsBeforeWindow: (range: string, window: string) => string;
  readonly logsAfterWindow: (range: string, window: string) => string;
  readonly logsPartlyCover: (range: string, window: string) => string;
  readonly noLogsLoaded: string;
  readonly tryWindowHint: (latest: string) => string;
  readonly meaning: string;
  readonly whatToDo: string;
  readonly explainedBy: string;
  readonly noRows: string;
}

const EN: ReportText = {
  severity: { info: 'INFO', warning: 'WARNING', error: 'ERROR', critical: 'CRITICAL' },
  verdictProblem: 'Problem found',
  verdictHealthy: 'No problem found',
  verdictExpected: 'No problem found (expected behaviour)',
  verdictNoData: 'Nothing to go on',
  lastConnect: 'last successful connect',
  hub: 'hub',
  dps: 'DPS',
  window: 'window',
  confidence: 'confidence',
  symptoms: 'What the logs show',
  causes: 'What it means',
  fixes: 'What to do',
  sdkNoteLabel: 'SDK note',
  findingHint: 'Run `iot-triage explain <finding id>` for the symptoms, causes and fixes of a finding.',
  familyOf: (code) => `${code} has no entry of its own; it belongs to the codes this finding explains:`,
  evidence: (count) => `Evidence: ${count} ${count === 1 ? 'event' : 'events'}`,
  codes: 'codes',
  docs: 'Docs',
  didYouMean: 'Did you mean',
  timeline: (shown, total) =>
    shown === total ? `Timeline (${total} events)` : `Timeline (${shown} of ${total} events)`,
  queries: 'KQL that ran (paste into Log Analytics)',
  dataPartial: (message) => `Partial results: ${message}`,
  dataTruncated: (names) => `Row cap reached (newest rows kept): ${names}`,
  dataRecent: 'The window ends within the last 5 minutes: late-arriving logs may be missing.',
  logsBeforeWindow: (range, window) =>
    `The loaded logs end before the window: they cover ${range}, the window is ${window}.`,
  logsAfterWindow: (range, window) =>
    `The loaded logs start after the window: they cover ${range}, the window is ${window}.`,
  logsPartlyCover: (range, window) =>
    `The loaded logs cover only part of the window: they cover ${range}, the window is ${window}.`,
  noLogsLoaded: 'No log records were loaded.',
  tryWindowHint: (latest) => `To look at them, add --now ${latest} (or give --from/--to inside that range).`,
  meaning: 'Meaning',
  whatToDo: 'What to do',
  explainedBy: 'Findings that explain it in context',
  noRows: 'Nothing in this window.',
};

const KO: ReportText = {
  severity: { info: '정보', warning: '경고', error: '오류', critical: '심각' },
  verdictProblem: '문제 발견',
  verdictHealthy: '문제 없음',
  verdictExpected: '문제 없음 (정상 동작)',
  verdictNoData: '판단할 데이터 없음',
  lastConnect: '마지막 연결 성공',
  hub: '허브',
  dps: 'DPS',
  window: '기간',
  confidence: '신뢰도',
  symptoms: '로그에 나타난 증상',
  causes: '원인',
  fixes: '조치',
  sdkNoteLabel: 'SDK 참고',
  findingHint: '진단 항목의 증상·원인·조치는 `iot-triage explain <진단 항목 id>` 로 볼 수 있어요.',
  familyOf: (code) => `${code}에 대한 개별 설명은 없지만, 다음 진단 항목이 설명하는 코드 계열에 속해요:`,
  evidence: (count) => `근거: 이벤트 ${count}건`,
  codes: '코드',
  docs: '문서',
  didYouMean: '혹시 이 장치인가요',
  timeline: (shown, total) =>
    shown === total ? `타임라인 (이벤트 ${total}건)` : `타임라인 (이벤트 ${total}건 중 ${shown}건)`,
  queries: '실행한 KQL (Log Analytics에 붙여 넣어 확인)',
  dataPartial: (message) => `일부 결과만 받았습니다: ${message}`,
  dataTruncated: (names) => `행 수 제한에 걸렸습니다 (최신 행만 사용): ${names}`,
  dataRecent: '기간이 최근 5분 이내에 끝납니다. 늦게 도착하는 로그가 빠져 있을 수 있습니다.',
  logsBeforeWindow: (range, window) =>
    `불러온 로그가 조회 기간보다 먼저 끝납니다. 로그 범위: ${range}, 조회 기간: ${window}.`,
  logsAfterWindow: (range, window) =>
    `불러온 로그가 조회 기간 이후에 시작합니다. 로그 범위: ${range}, 조회 기간: ${window}.`,
  logsPartlyCover: (range, window) =>
    `불러온 로그가 조회 기간의 일부만 포함합니다. 로그 범위: ${range}, 조회 기간: ${window}.`,
  noLogsLoaded: '불러온 로그 레코드가 없습니다.',
  tryWindowHint: (latest) =>
    `이 로그를 보려면 --now ${latest} 를 추가하거나, 그 범위 안으로 --from/--to 를 지정하세요.`,
  meaning: '의미',
  whatToDo: '조치',
  explainedBy: '상황별로 설명하는 진단 항목',
  noRows: '이 기간에는 해당 항목이 없습니다.',
};

/** The report words for a locale. */
export function reportText(locale: Locale): ReportText {
  return locale === 'ko' ? KO : EN;
}

/** `2026-03-02 10:15:04`: seconds matter on a timeline (401003 and its 404104 are a second apart). */
export function formatInstant(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return Number.isNaN(date.getTime()) ? String(instant) : date.toISOString().slice(0, 19).replace('T', ' ');
}

/** `2026-03-01 10:00 – 2026-03-02 10:00 UTC`. */
export function formatRange(start: string | Date, end: string | Date): string {
  const minute = (value: string | Date): string => formatInstant(value).slice(0, 16);
  return `${minute(start)} – ${minute(end)} UTC`;
}
