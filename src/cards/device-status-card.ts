import type { Diagnosis } from '../diagnosis';
import { findingText } from '../knowledge/catalog';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import {
  dataWarnings,
  formatAgo,
  queryData,
  type FactData,
  type QueryData,
  type TextLineData,
} from './card-parts';
import { formatInstant, formatWindow } from './card-time';
import { COMMON_TEXT, severityColor } from './common-text';
import { connectionCounts, lastConnectionEvents } from './device-activity';
import { DIAGNOSIS_TEXT } from './diagnosis-text';
import { noDataCard, noDataInputFromDiagnosis } from './no-data-card';

export interface DeviceStatusCardData {
  readonly title: string;
  readonly state: string;
  readonly stateColor: string;
  readonly facts: readonly FactData[];
  readonly warnings: readonly TextLineData[];
  readonly hasTopFinding: boolean;
  readonly topFindingLabel: string;
  readonly topFinding: string;
  readonly topFindingColor: string;
  readonly queriesTitle: string;
  readonly queries: readonly QueryData[];
  readonly buttons: readonly CardButton[];
}

/**
 * `status <device>`: connected or not, since when, with what — the short answer, from the same
 * Diagnosis as the full card (a "Full diagnosis" button opens that for the same window).
 */
export function deviceStatusCard(diagnosis: Diagnosis, ctx: CardContext): CardRequest {
  if (diagnosis.verdict.kind === 'no-data') return noDataCard(noDataInputFromDiagnosis(diagnosis), ctx);
  const text = DIAGNOSIS_TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  const { connect, disconnect, latest } = lastConnectionEvents(diagnosis);
  const counts = connectionCounts(diagnosis);
  const hub = diagnosis.hub ?? diagnosis.request.hub;
  const lastConnected = connect ?? diagnosis.timeline.events.find((event) => event.sdk !== '');
  let state = text.status.unknown;
  let stateColor = 'Default';
  if (latest && latest === connect) {
    state = text.status.connected(formatInstant(latest.time, ctx), formatAgo(latest.time, ctx));
    stateColor = 'Good';
  } else if (latest) {
    const reason = latest.code !== '' ? `${latest.code} ${latest.name}`.trim() : '';
    state = text.status.disconnected(formatInstant(latest.time, ctx), formatAgo(latest.time, ctx), reason);
    stateColor = 'Attention';
  }
  const facts: FactData[] = [
    { title: common.hub, value: hub ?? common.none },
    { title: text.lastConnect, value: connect ? formatInstant(connect.time, ctx) : common.none },
    {
      title: text.status.lastDisconnect,
      value: disconnect ? formatInstant(disconnect.time, ctx) : common.none,
    },
    ...(lastConnected && lastConnected.protocol !== ''
      ? [{ title: text.status.protocol, value: lastConnected.protocol }]
      : []),
    ...(lastConnected && lastConnected.sdk !== ''
      ? [{ title: text.status.sdk, value: lastConnected.sdk }]
      : []),
    ...(lastConnected && lastConnected.authType !== ''
      ? [{ title: text.status.auth, value: lastConnected.authType }]
      : []),
    {
      title: text.status.counts,
      value: text.status.countsValue(counts.connects, counts.disconnects, counts.errors),
    },
    { title: common.window, value: formatWindow(diagnosis.request.window, ctx) },
  ];
  const top = diagnosis.findings.find((finding) => !finding.id.startsWith('data.'));
  const { deviceId } = diagnosis.request;
  const hubScope = hub !== undefined ? { hub } : {};
  return {
    template: 'device-status',
    data: {
      title: text.status.title(deviceId),
      state,
      stateColor,
      facts,
      warnings: dataWarnings(diagnosis.dataStatus, ctx.locale),
      hasTopFinding: top !== undefined,
      topFindingLabel: text.status.topFinding,
      topFinding: top ? `${findingText(top.id, ctx.locale).title} (${common.severity[top.severity]})` : '',
      topFindingColor: top ? severityColor(top.severity) : 'Default',
      queriesTitle: common.showQuery,
      queries: queryData(diagnosis.queries, diagnosis.request.window, ctx),
      buttons: [
        cardButton(text.status.fullDiagnosis, {
          cmd: 'diagnose',
          deviceId,
          // Posted as a new card: the status stays, and Refresh on it still works.
          post: 'new',
          ...hubScope,
          start: diagnosis.request.window.start,
          end: diagnosis.request.window.end,
        }),
        cardButton(text.status.refresh, { cmd: 'status', deviceId, ...hubScope }),
      ],
    },
  };
}
