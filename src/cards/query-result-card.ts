/**
 * The answer to `kql <query>`: one page of the result as a table (at most {@link PAGE_ROWS} rows and
 * {@link MAX_COLUMNS} columns, long cells shortened, so the card stays readable and far under
 * Teams' 100 KB message limit), a chart when the query ends in `render`, the query itself, an
 * "Open in …" link when the backend has a UI, and a button for the next page.
 */
import type { CardActionData } from './card-actions';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest, Locale } from './card-data';
import type { BarChartData, DonutChartData, SeriesChartData, TextLineData } from './card-parts';
import { chartAxis, type ChartAxisData } from './chart-axis';
import { formatInstant, formatWindow } from './card-time';
import { COMMON_TEXT } from './common-text';

/** Rows per page. */
export const PAGE_ROWS = 20;
/** Columns shown; more make every cell too narrow to read in a Teams message. */
export const MAX_COLUMNS = 6;
/** Characters of one cell before it is shortened. */
export const MAX_CELL_CHARS = 80;
/**
 * Lines and characters of the query the card shows. The Next button already carries all of it
 * twice (Execute + Submit fallback), so the shown copy is cut to keep the card under its budget.
 */
const SHOWN_QUERY_LINES = 40;
const SHOWN_QUERY_CHARS = 2_000;
const MAX_SERIES = 10;
const MAX_POINTS = 100;
const MAX_BARS = 20;
const MAX_SLICES = 10;
const SERIES_COLORS = [
  'categoricalBlue',
  'categoricalPurple',
  'categoricalLavender',
  'categoricalMarigold',
  'categoricalRed',
  'categoricalTeal',
  'categoricalBrown',
  'categoricalLightBlue',
  'categoricalPink',
  'categoricalGreen',
] as const;

/** The `render` visualizations the card draws (Kusto's names). */
export type RenderKind = 'timechart' | 'barchart' | 'columnchart' | 'piechart';

/** A result column as the logs backend names and types it (Kusto scalar type names). */
export interface QueryResultColumn {
  readonly name: string;
  readonly type: string;
}

/** What ran and what came back; the cells as the backend hands them (Date, number, JSON, text, null). */
export interface QueryResultInput {
  readonly query: string;
  /** 1-based page of the rows to show. */
  readonly page: number;
  readonly window: { readonly start: string; readonly end: string };
  /** Where it ran, e.g. `Log Analytics` or `The embedded log engine`, with the hub when one was named. */
  readonly source: string;
  readonly columns: readonly QueryResultColumn[];
  readonly rows: readonly (readonly unknown[])[];
  /** The service answered with part of the result and this error. */
  readonly partialError?: string;
  readonly render?: RenderKind;
  /** The button data that asks for page `page + 1` (absent when the query is too long to carry). */
  readonly nextPage?: CardActionData;
  /** Where it ran, for the "Open in …" link (when the backend has a UI: `ctx.queryLinks`). */
  readonly target?: { readonly kind: 'workspace' | 'resource'; readonly id: string };
}

export interface QueryResultCardData {
  readonly title: string;
  readonly subtitle: string;
  readonly summary: string;
  readonly warnings: readonly TextLineData[];
  readonly hasLine: boolean;
  readonly line: SeriesChartData;
  /** The y range of the line and column charts (whole ticks for counts). */
  readonly axis: ChartAxisData;
  readonly hasBars: boolean;
  readonly hasColumns: boolean;
  readonly bars: BarChartData;
  readonly hasPie: boolean;
  readonly pie: DonutChartData;
  readonly hasRows: boolean;
  readonly columns: readonly { readonly title: string }[];
  readonly rows: readonly { readonly cells: readonly { readonly text: string }[] }[];
  readonly more: string;
  readonly queryTitle: string;
  readonly queryLines: readonly string[];
  readonly hasLink: boolean;
  readonly linkTitle: string;
  readonly link: string;
  readonly buttons: readonly CardButton[];
}

