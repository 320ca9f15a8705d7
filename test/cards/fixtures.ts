/**
 * Fixed inputs for the card tests: real diagnoses and fleet answers over the seeded simulator
 * (the embedded engine running the bot's own KQL), plus hand-written inputs where the simulator has
 * nothing to say (errors, choices, a diagnosis with hundreds of events).
 */
import { watchNoticeCardData, type WatchNoticeInput } from '../../src/cards/watch-notice-card';
import {
  diagnose,
  dpsFailures,
  dpsMetrics,
  hubErrorBreakdown,
  topDisconnectingDevices,
  fleetHealth,
} from '../../src/diagnosis';
import type { DeviceEvent, Diagnosis } from '../../src/diagnosis';
import { explainCode } from '../../src/knowledge/catalog';
import { logAnalyticsPortalLink } from '../../src/logs/azure/portal-link';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { simulateRecords } from '../../src/logs/simulate/simulate-records';
import {
  choiceCard,
  deviceStatusCard,
  diagnosisCard,
  dpsSummaryCard,
  errorCard,
  explainCodeCard,
  fleetHealthCard,
  helpCardData,
  hubErrorsCard,
  noDataCard,
  topDevicesCard,
  welcomeCardData,
  type CardContext,
  type CardRequest,
  type Locale,
} from '../../src/cards';
import {
  ACKNOWLEDGED_INCIDENT,
  RESOLVED_INCIDENT,
  SNOOZED_FLEET_INCIDENT,
  incidentCard,
  incidentDigestCard,
} from './incident-fixtures';
import { queryResultCases } from './query-result-fixtures';
import { secondWaveCases } from './second-wave-fixtures';
import { recentEventsCard } from '../../src/cards/recent-events-card';
import { recentDeviceEvents } from '../../src/diagnosis/recent-events';

export const END = new Date('2026-03-02T10:00:00Z');
export const NOW = new Date(END.getTime() + 30 * 60_000);
export const DAY_WINDOW = { start: new Date(END.getTime() - 24 * 3_600_000), end: END };

export const WORKSPACE_RESOURCE_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/iot-ops/providers/Microsoft.OperationalInsights/workspaces/iot-logs';

/** English readers in UTC, Korean readers in Seoul: the two cases the bot meets most. */
export function contextFor(locale: Locale, overrides: Partial<CardContext> = {}): CardContext {
  return {
    locale,
    timeZone: locale === 'ko' ? 'Asia/Seoul' : 'UTC',
    now: NOW,
    // Log Analytics' links over the simulator's answers, which ran in the embedded engine's one data set.
    queryLinks: {
      serviceName: 'Log Analytics',
      link: (kql, window) =>
        logAnalyticsPortalLink(kql, window, {
          resourceId: WORKSPACE_RESOURCE_ID,
          tenantId: '11111111-2222-3333-4444-555555555555',
        }),
    },
    ...overrides,
  };
}

let backend: LocalLogsBackend | undefined;

/** The seeded demo fleet (seed 7, 60 devices, 2 days ending {@link END}), loaded once per test file. */
export function simulatedLogs(): LocalLogsBackend {
  if (!backend) {
    const engine = new LocalLogsEngine({ clock: () => NOW });
    for (const { table, row } of simulateRecords({ seed: 7, devices: 60, days: 2, end: END }))
      engine.appendRow(table, row);
    engine.finishLoading();
    backend = new LocalLogsBackend(engine);
  }
  return backend;
}

export function diagnoseSimulated(deviceId: string, window = DAY_WINDOW): Promise<Diagnosis> {
  return diagnose({ deviceId, window }, { logs: simulatedLogs(), now: () => NOW });
}

