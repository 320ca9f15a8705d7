/**
 * Diagnosis → the card an on-call engineer reads first:
 *
 *   title · facts (device, hub, DPS, window with zone) · verdict line · last connect · warnings
 *   the top finding's likely cause and first fix (its command filled with the real hub and device)
 *   [All findings] [Activity & timeline]  ← toggles; what they open starts hidden:
 *     findings in rank order: title + severity, summary, Symptoms / Causes / Fixes (+ SDK note, Learn more)
 *     activity chart (whole-window counts per bin) · timeline (most relevant first, no raw URLs)
 *   [Show query (the device's query + Show all events)] [Open in Log Analytics] [Widen] [Explain] [Diagnose again]
 *
 * The collapsed card is short on purpose (the expanded one was 2,300 px tall): what to do first is
 * on screen, the evidence one click away.
 *
 * All prose comes from the knowledge catalog by finding id; this file only picks and arranges.
 */
import type { Diagnosis, Finding } from '../diagnosis';
import {
  fillCommandPlaceholders,
  findingText,
  formatSummary,
  type CommandPlaceholder,
  getFinding,
  sdkNote,
  type PlaceholderValues,
} from '../knowledge/catalog';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import {
  dataWarnings,
  explainableCode,
  formatAgo,
  linkTitle,
  localizeDuration,
  queryData,
  queryLink,
  widerWindow,
  type FactData,
  type SeriesChartData,
  type QueryData,
  type TextLineData,
} from './card-parts';
import { formatInstant, formatWindow, windowLengthInMs } from './card-time';
import { bullets, COMMON_TEXT, severityColor } from './common-text';
import { chartAxis, type ChartAxisData } from './chart-axis';
import { activityChart, firstUrlIn, timelineRows, type TimelineRowData } from './device-activity';
import { DIAGNOSIS_TEXT, type DiagnosisText } from './diagnosis-text';
import { noDataCard, noDataInputFromDiagnosis } from './no-data-card';

export interface FindingCardData {
  readonly title: string;
  readonly meta: string;
  readonly color: string;
  readonly summary: string;
  readonly detailsId: string;
  /** Symptoms / Causes / Fixes are included (the top findings only, to keep the card small). */
  readonly hasDetails: boolean;
  /** Shown open (the top finding); the others open with their Details button. */
  readonly expanded: boolean;
  readonly symptoms: string;
  readonly causes: string;
  readonly fixes: string;
  readonly hasSdkNote: boolean;
  readonly sdkNoteLabel: string;
  readonly sdkNote: string;
  /** One documentation link per finding (the first the service's messages named), instead of raw URLs in rows. */
  readonly hasLearnMore: boolean;
  readonly learnMore: string;
}

export interface DiagnosisCardData {
  readonly title: string;
  readonly facts: readonly FactData[];
  readonly verdict: string;
  readonly verdictColor: string;
  readonly verdictDetail: string;
  /** The live connection state line from Event Grid ('' without one): it can be newer than the logs. */
  readonly liveState: string;
  readonly warnings: readonly TextLineData[];
  readonly labels: {
    readonly findings: string;
    readonly symptoms: string;
    readonly causes: string;
    readonly fixes: string;
    readonly details: string;
    readonly learnMore: string;
    readonly likelyCause: string;
    readonly firstFix: string;
    readonly findingsToggle: string;
    readonly activityToggle: string;
  };
  /** The top finding's first cause and first fix, shown before any toggle ('' when none). */
  readonly topCause: string;
  readonly topFix: string;
  readonly hasTopLines: boolean;
  readonly findings: readonly FindingCardData[];
  readonly findingsMore: string;
  readonly hasActivity: boolean;
  /** Said under the chart when it is drawn from a shortened timeline ('' otherwise). */
  readonly activityNote: string;
  readonly activity: SeriesChartData;
  /** The chart's y range: whole-number ticks for its counts. */
  readonly activityAxis: ChartAxisData;
  readonly timelineHeading: string;
  readonly hasTimeline: boolean;
  readonly timeline: readonly TimelineRowData[];
  readonly timelineMore: string;
  readonly footer: string;
  readonly queriesTitle: string;
  readonly hasQueries: boolean;
  readonly queries: readonly QueryData[];
  readonly hasDeepLink: boolean;
  readonly deepLinkTitle: string;
  /** The full link title when `deepLinkTitle` had to be shortened. */
  readonly deepLinkTooltip: string;
  readonly deepLink: string;
  /** Under "Show query": lists the device's events page by page (recent-events verb). */
  readonly showAllEvents: readonly CardButton[];
  readonly buttons: readonly CardButton[];
}

