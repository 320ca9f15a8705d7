/**
 * Pieces several templates share: facts, the "Show query" list with its deep links, data
 * warnings, charts and the "Widen window" step. Mappers fill them; templates only lay them out.
 */
import type { ExecutedQuery } from '../diagnosis';
import { explainCode } from '../knowledge/catalog';
import type { Locale } from './card-data';
import type { CardContext } from './card-context';
import { COMMON_TEXT } from './common-text';
import { formatInstant, windowLengthInMs } from './card-time';

export interface FactData {
  readonly title: string;
  readonly value: string;
}

/** One query the answer ran: name, exact KQL (shown monospace), and its portal link when configured. */
export interface QueryData {
  readonly name: string;
  readonly kql: string;
  /**
   * The KQL line by line, each shown as a plain-text run: markdown would eat `_` and `*`
   * (`parse_json(properties_s)`), and the reader must be able to paste exactly what ran.
   */
  readonly lines: readonly string[];
  /** Why the text is not shown ('' when it is): the card's size budget ran out. */
  readonly note: string;
  readonly hasLink: boolean;
  readonly link: string;
  readonly linkTitle: string;
  /** The full title when `linkTitle` was shortened. */
  readonly linkTooltip: string;
}

export interface TextLineData {
  readonly text: string;
}

/** A series of `Chart.Line` (one line) or `Chart.VerticalBar.Grouped` (one bar per group): same shape. */
export interface LineSeriesData {
  readonly legend: string;
  /** A Teams chart colour name (`good`, `warning`, `attention`, `categoricalBlue`, ...). */
  readonly color: string;
  readonly values: readonly { readonly x: string; readonly y: number }[];
}

/** Series over shared x labels: `Chart.Line` and `Chart.VerticalBar.Grouped` take the same data. */
export interface SeriesChartData {
  readonly title: string;
  readonly series: readonly LineSeriesData[];
  /** What a client without chart support shows instead. */
  readonly fallbackText: string;
}

/** `Chart.HorizontalBar` / `Chart.VerticalBar` bars. */
export interface BarChartData {
  readonly title: string;
  readonly bars: readonly { readonly x: string; readonly y: number }[];
  readonly fallbackText: string;
}

/** `Chart.Donut` / `Chart.Pie` slices. */
export interface DonutChartData {
  readonly title: string;
  readonly slices: readonly { readonly legend: string; readonly value: number }[];
  readonly fallbackText: string;
}

type Window = { readonly start: string; readonly end: string };

/**
 * Characters of KQL (plus per-line markup) one card may carry. Teams refuses messages over 100 KB,
 * so queries beyond this are named with a note instead of their text; the portal link still has them.
 */
const QUERY_TEXT_BUDGET = 24_000;
/** JSON around each line (a RichTextBlock with one monospace TextRun). */
const LINE_OVERHEAD = 120;

/**
 * The link that opens `query` in the backend's UI over `window`, or ''. A query stored before
 * queries recorded their target ran in the default one.
 */
export function queryLink(query: ExecutedQuery, window: Window, ctx: CardContext): string {
  const links = ctx.queryLinks;
  if (!links) return '';
  return links.link(query.kql, window, query.target) ?? '';
}

/** The queries of an answer, each with a deep link when the backend can make one. */
export function queryData(queries: readonly ExecutedQuery[], window: Window, ctx: CardContext): QueryData[] {
  let budget = QUERY_TEXT_BUDGET;
  const service = ctx.queryLinks?.serviceName ?? '';
  return queries.map((query) => {
    const link = queryLink(query, window, ctx);
    const lines = query.kql.split('\n').map((line) => (line === '' ? ' ' : line));
    const cost = query.kql.length + lines.length * LINE_OVERHEAD;
    const shown = cost <= budget;
    if (shown) budget -= cost;
    return {
      name: query.name,
      kql: query.kql,
      lines: shown ? lines : [],
      note: shown
        ? ''
        : COMMON_TEXT[ctx.locale].queryTooLong(lines.length, link !== '' ? service : undefined),
      hasLink: link !== '',
      link,
      linkTitle: linkTitle(COMMON_TEXT[ctx.locale].openIn(service)),
      linkTooltip: COMMON_TEXT[ctx.locale].openIn(service),
    };
  });
}

/** Characters a button title keeps before Teams cuts it off mid-word. */
export const LINK_TITLE_MAX = 30;

/** A button title of at most {@link LINK_TITLE_MAX} characters, ending in "…" when shortened. */
export function linkTitle(title: string): string {
  const characters = [...title];
  if (characters.length <= LINK_TITLE_MAX) return title;
  return `${characters
    .slice(0, LINK_TITLE_MAX - 1)
    .join('')
    .trimEnd()}…`;
}