const TEXT = {
  en: {
    title: 'KQL result',
    rows: (n: number) => (n === 1 ? '1 row' : `${n.toLocaleString('en-US')} rows`),
    showing: (from: number, to: number) => `showing ${from}–${to}`,
    columns: (shown: number, all: number, hidden: string) =>
      `${shown} of ${all} columns (not shown: ${hidden})`,
    noRows: 'The query returned no rows.',
    pastEnd: (pages: number) => `There is no such page: the result has ${pages} page(s).`,
    more: (n: number) => (n === 1 ? '1 more row' : `${n.toLocaleString('en-US')} more rows`),
    nextPage: (n: number) => `Next ${n} rows`,
    chartFallback: 'The chart needs a newer Teams client; the rows are below.',
    cannotChart: (kind: string) => `render ${kind}: the result has no numeric column to draw.`,
    queryTitle: 'Query',
    partial: (error: string) => `Only part of the result came back: ${error}`,
    window: 'Window',
    queryCut: (n: number) => `… (${n} more line(s) not shown)`,
  },
  ko: {
    title: 'KQL 결과',
    rows: (n: number) => `${n.toLocaleString('en-US')}행`,
    showing: (from: number, to: number) => `${from}–${to}행 표시`,
    columns: (shown: number, all: number, hidden: string) =>
      `열 ${all}개 중 ${shown}개 (표시 안 함: ${hidden})`,
    noRows: '쿼리 결과에 행이 없어요.',
    pastEnd: (pages: number) => `그런 페이지는 없어요. 결과는 ${pages}페이지예요.`,
    more: (n: number) => `${n.toLocaleString('en-US')}행 더 있음`,
    nextPage: (n: number) => `다음 ${n}행`,
    chartFallback: '차트는 최신 Teams 클라이언트에서 보여요. 행은 아래에 있어요.',
    cannotChart: (kind: string) => `render ${kind}: 결과에 차트로 그릴 숫자 열이 없어요.`,
    queryTitle: '쿼리',
    partial: (error: string) => `결과의 일부만 받았어요: ${error}`,
    window: '기간',
    queryCut: (n: number) => `… (${n}줄 더 있음)`,
  },
} as const satisfies Record<Locale, unknown>;

const NUMERIC = new Set(['long', 'int', 'real', 'decimal']);

/** `text` cut to `max` characters with an ellipsis. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** What an empty cell shows (a TextBlock needs text). */
const EMPTY_CELL = '—';