/** The device's own query (diagnosis/queries/device-connections.ts; cards import only types from diagnosis). */
const DEVICE_CONNECTIONS_QUERY = 'device-connections';
/** Findings a card lists; more would bury the first one. */
const MAX_FINDINGS = 5;
/** Findings that carry Symptoms / Causes / Fixes; the rest show title and summary. */
const DETAILED_FINDINGS = 3;
/** Explain buttons for the top finding's codes, as many as the action budget leaves. */
const MAX_EXPLAIN_BUTTONS = 2;
/** Top-level actions a card may have: the renderer's default host config allows five. */
const MAX_ACTIONS = 5;

const SDK_NAMES: Readonly<Record<string, string>> = {
  dotnet: '.NET',
  java: 'Java',
  node: 'Node.js',
  python: 'Python',
  c: 'C',
};

/** Placeholder values in the reader's zone and language, with the request filling what a detector left out. */
function summaryParams(finding: Finding, diagnosis: Diagnosis, ctx: CardContext): PlaceholderValues {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(finding.params)) if (value !== undefined) params[name] = value;
  if ('window' in params) params['window'] = formatWindow(diagnosis.request.window, ctx);
  if (typeof params['lastConnect'] === 'string')
    params['lastConnect'] = formatInstant(params['lastConnect'], ctx);
  if (typeof params['interval'] === 'string')
    params['interval'] = localizeDuration(params['interval'], ctx.locale);
  return params;
}

/** How the card quotes the error text the hub logged, when the finding names it (an unexplained 401003). */
const HUB_SAID: Readonly<Record<CardContext['locale'], (message: string) => string>> = {
  en: (message) => `The hub logged: "${message}"`,
  ko: (message) => `허브가 남긴 메시지: "${message}"`,
};

/** The summary sentence, then the hub's own words when the finding carries them. */
function summaryOf(finding: Finding, diagnosis: Diagnosis, ctx: CardContext): string {
  const sentence = summarySentence(finding, diagnosis, ctx);
  const quoted = finding.params['errorMessage'];
  if (typeof quoted !== 'string' || quoted === '') return sentence;
  return [sentence, HUB_SAID[ctx.locale](quoted)].filter((part) => part !== '').join(' ');
}

/** The finding's summary sentence; a placeholder no detector filled falls back to what the request says. */
function summarySentence(finding: Finding, diagnosis: Diagnosis, ctx: CardContext): string {
  const params = summaryParams(finding, diagnosis, ctx);
  const defaults: PlaceholderValues = {
    deviceId: diagnosis.request.deviceId,
    window: formatWindow(diagnosis.request.window, ctx),
    ...(diagnosis.hub !== undefined ? { hub: diagnosis.hub } : {}),
    ...(diagnosis.dps !== undefined ? { dps: diagnosis.dps } : {}),
  };
  try {
    return formatSummary(finding.id, ctx.locale, params);
  } catch {
    try {
      return formatSummary(finding.id, ctx.locale, { ...defaults, ...params });
    } catch {
      // A summary that needs a value nobody has (e.g. an interval too irregular to state) reads
      // better as no sentence than as a half-filled one.
      return '';
    }
  }
}