/** The data-status lines every answer shows above its content. */
export function dataWarnings(
  status: {
    readonly partial: boolean;
    readonly partialError?: string;
    readonly truncated: readonly string[];
    readonly recentWindow?: boolean;
  },
  locale: Locale,
): TextLineData[] {
  const text = COMMON_TEXT[locale];
  const warnings: TextLineData[] = [];
  if (status.partial) warnings.push({ text: text.partial(status.partialError) });
  if (status.truncated.length > 0) warnings.push({ text: text.truncated(status.truncated.join(', ')) });
  if (status.recentWindow) warnings.push({ text: text.recentWindow });
  return warnings;
}

/**
 * "The data covers only … of this window" when the logs start or end well inside the window (more
 * than a tenth of it), e.g. a 7-day window over a 3-day demo; undefined when they cover it.
 */
export function coverageShortOf(
  window: { readonly start: string; readonly end: string },
  coverage: { readonly earliest: string; readonly latest: string } | undefined,
  ctx: CardContext,
): string | undefined {
  if (!coverage) return undefined;
  const slack = (Date.parse(window.end) - Date.parse(window.start)) * 0.1;
  const late = Date.parse(coverage.earliest) - Date.parse(window.start) > slack;
  const early = Date.parse(window.end) - Date.parse(coverage.latest) > slack;
  if (!late && !early) return undefined;
  return COMMON_TEXT[ctx.locale].coverageShort(
    formatInstant(coverage.earliest, ctx),
    formatInstant(coverage.latest, ctx),
  );
}

/** An answer's data-status lines plus, when its logs cover less than its window, how much they cover. */
export function answerWarnings(
  answer: {
    readonly window: { readonly start: string; readonly end: string };
    readonly dataStatus: Parameters<typeof dataWarnings>[0] & {
      readonly logsCoverage?: { readonly earliest: string; readonly latest: string };
    };
  },
  ctx: CardContext,
): TextLineData[] {
  const coverage = coverageShortOf(answer.window, answer.dataStatus.logsCoverage, ctx);
  return [
    ...dataWarnings(answer.dataStatus, ctx.locale),
    ...(coverage !== undefined ? [{ text: coverage }] : []),
  ];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Window lengths "Widen" steps through; Log Analytics keeps 30 days by default. */
const WIDER_WINDOWS: readonly {
  readonly lengthInMs: number;
  readonly label: Readonly<Record<Locale, string>>;
}[] = [
  { lengthInMs: 6 * HOUR_MS, label: { en: '6 hours', ko: '6시간' } },
  { lengthInMs: DAY_MS, label: { en: '24 hours', ko: '24시간' } },
  { lengthInMs: 3 * DAY_MS, label: { en: '3 days', ko: '3일' } },
  { lengthInMs: 7 * DAY_MS, label: { en: '7 days', ko: '7일' } },
  { lengthInMs: 30 * DAY_MS, label: { en: '30 days', ko: '30일' } },
];

/** The next wider window ending where this one ends, or undefined when it is already 30 days. */
export function widerWindow(
  window: Window,
  locale: Locale,
): { readonly start: string; readonly end: string; readonly label: string } | undefined {
  const length = windowLengthInMs(window);
  const next = WIDER_WINDOWS.find((step) => step.lengthInMs > length * 1.01);
  if (!next) return undefined;
  const end = new Date(window.end);
  return {
    start: new Date(end.getTime() - next.lengthInMs).toISOString(),
    end: end.toISOString(),
    label: next.label[locale],
  };
}

/** "65 min" (as the detectors format intervals) in the reader's language. */
export function localizeDuration(text: string, locale: Locale): string {
  if (locale === 'en') return text;
  const match = /^(\d+(?:\.\d+)?)\s*(min|h|d)$/.exec(text.trim());
  if (!match) return text;
  const unit = { min: '분', h: '시간', d: '일' }[match[2] as 'min' | 'h' | 'd'];
  return `${match[1]}${unit}`;
}

/** "12 min ago" / "12분 전". */
export function formatAgo(instant: string, ctx: CardContext): string {
  const ms = ctx.now.getTime() - Date.parse(instant);
  if (!Number.isFinite(ms)) return '';
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const ko = ctx.locale === 'ko';
  if (minutes < 1) return ko ? '방금 전' : 'just now';
  if (minutes < 120) return ko ? `${minutes}분 전` : `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return ko ? `${hours}시간 전` : `${hours} h ago`;
  const days = Math.round(hours / 24);
  return ko ? `${days}일 전` : `${days} d ago`;
}

/**
 * The code an Explain button should send, when the catalog can explain it: an Explain button that
 * answers "unknown code" is worse than none. DPS codes are looked up as DPS (429001 is also an IoT
 * Hub code); the returned code alone is unambiguous for `explain`.
 */
export function explainableCode(code: string, source?: 'iothub' | 'dps'): string | undefined {
  const entry = explainCode(source === undefined ? code : `${source} ${code}`);
  if (!entry) return undefined;
  return explainCode(entry.code)?.source === entry.source ? entry.code : undefined;
}
