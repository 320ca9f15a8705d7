import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import {
  answerWarnings,
  queryData,
  widerWindow,
  type BarChartData,
  type QueryData,
  type TextLineData,
} from './card-parts';
import { formatInstant, formatWindow } from './card-time';
import { COMMON_TEXT } from './common-text';
import type { FleetCardScope, TopDevicesAnswer } from './fleet-answers';
import { FLEET_TEXT } from './fleet-text';
import { emptyFleetCard } from './no-data-card';

export interface TopDeviceRowData {
  readonly deviceId: string;
  readonly detail: string;
  readonly button: CardButton;
}

export interface TopDevicesCardData {
  readonly title: string;
  readonly window: string;
  readonly summary: string;
  /** The token renewals of the window and scope, counted apart (empty when there were none). */
  readonly expectedNote: string;
  readonly warnings: readonly TextLineData[];
  readonly chart: BarChartData;
  readonly rows: readonly TopDeviceRowData[];
  readonly queriesTitle: string;
  readonly queries: readonly QueryData[];
  readonly buttons: readonly CardButton[];
}

/** Bars in the chart: the top of the list is what matters; ten bars still read at a glance. */
const CHART_BARS = 10;

/** `top disconnects`: the devices that dropped most, each with a Diagnose button for the same window. */
export function topDevicesCard(
  answer: TopDevicesAnswer,
  ctx: CardContext,
  scope: FleetCardScope = {},
): CardRequest {
  if (answer.rows.length === 0) return emptyFleetCard('top-disconnects', answer, scope, ctx);
  const hubScope = scope.hub !== undefined ? { hub: scope.hub } : {};
  const text = FLEET_TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  const hubs = new Set(answer.rows.map((row) => row.hub));
  const total = answer.rows.reduce((sum, row) => sum + row.disconnects, 0);
  const bars = answer.rows.slice(0, CHART_BARS).map((row) => ({ x: row.deviceId, y: row.disconnects }));
  const top = answer.rows[0];
  const wider = widerWindow(answer.window, ctx.locale);
  return {
    template: 'top-devices',
    data: {
      title: text.topDevices.title(scope.hub ?? (hubs.size === 1 ? [...hubs][0] : undefined)),
      window: `${common.window}: ${formatWindow(answer.window, ctx)}`,
      summary: text.topDevices.summary(answer.rows.length, total),
      // Every renewal of the window and scope, not only the listed devices'.
      expectedNote:
        answer.renewals.cycles > 0
          ? text.renewalsApart(answer.renewals.cycles, answer.renewals.devices, 'disconnects')
          : '',
      warnings: answerWarnings(answer, ctx),
      chart: {
        title: text.topDevices.chartTitle,
        bars,
        fallbackText: top ? text.topDevices.chartFallback(`${top.deviceId} (${top.disconnects})`) : '',
      },
      rows: answer.rows.map((row) => ({
        deviceId: row.deviceId,
        detail: [
          text.topDevices.row(row.disconnects, row.errors),
          ...(row.renewals > 0 ? [text.topDevices.renewals(row.renewals)] : []),
          ...(row.codes.filter((code) => code !== '').length > 0
            ? [row.codes.filter((code) => code !== '').join(', ')]
            : []),
          ...(hubs.size > 1 ? [row.hub] : []),
          `${text.topDevices.last} ${formatInstant(row.lastDisconnect, ctx)}`,
        ].join(' · '),
        button: cardButton(text.topDevices.diagnose, {
          cmd: 'diagnose',
          deviceId: row.deviceId,
          // Posted as a new card: the ranking stays for the next device.
          post: 'new',
          ...(row.hub !== '' ? { hub: row.hub } : hubScope),
          ...answer.window,
        }),
      })),
      queriesTitle: common.showQuery,
      queries: queryData(answer.queries, answer.window, ctx),
      buttons: [
        cardButton(text.topDevices.hubErrors, { cmd: 'hub-errors', ...hubScope, ...answer.window }),
        ...(wider
          ? [
              cardButton(common.widenWindow(wider.label), {
                cmd: 'top-disconnects',
                ...hubScope,
                start: wider.start,
                end: wider.end,
              }),
            ]
          : []),
      ],
    },
  };
}