/** The values a fix command may name that this diagnosis knows. */
function commandValues(diagnosis: Diagnosis): Partial<Record<CommandPlaceholder, string>> {
  const hub = diagnosis.hub ?? diagnosis.request.hub;
  const registrationId =
    diagnosis.request.registrationId ??
    (diagnosis.dps !== undefined ? diagnosis.request.deviceId : undefined);
  return {
    'device-id': diagnosis.request.deviceId,
    ...(hub !== undefined ? { 'hub-name': hub } : {}),
    ...(diagnosis.dps !== undefined ? { 'dps-name': diagnosis.dps } : {}),
    ...(registrationId !== undefined ? { 'registration-id': registrationId } : {}),
  };
}

/** The catalog's fixes with their commands naming this device, hub and DPS. */
function fixesOf(finding: Finding, diagnosis: Diagnosis, ctx: CardContext): string[] {
  const values = commandValues(diagnosis);
  return findingText(finding.id, ctx.locale).fixes.map((fix) => fillCommandPlaceholders(fix, values));
}

function learnMoreOf(finding: Finding): string {
  for (const event of finding.evidence) {
    const url = firstUrlIn(event.message);
    if (url !== undefined) return url;
  }
  return '';
}

function findingData(
  finding: Finding,
  index: number,
  diagnosis: Diagnosis,
  ctx: CardContext,
  text: DiagnosisText,
): FindingCardData {
  const catalog = findingText(finding.id, ctx.locale);
  const common = COMMON_TEXT[ctx.locale];
  const family = finding.facts.sdkFamily;
  const note =
    family !== undefined && family !== 'unknown' ? sdkNote(finding.id, ctx.locale, family) : undefined;
  const evidence =
    finding.evidence.length > 0
      ? ctx.locale === 'ko'
        ? `이벤트 ${finding.evidence.length}건`
        : `${finding.evidence.length} event${finding.evidence.length > 1 ? 's' : ''}`
      : '';
  return {
    title: catalog.title,
    meta: [common.severity[finding.severity], evidence].filter((part) => part !== '').join(' · '),
    color: severityColor(finding.severity),
    summary: summaryOf(finding, diagnosis, ctx),
    detailsId: `finding-details-${index}`,
    hasDetails: index < DETAILED_FINDINGS,
    expanded: index === 0,
    symptoms: bullets(catalog.symptoms),
    causes: bullets(catalog.causes),
    fixes: bullets(fixesOf(finding, diagnosis, ctx)),
    hasSdkNote: note !== undefined,
    sdkNoteLabel: family !== undefined ? text.sdkNote(SDK_NAMES[family] ?? family) : '',
    sdkNote: note ?? '',
    hasLearnMore: learnMoreOf(finding) !== '',
    learnMore: learnMoreOf(finding),
  };
}

/**
 * Findings about the device; data.* findings become warning lines instead. `iothub.healthy` beside
 * another finding (a benign token renewal, say) would only repeat the verdict line, so it shows
 * only when it is the whole answer.
 */
function deviceFindings(diagnosis: Diagnosis): Finding[] {
  const aboutDevice = diagnosis.findings.filter((finding) => !finding.id.startsWith('data.'));
  const specific = aboutDevice.filter((finding) => finding.id !== 'iothub.healthy');
  return specific.length > 0 ? specific : aboutDevice;
}

function verdictOf(
  diagnosis: Diagnosis,
  findings: readonly Finding[],
  ctx: CardContext,
  text: DiagnosisText,
): { verdict: string; color: string; detail: string } {
  const lastConnect = diagnosis.verdict.lastConnect;
  const detail = lastConnect
    ? text.lastConnectLine(formatInstant(lastConnect, ctx), formatAgo(lastConnect, ctx))
    : text.noConnectLine;
  if (diagnosis.verdict.kind === 'problem') {
    const problems = findings.filter((finding) => finding.severity !== 'info' && finding.evidence.length > 0);
    const top = problems[0] ?? findings[0];
    const title = top ? findingText(top.id, ctx.locale).title : '';
    return {
      verdict: text.verdict.problem(title, Math.max(0, problems.length - 1)),
      color: top ? severityColor(top.severity) : 'Attention',
      detail,
    };
  }
  if (diagnosis.verdict.kind === 'healthy') return { verdict: text.verdict.healthy, color: 'Good', detail };
  return { verdict: text.verdict.noData, color: 'Warning', detail };
}