/** A device with hundreds of events and many findings: the size budget's worst case. */
export function longDiagnosis(eventCount = 800): Diagnosis {
  const start = new Date(END.getTime() - 7 * 24 * 3_600_000);
  const events: DeviceEvent[] = Array.from({ length: eventCount }, (_, seq) => {
    const disconnect = seq % 2 === 0;
    return {
      seq,
      time: new Date(start.getTime() + seq * 12 * 60_000).toISOString(),
      source: 'iothub',
      category: 'Connections',
      operation: disconnect ? 'deviceDisconnect' : 'deviceConnect',
      code: disconnect ? '404104' : '',
      detailCode: disconnect ? '404104' : '',
      name: disconnect ? 'DeviceConnectionClosedRemotely' : '',
      level: disconnect ? 'Error' : 'Information',
      message: disconnect ? 'The connection was closed by the device. '.repeat(8) : '',
      protocol: 'Mqtt',
      sdk: 'azure-iot-device/1.18.2 (node v20.11.0; Ubuntu 22.04; x64)',
      sdkFamily: 'node',
      authType: 'sas',
      maskedIp: '203.0.113.XXX',
      hub: 'CONTOSO-FLEET-HUB',
      moduleId: '',
    };
  });
  const disconnects = events.filter((event) => event.operation === 'deviceDisconnect');
  const kql = Array.from(
    { length: 40 },
    (_, i) => `| where properties_s has "long-line-${i}-${'x'.repeat(60)}"`,
  ).join('\n');
  return {
    request: {
      deviceId: 'flappy-device-001',
      window: { start: start.toISOString(), end: END.toISOString() },
    },
    hub: 'CONTOSO-FLEET-HUB',
    findings: [
      {
        id: 'iothub.flapping',
        severity: 'warning',
        confidence: 0.9,
        evidence: events,
        params: { deviceId: 'flappy-device-001', count: events.length },
        facts: { codes: ['404104'], sdkFamily: 'node' },
      },
      {
        id: 'iothub.404104.closed-remotely',
        severity: 'warning',
        confidence: 0.7,
        evidence: disconnects,
        params: { deviceId: 'flappy-device-001', count: disconnects.length },
        facts: { codes: ['404104'] },
      },
      ...Array.from({ length: 8 }, () => ({
        id: 'iothub.500.transient' as const,
        severity: 'warning' as const,
        confidence: 0.5,
        evidence: disconnects,
        params: { deviceId: 'flappy-device-001', count: disconnects.length, hub: 'CONTOSO-FLEET-HUB' },
        facts: { codes: ['500001', '503003'] },
      })),
    ],
    timeline: { events, total: events.length, order: 'chronological' },
    queries: Array.from({ length: 6 }, (_, i) => ({ name: `query-${i}`, kql: `AzureDiagnostics\n${kql}` })),
    dataStatus: {
      partial: true,
      partialError: 'Query exceeded the result size limit',
      truncated: ['device-connections'],
      recentWindow: false,
      noData: false,
      backend: 'azure',
    },
    verdict: { kind: 'problem', lastConnect: events.at(-1)?.time ?? END.toISOString() },
  };
}

/** One named, fixed card per template (and a few variants): the golden files' inputs. */
function watchNotice(ctx: CardContext, input: WatchNoticeInput): CardRequest {
  return { template: 'watch-notice', data: watchNoticeCardData(input, ctx).data };
}

function isoBefore(ctx: CardContext, ms: number): string {
  return new Date(ctx.now.getTime() - ms).toISOString();
}

export interface CardCase {
  readonly name: string;
  readonly build: (ctx: CardContext) => Promise<CardRequest>;
}

