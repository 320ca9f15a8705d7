import { findingText } from '../knowledge/catalog';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import {
  answerWarnings,
  explainableCode,
  queryData,
  widerWindow,
  type DonutChartData,
  type FactData,
  type QueryData,
  type TextLineData,
} from './card-parts';
import { formatInstant, formatWindow } from './card-time';
import { clip, COMMON_TEXT } from './common-text';
import type { DpsFailuresAnswer, DpsMetricsAnswer, FleetCardScope } from './fleet-answers';
import type { FleetRowData } from './hub-errors-card';
import { FLEET_TEXT } from './fleet-text';

export interface DpsSummaryCardData {
  readonly title: string;
  readonly window: string;
  readonly summary: string;
  readonly warnings: readonly TextLineData[];
  readonly hasChart: boolean;
  readonly chart: DonutChartData;
  readonly rows: readonly FleetRowData[];
  readonly more: string;
  readonly metricsHeading: string;
  readonly metrics: readonly FactData[];
  readonly queriesTitle: string;
  readonly queries: readonly QueryData[];
  readonly buttons: readonly CardButton[];
}

const MAX_ROWS = 10;
const MAX_EXPLAIN_BUTTONS = 2;

/** `401` or `404 · 404201`: the status and, when DPS gave one, its detailed code. */
function codeLabel(status: string, detailCode: string): string {
  return detailCode !== '' && detailCode !== status ? `${status} · ${detailCode}` : status;
}

/**
 * `dps errors` / DPS metrics: failed operations by status and code (device side and service side)
 * with what each means, a donut of failures by status, and the attempt/assignment totals.
 */
export function dpsSummaryCard(
  failures: DpsFailuresAnswer,
  metrics: DpsMetricsAnswer | undefined,
  ctx: CardContext,
  scope: FleetCardScope = {},
): CardRequest {
  const text = FLEET_TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  const dpsNames = new Set(failures.rows.map((row) => row.dps));
  const total = failures.rows.reduce((sum, row) => sum + row.failures, 0);
  const byStatus = new Map<string, number>();
  for (const row of failures.rows) byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + row.failures);
  const slices = [...byStatus.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([legend, value]) => ({ legend, value }));
  const explainCodes = [
    ...new Set(
      failures.rows.flatMap((row) => {
        const code = explainableCode(row.detailCode, 'dps') ?? explainableCode(row.status, 'dps');
        return code === undefined ? [] : [code];
      }),
    ),
  ].slice(0, MAX_EXPLAIN_BUTTONS);
  const severalDps = new Set([...dpsNames, ...(metrics?.totals ?? []).map((t) => t.dps)]).size > 1;
  const metricFacts: FactData[] = (metrics?.totals ?? []).map((totalRow) => ({
    title: `${text.dps.metricNames[totalRow.metric] ?? totalRow.metric}${severalDps ? ` (${totalRow.dps})` : ''}`,
    value: String(totalRow.total),
  }));
  const wider = widerWindow(failures.window, ctx.locale);
  const dpsScope = scope.dps !== undefined ? { dps: scope.dps } : {};
  const queries = [...failures.queries, ...(metrics?.queries ?? [])];
  const partial = failures.dataStatus.partial || (metrics?.dataStatus.partial ?? false);
  const partialError = failures.dataStatus.partialError ?? metrics?.dataStatus.partialError;
  return {
    template: 'dps-summary',
    data: {
      title: text.dps.title(scope.dps ?? (dpsNames.size === 1 ? [...dpsNames][0] : undefined)),
      window: `${common.window}: ${formatWindow(failures.window, ctx)}`,
      summary: total > 0 ? text.dps.failures(total, failures.rows.length) : text.dps.noFailures,
      warnings: answerWarnings(
        {
          window: failures.window,
          dataStatus: {
            partial,
            ...(partialError !== undefined ? { partialError } : {}),
            truncated: [...failures.dataStatus.truncated, ...(metrics?.dataStatus.truncated ?? [])],
            // The DPS logs' coverage; the metrics beside them are not resource logs.
            ...(failures.dataStatus.logsCoverage ? { logsCoverage: failures.dataStatus.logsCoverage } : {}),
          },
        },
        ctx,
      ),
      hasChart: slices.length > 0,
      chart: {
        title: text.dps.chartTitle,
        slices,
        fallbackText: text.dps.chartFallback(
          slices.map((slice) => `${slice.legend} ${slice.value}`).join(', '),
        ),
      },
      rows: failures.rows.slice(0, MAX_ROWS).map((row) => ({
        title:
          `${codeLabel(row.status, row.detailCode)} ${row.category ? `(${text.dps.category[row.category] ?? row.category})` : ''}`.trim(),
        detail: [
          text.dps.row(row.failures, row.registrationIds),
          ...(dpsNames.size > 1 ? [row.dps] : []),
          `${text.dps.lastSeen} ${formatInstant(row.lastSeen, ctx)}`,
          ...(row.example !== '' ? [clip(row.example, 120)] : []),
        ].join(' · '),
        note: row.findingId ? findingText(row.findingId, ctx.locale).title : '',
      })),
      more: failures.rows.length > MAX_ROWS ? common.more(failures.rows.length - MAX_ROWS) : '',
      metricsHeading: metricFacts.length > 0 ? text.dps.metricsHeading : '',
      metrics: metricFacts,
      queriesTitle: common.showQueries,
      queries: queryData(queries, failures.window, ctx),
      buttons: [
        ...explainCodes.map((code) => cardButton(common.explain(code), { cmd: 'explain', code })),
        ...(wider
          ? [
              cardButton(common.widenWindow(wider.label), {
                cmd: 'dps-errors',
                ...dpsScope,
                start: wider.start,
                end: wider.end,
              }),
            ]
          : []),
      ],
    },
  };
}