/** Warnings about the data behind the answer: partial, truncated, recent window, thin coverage. */
function warningsOf(diagnosis: Diagnosis, ctx: CardContext, text: DiagnosisText): TextLineData[] {
  const warnings = dataWarnings(diagnosis.dataStatus, ctx.locale);
  const coverage = diagnosis.dataStatus.logsCoverage;
  if (coverage) {
    const window = diagnosis.request.window;
    const slack = windowLengthInMs(window) * 0.1;
    const late = Date.parse(coverage.earliest) - Date.parse(window.start) > slack;
    const early = Date.parse(window.end) - Date.parse(coverage.latest) > slack;
    if (late || early)
      warnings.push({
        text: text.coverage(formatInstant(coverage.earliest, ctx), formatInstant(coverage.latest, ctx)),
      });
  }
  return warnings;
}

/** Codes worth an Explain button: the top finding's, else the first finding that has any. */
function codesToExplain(findings: readonly Finding[]): string[] {
  const explainable = (finding: Finding): string[] => {
    const source = finding.id.startsWith('dps.') ? 'dps' : 'iothub';
    const seen = finding.facts.codes ?? finding.evidence.map((event) => event.detailCode || event.code);
    const codes = seen.length > 0 ? seen : getFinding(finding.id).codes;
    return codes.flatMap((code) => (code === '' ? [] : (explainableCode(code, source) ?? [])));
  };
  const withCodes = findings.find((finding) => explainable(finding).length > 0);
  return withCodes ? [...new Set(explainable(withCodes))].slice(0, MAX_EXPLAIN_BUTTONS) : [];
}

/**
 * Widen, Explain <code>…, Diagnose again. `otherActions` (Show query, Open in Log Analytics) count
 * against the same budget, so Explain buttons are the ones left out when space runs short.
 */
function buttonsOf(
  diagnosis: Diagnosis,
  findings: readonly Finding[],
  ctx: CardContext,
  otherActions: number,
): CardButton[] {
  const common = COMMON_TEXT[ctx.locale];
  const { deviceId } = diagnosis.request;
  const hub = diagnosis.request.hub ?? diagnosis.hub;
  const hubScope = hub !== undefined ? { hub } : {};
  const buttons: CardButton[] = [];
  const wider = widerWindow(diagnosis.request.window, ctx.locale);
  if (wider)
    buttons.push(
      cardButton(common.widenWindow(wider.label), {
        cmd: 'diagnose',
        deviceId,
        ...hubScope,
        start: wider.start,
        end: wider.end,
      }),
    );
  const explainBudget = Math.max(0, MAX_ACTIONS - otherActions - buttons.length - 1);
  for (const code of codesToExplain(findings).slice(0, explainBudget))
    buttons.push(cardButton(common.explain(code), { cmd: 'explain', code }));
  buttons.push(cardButton(common.diagnoseAgain, { cmd: 'diagnose', deviceId, ...hubScope }));
  return buttons;
}

/**
 * The diagnosis card. A diagnosis whose verdict is `no-data` gets the no-data card instead (with
 * the nearest known device ids as buttons), so callers can always use this one function.
 */