/** One cell as text: instants in the reader's zone, JSON as JSON, a dash for null and ''. */
function cellText(value: unknown, type: string, ctx: CardContext): string {
  if (value === null || value === undefined || value === '') return EMPTY_CELL;
  if (value instanceof Date) return formatInstant(value, ctx);
  if (type === 'datetime' && typeof value === 'string') return formatInstant(value, ctx);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function instantOf(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

interface Charts {
  readonly line?: SeriesChartData;
  readonly bars?: BarChartData;
  readonly pie?: DonutChartData;
  readonly warning?: string;
}

/** The chart `render` asks for, drawn from every row of the result (not only the page). */
function chartsFor(input: QueryResultInput, ctx: CardContext): Charts {
  const kind = input.render;
  if (!kind) return {};
  const text = TEXT[ctx.locale];
  const { columns, rows } = input;
  const numeric = columns.flatMap((c, i) => (NUMERIC.has(c.type) ? [i] : []));
  if (numeric.length === 0) return { warning: text.cannotChart(kind) };
  const fallbackText = text.chartFallback;
  const title = `render ${kind}`;
  if (kind === 'timechart') {
    const xIndex = columns.findIndex((c) => c.type === 'datetime');
    const x = xIndex >= 0 ? xIndex : 0;
    const ys = numeric.filter((i) => i !== x);
    if (ys.length === 0) return { warning: text.cannotChart(kind) };
    const split = columns.findIndex((c, i) => i !== x && c.type === 'string');
    const points = [...rows]
      .map((row) => ({ row, at: instantOf(row[x]) }))
      .filter((p): p is { row: readonly unknown[]; at: number } => p.at !== undefined)
      .sort((a, b) => a.at - b.at);
    const series = new Map<string, { x: string; y: number }[]>();
    for (const { row, at } of points) {
      const label = formatInstant(new Date(at), ctx);
      const keys =
        split >= 0 && ys.length === 1
          ? [{ legend: String(row[split] ?? ''), y: ys[0] as number }]
          : ys.map((i) => ({ legend: columns[i]?.name ?? '', y: i }));
      for (const { legend, y } of keys) {
        const value = numberOf(row[y]);
        if (value === undefined) continue;
        const values = series.get(legend) ?? [];
        if (!series.has(legend)) {
          if (series.size >= MAX_SERIES) continue;
          series.set(legend, values);
        }
        if (values.length < MAX_POINTS) values.push({ x: label, y: value });
      }
    }
    return {
      line: {
        title,
        series: [...series.entries()].map(([legend, values], i) => ({
          legend,
          color: SERIES_COLORS[i % SERIES_COLORS.length] as string,
          values,
        })),
        fallbackText,
      },
    };
  }
  const labelIndex = columns.findIndex((c) => !NUMERIC.has(c.type));
  const valueIndex = numeric.find((i) => i !== labelIndex) as number;
  const labelOf = (row: readonly unknown[]): string =>
    shorten(labelIndex >= 0 ? cellText(row[labelIndex], columns[labelIndex]?.type ?? '', ctx) : '', 40);
  const pairs = rows.flatMap((row) => {
    const value = numberOf(row[valueIndex]);
    return value === undefined ? [] : [{ label: labelOf(row), value }];
  });
  if (kind === 'piechart') {
    return {
      pie: {
        title,
        slices: pairs.slice(0, MAX_SLICES).map((p) => ({ legend: p.label, value: p.value })),
        fallbackText,
      },
    };
  }
  return {
    bars: { title, bars: pairs.slice(0, MAX_BARS).map((p) => ({ x: p.label, y: p.value })), fallbackText },
  };
}

/** The query's lines as the card shows them: the first ones, cut to the budget, then how many are left. */
function shownQueryLines(query: string, locale: Locale): string[] {
  const lines = query.split('\n');
  const shown: string[] = [];
  let budget = SHOWN_QUERY_CHARS;
  for (const line of lines) {
    if (shown.length >= SHOWN_QUERY_LINES || line.length > budget) break;
    budget -= line.length;
    shown.push(line === '' ? ' ' : line);
  }
  const left = lines.length - shown.length;
  return left > 0 ? [...shown, TEXT[locale].queryCut(left)] : shown;
}

/** The rows of page `page` (1-based) and how many pages there are. */
export function pageOf<T>(
  rows: readonly T[],
  page: number,
): { readonly rows: readonly T[]; readonly pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
  return { rows: rows.slice((page - 1) * PAGE_ROWS, page * PAGE_ROWS), pages };
}

/** The card for one page of a query's result. */
export function queryResultCard(input: QueryResultInput, ctx: CardContext): CardRequest {
  const text = TEXT[ctx.locale];
  const { rows: pageRows, pages } = pageOf(input.rows, input.page);
  const total = input.rows.length;
  const first = (input.page - 1) * PAGE_ROWS;
  const shown = input.columns.slice(0, MAX_COLUMNS);
  const hidden = input.columns.slice(MAX_COLUMNS).map((c) => c.name);
  const remaining = Math.max(0, total - first - pageRows.length);
  const charts = input.page === 1 ? chartsFor(input, ctx) : {};
  const summary = [
    text.rows(total),
    ...(pageRows.length > 0 && total > pageRows.length
      ? [text.showing(first + 1, first + pageRows.length)]
      : []),
    ...(hidden.length > 0 ? [text.columns(shown.length, input.columns.length, hidden.join(', '))] : []),
  ].join(' · ');
  const warnings: TextLineData[] = [
    ...(input.partialError ? [{ text: text.partial(input.partialError) }] : []),
    ...(charts.warning ? [{ text: charts.warning }] : []),
    ...(total === 0 ? [{ text: text.noRows }] : []),
    ...(total > 0 && pageRows.length === 0 ? [{ text: text.pastEnd(pages) }] : []),
  ];
  const link = ctx.queryLinks?.link(input.query, input.window, input.target) ?? '';
  const emptyBars: BarChartData = { title: '', bars: [], fallbackText: '' };
  return {
    template: 'query-result',
    data: {
      title: text.title,
      subtitle: `${input.source} · ${text.window}: ${formatWindow(input.window, ctx)}`,
      summary,
      warnings,
      hasLine: charts.line !== undefined,
      line: charts.line ?? { title: '', series: [], fallbackText: '' },
      axis: chartAxis([
        ...(charts.line?.series.flatMap((series) => series.values.map((point) => point.y)) ?? []),
        ...(charts.bars?.bars.map((bar) => bar.y) ?? []),
      ]),
      hasBars: charts.bars !== undefined && input.render === 'barchart',
      hasColumns: charts.bars !== undefined && input.render === 'columnchart',
      bars: charts.bars ?? emptyBars,
      hasPie: charts.pie !== undefined,
      pie: charts.pie ?? { title: '', slices: [], fallbackText: '' },
      hasRows: pageRows.length > 0,
      columns: shown.map((c) => ({ title: shorten(c.name, MAX_CELL_CHARS) })),
      rows: pageRows.map((row) => ({
        cells: shown.map((column, i) => ({
          text: shorten(cellText(row[i], column.type, ctx), MAX_CELL_CHARS),
        })),
      })),
      more: remaining > 0 ? text.more(remaining) : '',
      queryTitle: text.queryTitle,
      queryLines: shownQueryLines(input.query, ctx.locale),
      hasLink: link !== '',
      linkTitle: COMMON_TEXT[ctx.locale].openIn(ctx.queryLinks?.serviceName ?? ''),
      link,
      buttons:
        remaining > 0 && input.nextPage
          ? [cardButton(text.nextPage(Math.min(PAGE_ROWS, remaining)), input.nextPage)]
          : [],
    },
  };
}
