import { findingText } from '../knowledge/catalog';
import type {
  FleetHealth,
  FleetHealthDevice,
  FleetHealthGroup,
  FleetLevelFinding,
  HubHealth,
} from '../diagnosis';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest, Locale } from './card-data';
import { answerWarnings, formatAgo, queryData, type QueryData, type TextLineData } from './card-parts';
import { formatInstant, formatWindow } from './card-time';
import { COMMON_TEXT, severityColor } from './common-text';

export interface FleetHealthRowData {
  readonly deviceId: string;
  readonly detail: string;
  readonly button: CardButton;
}

export interface FleetHealthSectionData {
  readonly heading: string;
  readonly color: string;
  readonly rows: readonly FleetHealthRowData[];
  /** "and 14 more", or ''. */
  readonly more: string;
}

export interface FleetHealthHubData {
  readonly name: string;
  readonly headline: string;
  readonly fleetFindings: readonly { readonly text: string; readonly color: string }[];
  /** Offline first, then the failing groups, worst first. */
  readonly sections: readonly FleetHealthSectionData[];
  readonly expectedCount: number;
  readonly expectedToggle: string;
  readonly expectedId: string;
  readonly expected: readonly { readonly text: string }[];
}

export interface FleetHealthCardData {
  readonly title: string;
  readonly window: string;
  readonly warnings: readonly TextLineData[];
  readonly empty: string;
  readonly hubs: readonly FleetHealthHubData[];
  readonly definition: string;
  readonly queriesTitle: string;
  readonly queries: readonly QueryData[];
  readonly buttons: readonly CardButton[];
}

/** Devices listed per section: the card must read at a glance; the rest is "and N more". */
export const DEVICES_PER_GROUP = 10;

interface FleetHealthText {
  readonly title: (hub: string | undefined) => string;
  readonly headline: (counts: HubHealth['counts']) => string;
  readonly dpsHeadline: (counts: HubHealth['counts']) => string;
  readonly allWell: string;
  readonly empty: string;
  readonly offline: (devices: number) => string;
  readonly offlineRow: (since: string, ago: string, cause: string) => string;
  readonly failingRow: (count: number, last: string) => string;
  readonly group: (title: string, devices: number) => string;
  readonly fleetFinding: (title: string, devices: number, at: string) => string;
  readonly more: (count: number) => string;
  readonly expected: (devices: number) => string;
  readonly expectedRow: (title: string, devices: readonly string[], more: number) => string;
  readonly cleanClose: string;
  readonly definition: (recentMinutes: number, settleMinutes: number) => string;
  readonly diagnose: string;
  readonly hubErrors: string;
}