export function diagnosisCard(
  diagnosis: Diagnosis,
  ctx: CardContext,
  options: { readonly liveState?: string } = {},
): CardRequest {
  if (diagnosis.verdict.kind === 'no-data') return noDataCard(noDataInputFromDiagnosis(diagnosis), ctx);
  const text = DIAGNOSIS_TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  const findings = deviceFindings(diagnosis);
  const shown = findings.slice(0, MAX_FINDINGS);
  const verdict = verdictOf(diagnosis, findings, ctx, text);
  const hub = diagnosis.hub ?? diagnosis.request.hub;
  const facts: FactData[] = [
    { title: common.device, value: diagnosis.request.deviceId },
    { title: common.hub, value: hub ?? common.none },
    ...(diagnosis.dps !== undefined ? [{ title: common.dps, value: diagnosis.dps }] : []),
    { title: common.window, value: formatWindow(diagnosis.request.window, ctx) },
  ];
  const chart = activityChart(diagnosis, ctx, text);
  const { rows, eventsShown } = timelineRows(diagnosis, ctx, text);
  const hidden = diagnosis.timeline.total - eventsShown;
  // The query a person would run first; the batch's helper queries (hub bins, data presence) stay out.
  const primary =
    diagnosis.queries.find((query) => query.name === DEVICE_CONNECTIONS_QUERY) ?? diagnosis.queries[0];
  const queries = queryData(primary ? [primary] : [], diagnosis.request.window, ctx);
  const deepLink = primary ? queryLink(primary, diagnosis.request.window, ctx) : '';
  const deepLinkTitle = common.openIn(ctx.queryLinks?.serviceName ?? '');
  const top = shown[0];
  const topCause = top ? (findingText(top.id, ctx.locale).causes[0] ?? '') : '';
  const topFix = top ? (fixesOf(top, diagnosis, ctx)[0] ?? '') : '';
  return {
    template: 'diagnosis',
    data: {
      title: text.title(diagnosis.request.deviceId),
      facts,
      verdict: verdict.verdict,
      verdictColor: verdict.color,
      verdictDetail: verdict.detail,
      liveState: options.liveState ?? '',
      warnings: warningsOf(diagnosis, ctx, text),
      labels: {
        findings: text.findingsHeading,
        symptoms: text.symptoms,
        causes: text.causes,
        fixes: text.fixes,
        details: text.details,
        learnMore: text.learnMore,
        likelyCause: diagnosis.verdict.kind === 'healthy' ? text.healthyWhy : text.likelyCause,
        firstFix: diagnosis.verdict.kind === 'healthy' ? text.healthyAdvice : text.firstFix,
        findingsToggle: text.allFindings(shown.length),
        activityToggle: text.activityAndTimeline,
      },
      topCause,
      topFix,
      hasTopLines: topCause !== '' || topFix !== '',
      findings: shown.map((finding, index) => findingData(finding, index, diagnosis, ctx, text)),
      findingsMore: findings.length > shown.length ? common.more(findings.length - shown.length) : '',
      hasActivity: chart !== undefined,
      activityNote:
        chart !== undefined && diagnosis.timeline.events.length < diagnosis.timeline.total
          ? text.activityNote(diagnosis.timeline.events.length, diagnosis.timeline.total)
          : '',
      activity: chart ?? { title: '', series: [], fallbackText: '' },
      activityAxis: chartAxis(chart?.series.flatMap((series) => series.values.map((point) => point.y)) ?? []),
      timelineHeading: text.timelineHeading(eventsShown, diagnosis.timeline.total),
      hasTimeline: rows.length > 0,
      timeline: rows,
      timelineMore: hidden > 0 ? text.timelineMore(hidden) : '',
      footer: diagnosis.dataStatus.backend === 'local' ? common.localData : '',
      queriesTitle: common.showQuery,
      hasQueries: queries.length > 0,
      queries,
      hasDeepLink: deepLink !== '',
      deepLinkTitle: linkTitle(deepLinkTitle),
      deepLinkTooltip: deepLinkTitle,
      deepLink,
      showAllEvents: [
        cardButton(text.showAllEvents, {
          cmd: 'text',
          text: text.recentEventsCommand(diagnosis.request.deviceId),
        }),
      ],
      buttons: buttonsOf(diagnosis, findings, ctx, (queries.length > 0 ? 1 : 0) + (deepLink !== '' ? 1 : 0)),
    },
  };
}
