import { findingText } from '../knowledge/catalog';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import {
  answerWarnings,
  explainableCode,
  queryData,
  widerWindow,
  type SeriesChartData,
  type QueryData,
  type TextLineData,
} from './card-parts';
import { formatInstant, formatWindow } from './card-time';
import { chartBins } from './chart-bins';
import { COMMON_TEXT } from './common-text';
import type { FleetCardScope, HubErrorsAnswer } from './fleet-answers';
import { FLEET_TEXT } from './fleet-text';
import { emptyFleetCard } from './no-data-card';

export interface FleetRowData {
  readonly title: string;
  readonly detail: string;
  readonly note: string;
}

/** A code's row: its top devices, each with a Diagnose button, under the row's lines. */
export interface HubErrorRowData extends FleetRowData {
  readonly devices: readonly HubErrorDeviceData[];
}

export interface HubErrorDeviceData {
  readonly deviceId: string;
  readonly detail: string;
  readonly button: CardButton;
}

export interface HubErrorsCardData {
  readonly title: string;
  readonly window: string;
  readonly summary: string;
  /** The token renewals of the window and scope, counted apart (empty when there were none). */
  readonly expectedNote: string;
  readonly warnings: readonly TextLineData[];
  readonly hasTrend: boolean;
  readonly trend: SeriesChartData;
  readonly rows: readonly HubErrorRowData[];
  readonly more: string;
  readonly queriesTitle: string;
  readonly queries: readonly QueryData[];
  readonly buttons: readonly CardButton[];
}

/** Codes drawn as their own line; the rest are summed into "other" so the chart stays legible. */
const TREND_CODES = 4;
/** One distinct colour per drawn code, "other" in grey. */
const SERIES_COLORS = [
  'categoricalRed',
  'categoricalBlue',
  'categoricalMarigold',
  'categoricalTeal',
  'neutral',
];
/** Codes listed; the rest are counted in "N more". */
const MAX_ROWS = 10;
const MAX_EXPLAIN_BUTTONS = 2;

function trendChart(answer: HubErrorsAnswer, ctx: CardContext): SeriesChartData | undefined {
  if (answer.trend.length === 0) return undefined;
  const text = FLEET_TEXT[ctx.locale];
  const bins = chartBins(answer.window, ctx, answer.binMinutes);
  const totals = new Map<string, number>();
  for (const point of answer.trend) totals.set(point.code, (totals.get(point.code) ?? 0) + point.errors);
  const drawn = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TREND_CODES)
    .map(([code]) => code);
  const other = text.hubErrors.other;
  const legends = totals.size > drawn.length ? [...drawn, other] : drawn;
  const binCount = bins.starts.length;
  const counts = new Map(legends.map((legend) => [legend, new Array<number>(binCount).fill(0)]));
  const perBin = new Array<number>(binCount).fill(0);
  for (const point of answer.trend) {
    const time = Date.parse(point.binStart);
    if (!Number.isFinite(time)) continue;
    const index = bins.indexOf(time);
    const series = counts.get(drawn.includes(point.code) ? point.code : other);
    if (series) series[index] = (series[index] ?? 0) + point.errors;
    perBin[index] = (perBin[index] ?? 0) + point.errors;
  }
  const labels = bins.labels;
  const peak = perBin.reduce((best, count, index) => (count > (perBin[best] ?? 0) ? index : best), 0);
  const peakLabel = formatInstant(new Date(bins.starts[peak] ?? 0), ctx);
  return {
    title: text.hubErrors.trendTitle(text.bin(bins.binMinutes)),
    series: legends.map((legend, index) => ({
      legend,
      color: SERIES_COLORS[index] ?? 'neutral',
      values: (counts.get(legend) ?? []).map((y, index) => ({ x: labels[index] ?? '', y })),
    })),
    fallbackText: text.hubErrors.trendFallback(peakLabel, perBin[peak] ?? 0),
  };
}

/** `hub errors`: which codes, how many, on how many devices, the trend, and what each means. */
export function hubErrorsCard(
  answer: HubErrorsAnswer,
  ctx: CardContext,
  scope: FleetCardScope = {},
): CardRequest {
  if (answer.rows.length === 0) return emptyFleetCard('hub-errors', answer, scope, ctx);
  const hubScope = scope.hub !== undefined ? { hub: scope.hub } : {};
  const text = FLEET_TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  const total = answer.rows.reduce((sum, row) => sum + row.errors, 0);
  const codes = new Set(answer.rows.map((row) => row.code));
  const hubs = new Set(answer.rows.map((row) => row.hub));
  const chart = trendChart(answer, ctx);
  const wider = widerWindow(answer.window, ctx.locale);
  const buttons: CardButton[] = [
    ...[...codes]
      .flatMap((code) => explainableCode(code, 'iothub') ?? [])
      .slice(0, MAX_EXPLAIN_BUTTONS)
      .map((code) => cardButton(common.explain(code), { cmd: 'explain', code })),
    cardButton(text.hubErrors.topDevices, { cmd: 'top-disconnects', ...hubScope, ...answer.window }),
    ...(wider
      ? [
          cardButton(common.widenWindow(wider.label), {
            cmd: 'hub-errors',
            ...hubScope,
            start: wider.start,
            end: wider.end,
          }),
        ]
      : []),
  ];
  return {
    template: 'hub-errors',
    data: {
      title: text.hubErrors.title(scope.hub ?? (hubs.size === 1 ? [...hubs][0] : undefined)),
      window: `${common.window}: ${formatWindow(answer.window, ctx)}`,
      summary: text.hubErrors.total(total, codes.size),
      expectedNote:
        answer.renewals.cycles > 0
          ? text.renewalsApart(answer.renewals.cycles, answer.renewals.devices, 'errors')
          : '',
      warnings: answerWarnings(answer, ctx),
      hasTrend: chart !== undefined,
      trend: chart ?? { title: '', series: [], fallbackText: '' },
      rows: answer.rows.slice(0, MAX_ROWS).map((row) => ({
        title: `${row.code} ${row.name}`.trim(),
        detail: [
          text.hubErrors.errors(row.errors),
          text.hubErrors.devices(row.devices),
          row.category,
          ...(hubs.size > 1 ? [row.hub] : []),
          `${text.hubErrors.lastSeen} ${formatInstant(row.lastSeen, ctx)}`,
        ].join(' · '),
        note: row.findingId ? findingText(row.findingId, ctx.locale).title : '',
        devices: row.topDevices.map((device) => ({
          deviceId: device.deviceId,
          detail: text.hubErrors.errors(device.errors),
          button: cardButton(text.topDevices.diagnose, {
            cmd: 'diagnose',
            deviceId: device.deviceId,
            // Posted as a new card: the breakdown stays for the next device.
            post: 'new',
            ...(row.hub !== '' ? { hub: row.hub } : hubScope),
            ...answer.window,
          }),
        })),
      })),
      more: answer.rows.length > MAX_ROWS ? common.more(answer.rows.length - MAX_ROWS) : '',
      queriesTitle: common.showQueries,
      queries: queryData(answer.queries, answer.window, ctx),
      buttons,
    },
  };
}