export const CARD_CASES: readonly CardCase[] = [
  { name: 'diagnosis', build: async (ctx) => diagnosisCard(await diagnoseSimulated('pump-station-4'), ctx) },
  {
    name: 'diagnosis-token-renewal',
    build: async (ctx) => diagnosisCard(await diagnoseSimulated('thermostat-0042'), ctx),
  },
  {
    name: 'diagnosis-credentials-expired',
    build: async (ctx) => diagnosisCard(await diagnoseSimulated('camera-lobby-02'), ctx),
  },
  { name: 'diagnosis-long', build: async (ctx) => diagnosisCard(longDiagnosis(), ctx) },
  {
    // The live connection state line from Event Grid (newer than the logs) under the verdict.
    name: 'diagnosis-live-state',
    build: async (ctx) =>
      diagnosisCard(await diagnoseSimulated('pump-station-4'), ctx, {
        liveState:
          ctx.locale === 'ko'
            ? '실시간: 3분 전 연결 끊김 (Event Grid, 10:42:05 기준).'
            : 'Live: disconnected 3 min ago, as of 10:42:05 from Event Grid.',
      }),
  },
  {
    name: 'device-status',
    build: async (ctx) => deviceStatusCard(await diagnoseSimulated('camera-lobby-02'), ctx),
  },
  {
    name: 'hub-errors',
    build: async (ctx) =>
      hubErrorsCard(await hubErrorBreakdown({ window: DAY_WINDOW }, { logs: simulatedLogs() }), ctx),
  },
  {
    // "widen to 7 days" over two days of logs: the card says how much of the week they cover.
    name: 'hub-errors-week',
    build: async (ctx) =>
      hubErrorsCard(
        await hubErrorBreakdown(
          { window: { start: new Date(END.getTime() - 7 * 24 * 3_600_000), end: END } },
          { logs: simulatedLogs() },
        ),
        ctx,
      ),
  },
  {
    name: 'recent-events',
    build: async (ctx) =>
      recentEventsCard(
        await recentDeviceEvents(
          { deviceId: 'thermostat-0042', window: DAY_WINDOW, count: 10 },
          { logs: simulatedLogs(), now: () => NOW },
        ),
        ctx,
      ),
  },
  {
    name: 'top-devices',
    build: async (ctx) =>
      topDevicesCard(
        await topDisconnectingDevices({ window: DAY_WINDOW, limit: 8 }, { logs: simulatedLogs() }),
        ctx,
      ),
  },
  {
    name: 'fleet-health',
    build: async (ctx) =>
      fleetHealthCard(await fleetHealth({ window: DAY_WINDOW }, { logs: simulatedLogs() }), ctx),
  },
  {
    name: 'dps-summary',
    build: async (ctx) =>
      dpsSummaryCard(
        await dpsFailures({ window: DAY_WINDOW }, { logs: simulatedLogs() }),
        await dpsMetrics({ window: DAY_WINDOW }, { logs: simulatedLogs() }),
        ctx,
      ),
  },
  {
    name: 'explain-code',
    build: async (ctx) => {
      const entry = explainCode('401003');
      if (!entry) throw new Error('401003 is in the catalog');
      return explainCodeCard(entry, ctx);
    },
  },
  // A typo one character off: the no-data card offers the real id.
  { name: 'no-data', build: async (ctx) => diagnosisCard(await diagnoseSimulated('thermostat-0043'), ctx) },
  {
    name: 'no-data-hub-errors',
    build: async (ctx) =>
      noDataCard(
        {
          subject: { kind: 'hub-errors', hub: 'contoso-fleet-hub' },
          window: { start: DAY_WINDOW.start.toISOString(), end: DAY_WINDOW.end.toISOString() },
        },
        ctx,
      ),
  },
  {
    name: 'error',
    build: async (ctx) =>
      errorCard(
        {
          message:
            ctx.locale === 'ko'
              ? 'Log Analytics가 제시간에 응답하지 않았어요.'
              : 'Log Analytics did not answer in time.',
          correlationId: '7f3c2a9e-0b1d-4c55-9a65-2f0e8d1c4b7a',
          retry: {
            cmd: 'diagnose',
            deviceId: 'thermostat-0042',
            start: '2026-03-01T10:00:00.000Z',
            end: '2026-03-02T10:00:00.000Z',
          },
        },
        ctx,
      ),
  },
  {
    name: 'choice',
    build: async (ctx) =>
      choiceCard(
        {
          question:
            ctx.locale === 'ko'
              ? 'thermostat-0042 장치가 허브 두 곳에 있어요. 어느 허브인가요?'
              : 'thermostat-0042 has records in two hubs. Which one?',
          choices: ['CONTOSO-FLEET-HUB', 'CONTOSO-LAB-HUB'].map((hub) => ({
            title: hub,
            action: { cmd: 'diagnose', deviceId: 'thermostat-0042', hub },
          })),
        },
        ctx,
      ),
  },
  {
    name: 'help',
    build: async (ctx) => ({
      template: 'help',
      data: helpCardData(
        ctx.locale,
        [
          {
            name: 'diagnose',
            description: 'Why a device disconnected',
            example: 'why did thermostat-0042 disconnect?',
          },
          { name: 'help', description: 'This list', example: 'help' },
        ],
        { dataSource: 'Embedded demo data', notUnderstoodText: 'frobnicate the hub' },
      ),
    }),
  },
  {
    name: 'welcome',
    build: async (ctx) => ({
      template: 'welcome',
      data: welcomeCardData(ctx.locale, [{ label: 'help', text: 'help' }], 'Embedded demo data'),
    }),
  },
  // Incident cards: in the conversation's alert language (ctx.locale stands for it here).
  { name: 'incident', build: async (ctx) => incidentCard(ACKNOWLEDGED_INCIDENT, ctx.locale) },
  { name: 'incident-snoozed-fleet', build: async (ctx) => incidentCard(SNOOZED_FLEET_INCIDENT, ctx.locale) },
  { name: 'incident-resolved', build: async (ctx) => incidentCard(RESOLVED_INCIDENT, ctx.locale) },
  { name: 'incident-digest', build: async (ctx) => incidentDigestCard(ctx.locale) },
  // Watch notices (compose/live.ts): dropped with the logs' finding, back online, a hub digest.
  {
    name: 'watch-dropped',
    build: async (ctx) =>
      watchNotice(ctx, {
        hub: 'contoso-fleet-hub',
        watch: { kind: 'device', deviceId: 'pump-station-4' },
        kind: 'device',
        notice: {
          kind: 'dropped',
          deviceId: 'pump-station-4',
          since: isoBefore(ctx, 150_000),
          downForMs: 150_000,
        },
        lastDisconnectFinding: 'SAS token expired',
      }),
  },
  {
    name: 'watch-back-online',
    build: async (ctx) =>
      watchNotice(ctx, {
        hub: 'contoso-fleet-hub',
        watch: { kind: 'device', deviceId: 'pump-station-4' },
        kind: 'device',
        notice: {
          kind: 'back-online',
          deviceId: 'pump-station-4',
          since: isoBefore(ctx, 130_000),
          downForMs: 240_000,
          drops: 2,
          flapping: false,
        },
      }),
  },
  {
    name: 'watch-hub-digest',
    build: async (ctx) =>
      watchNotice(ctx, {
        hub: 'contoso-fleet-hub',
        watch: { kind: 'hub', hub: 'contoso-fleet-hub' },
        kind: 'digest',
        items: [
          { kind: 'dropped', deviceId: 'pump-station-4', since: isoBefore(ctx, 300_000), downForMs: 300_000 },
          {
            kind: 'flapping',
            deviceId: 'thermostat-0042',
            since: isoBefore(ctx, 600_000),
            downForMs: 600_000,
            drops: 4,
          },
        ],
      }),
  },
  // The findings of findings.md's second wave.
  ...secondWaveCases({ end: END, now: NOW, window: DAY_WINDOW, diagnoseSimulated }),
  // `kql`: one page of a result, and a render timechart.
  ...queryResultCases(),
];