const TEXT: Readonly<Record<Locale, FleetHealthText>> = {
  en: {
    title: (hub) => (hub !== undefined ? `Health of ${hub} right now` : 'Fleet health right now'),
    headline: ({ offline, failing, expected }) =>
      `${offline} offline, ${failing} failing, ${expected} expected`,
    dpsHeadline: ({ failing, expected }) => `DPS: ${failing} failing, ${expected} expected`,
    allWell: 'nothing offline or failing',
    empty: 'No IoT Hub connection records in the window: nothing to judge the fleet by.',
    offline: (devices) => `Offline now (${devices})`,
    offlineRow: (since, ago, cause) => `offline since ${since} (${ago})${cause !== '' ? ` · ${cause}` : ''}`,
    failingRow: (count, last) => `${count}× · last ${last}`,
    group: (title, devices) => `${title} (${devices})`,
    fleetFinding: (title, devices, at) => `${title}: ${devices} device${devices === 1 ? '' : 's'}, ${at}`,
    more: (count) => `and ${count} more`,
    expected: (devices) => `Expected behaviour (${devices})`,
    expectedRow: (title, devices, more) =>
      `${title}: ${devices.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    cleanClose: 'closed without an error',
    definition: (recent, settle) =>
      `Offline: the last connection event in the window is a disconnect (or a failed connect) older than ${settle} min. ` +
      `Failing: an error in the last ${recent} min that is not expected behaviour. ` +
      'Expected: SAS token renewals, clean reconnects and service upgrades on devices connected again; never counted as problems.',
    diagnose: 'Diagnose',
    hubErrors: 'Hub errors',
  },
  ko: {
    title: (hub) => (hub !== undefined ? `${hub} 지금 상태` : '지금 장치 전체 상태'),
    headline: ({ offline, failing, expected }) =>
      `오프라인 ${offline}대, 실패 중 ${failing}대, 정상 동작 ${expected}대`,
    dpsHeadline: ({ failing, expected }) => `DPS: 실패 중 ${failing}개, 정상 동작 ${expected}개`,
    allWell: '오프라인이거나 실패 중인 장치 없음',
    empty: '이 기간에 IoT Hub 연결 기록이 없어 장치 상태를 판단할 수 없어요.',
    offline: (devices) => `지금 오프라인 (${devices}대)`,
    offlineRow: (since, ago, cause) => `${since}부터 오프라인 (${ago})${cause !== '' ? ` · ${cause}` : ''}`,
    failingRow: (count, last) => `${count}회 · 마지막 ${last}`,
    group: (title, devices) => `${title} (${devices}대)`,
    fleetFinding: (title, devices, at) => `${title}: 장치 ${devices}대, ${at}`,
    more: (count) => `외 ${count}대`,
    expected: (devices) => `정상 동작 (${devices}대)`,
    expectedRow: (title, devices, more) =>
      `${title}: ${devices.join(', ')}${more > 0 ? ` 외 ${more}대` : ''}`,
    cleanClose: '오류 없이 닫힘',
    definition: (recent, settle) =>
      `오프라인: 기간 안의 마지막 연결 이벤트가 ${settle}분보다 오래된 끊김(또는 실패한 연결)인 장치. ` +
      `실패 중: 최근 ${recent}분 안에 정상 동작이 아닌 오류가 있는 장치. ` +
      '정상 동작: 다시 연결된 장치의 SAS 토큰 갱신, 깨끗한 재연결, 서비스 업그레이드. 문제로 세지 않아요.',
    diagnose: '진단',
    hubErrors: '허브 오류',
  },
};

/** `what's broken`: per hub, fleet-wide findings, offline devices, failing groups, expected apart. */
export function fleetHealthCard(
  answer: FleetHealth,
  ctx: CardContext,
  scope: { readonly hub?: string } = {},
): CardRequest {
  const text = TEXT[ctx.locale];
  const common = COMMON_TEXT[ctx.locale];
  const recentMinutes = Math.round(
    (Date.parse(answer.recent.end) - Date.parse(answer.recent.start)) / 60_000,
  );
  return {
    template: 'fleet-health',
    data: {
      title: text.title(scope.hub),
      window: `${common.window}: ${formatWindow(answer.window, ctx)}`,
      warnings: answerWarnings(answer, ctx),
      empty: text.empty,
      hubs: answer.hubs.map((hub, index) => hubData(hub, index, answer, ctx)),
      definition: text.definition(recentMinutes, answer.settleMinutes),
      queriesTitle: common.showQuery,
      queries: queryData(answer.queries, answer.window, ctx),
      buttons: [
        cardButton(text.hubErrors, {
          cmd: 'hub-errors',
          ...(scope.hub !== undefined ? { hub: scope.hub } : {}),
          ...answer.recent,
        }),
      ],
    },
  };
}

function hubData(hub: HubHealth, index: number, answer: FleetHealth, ctx: CardContext): FleetHealthHubData {
  const text = TEXT[ctx.locale];
  const nothing = hub.counts.offline === 0 && hub.counts.failing === 0;
  const headline = hub.kind === 'dps' ? text.dpsHeadline(hub.counts) : text.headline(hub.counts);
  const offline: FleetHealthSectionData[] =
    hub.offline.length === 0
      ? []
      : [
          section(
            text.offline(hub.offline.length),
            'Attention',
            hub.offline,
            ctx,
            (device) =>
              text.offlineRow(
                formatInstant(device.since ?? device.lastSeen, ctx),
                formatAgo(device.since ?? device.lastSeen, ctx),
                causeOf(device, ctx.locale),
              ),
            answer,
            hub.kind,
          ),
        ];
  const failing = hub.failing.map((group) =>
    section(
      text.group(groupTitle(group, ctx.locale), group.devices.length),
      severityColor(group.severity),
      group.devices,
      ctx,
      (device) => text.failingRow(device.count, formatAgo(device.lastSeen, ctx)),
      answer,
      hub.kind,
    ),
  );
  return {
    name: hub.hub,
    headline: nothing ? `${headline} (${text.allWell})` : headline,
    fleetFindings: hub.fleetFindings.map((finding) => ({
      text: fleetFindingText(finding, ctx),
      color: severityColor(finding.severity),
    })),
    sections: [...offline, ...failing],
    expectedCount: hub.counts.expected,
    expectedToggle: text.expected(hub.counts.expected),
    expectedId: `expected-${index}`,
    expected: hub.expected.map((group) => {
      const shown = group.devices.slice(0, DEVICES_PER_GROUP).map((device) => device.deviceId);
      return {
        text: text.expectedRow(groupTitle(group, ctx.locale), shown, group.devices.length - shown.length),
      };
    }),
  };
}

function section(
  heading: string,
  color: string,
  devices: readonly FleetHealthDevice[],
  ctx: CardContext,
  detail: (device: FleetHealthDevice) => string,
  answer: FleetHealth,
  kind: HubHealth['kind'],
): FleetHealthSectionData {
  const text = TEXT[ctx.locale];
  const shown = devices.slice(0, DEVICES_PER_GROUP);
  return {
    heading,
    color,
    rows: shown.map((device) => ({
      deviceId: device.deviceId,
      detail: detail(device),
      button: cardButton(text.diagnose, {
        cmd: 'diagnose',
        deviceId: device.deviceId,
        // Posted as a new card: the fleet list stays for the next device.
        post: 'new',
        // A DPS row's id is a registration id; its DPS is found by diagnose itself.
        ...(kind === 'dps'
          ? { registrationId: device.deviceId }
          : device.hub !== ''
            ? { hub: device.hub }
            : {}),
        ...answer.window,
      }),
    })),
    more: devices.length > shown.length ? text.more(devices.length - shown.length) : '',
  };
}

function groupTitle(group: FleetHealthGroup, locale: Locale): string {
  if (group.findingId) return findingText(group.findingId, locale).title;
  const name = group.devices[0]?.codeName ?? '';
  return `${group.code ?? ''}${name !== '' ? ` ${name}` : ''}`;
}

function causeOf(device: FleetHealthDevice, locale: Locale): string {
  if (device.code === '') return TEXT[locale].cleanClose;
  return `${device.code}${device.codeName !== '' ? ` ${device.codeName}` : ''}`;
}

function fleetFindingText(finding: FleetLevelFinding, ctx: CardContext): string {
  return TEXT[ctx.locale].fleetFinding(
    findingText(finding.findingId, ctx.locale).title,
    finding.deviceCount,
    formatAgo(finding.at, ctx),
  );
}
