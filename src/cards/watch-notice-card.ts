/**
 * The card a watch posts (`watch X`): a device dropped, is flapping, or is back online, and a hub
 * digest when many devices of a watched hub drop at once. "Back online" updates the "dropped"
 * card in place (same outbox thread), so a conversation sees one card per outage.
 */
import type { CardActionData } from './card-actions';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { Locale } from './card-data';
import { formatAgo } from './card-parts';
import { formatInstant } from './card-time';

/** One device's news, as the watches report it (live/watch-rules.ts `DeviceNotice`). */
export type WatchDeviceNotice = {
  readonly deviceId: string;
  readonly since: string;
  readonly downForMs: number;
} & (
  | { readonly kind: 'dropped' }
  | { readonly kind: 'flapping'; readonly drops: number }
  | { readonly kind: 'back-online'; readonly drops: number; readonly flapping: boolean }
);

/** What the card shows: one device, or a digest of a hub's devices. */
export type WatchNoticeInput = {
  readonly hub: string;
  /** What the conversation watches: the Mute button removes exactly that watch. */
  readonly watch:
    | { readonly kind: 'device'; readonly deviceId: string; readonly hub?: string }
    | { readonly kind: 'hub'; readonly hub: string };
} & (
  | { readonly kind: 'device'; readonly notice: WatchDeviceNotice; readonly lastDisconnectFinding?: string }
  | { readonly kind: 'digest'; readonly items: readonly WatchDeviceNotice[] }
);

export interface WatchNoticeCardData {
  readonly title: string;
  readonly color: 'Attention' | 'Warning' | 'Good';
  readonly lines: readonly { readonly text: string }[];
  readonly source: string;
  readonly buttons: readonly CardButton[];
}

const minutes = (ms: number): number => Math.max(1, Math.round(ms / 60_000));
// A short grace period (WATCH_GRACE_SECONDS) reports outages of seconds: "after 1 min" would overstate them.
const UNDER_A_MINUTE_MS = 60_000;

const WATCH_TEXT = {
  en: {
    dropped: (device: string) => `${device} dropped`,
    flapping: (device: string) => `${device} is flapping`,
    back: (device: string) => `${device} is back online`,
    downSince: (time: string, ago: string) => `Disconnected since ${time} (${ago}).`,
    flaps: (drops: number, time: string) => `${drops} disconnects since ${time}.`,
    downFor: (ms: number) => (ms < UNDER_A_MINUTE_MS ? 'within a minute' : `after ${minutes(ms)} min`),
    backAfter: (down: string, time: string, drops: number) =>
      `Back online ${down} (reconnected ${time})${drops > 1 ? `, ${drops} disconnects meanwhile` : ''}.`,
    finding: (title: string) => `Last disconnect in the logs: ${title}`,
    digest: (count: number, hub: string) => `${count} devices changed on ${hub}`,
    item: (notice: WatchDeviceNotice, time: string) =>
      notice.kind === 'back-online'
        ? `${notice.deviceId}: back online ${WATCH_TEXT.en.downFor(notice.downForMs)}`
        : notice.kind === 'flapping'
          ? `${notice.deviceId}: flapping, ${notice.drops} disconnects since ${time}`
          : `${notice.deviceId}: disconnected since ${time}`,
    source: (hub: string) => `Live connection state from Event Grid (hub ${hub}).`,
    diagnose: 'Diagnose',
    mute: 'Mute (unwatch)',
  },
  ko: {
    dropped: (device: string) => `${device} 연결 끊김`,
    flapping: (device: string) => `${device} 연결 불안정 (반복 끊김)`,
    back: (device: string) => `${device} 다시 연결됨`,
    downSince: (time: string, ago: string) => `${time}부터 연결 끊김 (${ago}).`,
    flaps: (drops: number, time: string) => `${time} 이후 ${drops}번 끊김.`,
    downFor: (ms: number) => (ms < UNDER_A_MINUTE_MS ? '1분 안에' : `${minutes(ms)}분 만에`),
    backAfter: (down: string, time: string, drops: number) =>
      `${down} 다시 연결됨 (${time} 재연결)${drops > 1 ? `, 그 사이 ${drops}번 끊김` : ''}.`,
    finding: (title: string) => `로그에 남은 마지막 끊김: ${title}`,
    digest: (count: number, hub: string) => `${hub}에서 장치 ${count}개 상태 변화`,
    item: (notice: WatchDeviceNotice, time: string) =>
      notice.kind === 'back-online'
        ? `${notice.deviceId}: ${WATCH_TEXT.ko.downFor(notice.downForMs)} 다시 연결됨`
        : notice.kind === 'flapping'
          ? `${notice.deviceId}: 불안정, ${time} 이후 ${notice.drops}번 끊김`
          : `${notice.deviceId}: ${time}부터 연결 끊김`,
    source: (hub: string) => `Event Grid의 실시간 연결 상태 (허브 ${hub}).`,
    diagnose: '진단',
    mute: '알림 끄기 (감시 해제)',
  },
} satisfies Record<Locale, unknown>;

/** The notice's card data; also its one-line summary for the activity feed. */
export function watchNoticeCardData(
  input: WatchNoticeInput,
  ctx: CardContext,
): { readonly data: WatchNoticeCardData; readonly summary: string } {
  const text = WATCH_TEXT[ctx.locale];
  const { watch } = input;
  const unwatch: CardActionData =
    watch.kind === 'hub'
      ? { cmd: 'unwatch', hub: watch.hub }
      : { cmd: 'unwatch', deviceId: watch.deviceId, ...(watch.hub ? { hub: watch.hub } : {}) };
  const mute = cardButton(text.mute, unwatch);
  const source = text.source(input.hub);
  if (input.kind === 'digest') {
    const title = text.digest(input.items.length, input.hub);
    return {
      data: {
        title,
        color: input.items.every((i) => i.kind === 'back-online') ? 'Good' : 'Attention',
        lines: input.items.map((item) => ({ text: text.item(item, formatInstant(item.since, ctx)) })),
        source,
        buttons: [mute],
      },
      summary: title,
    };
  }
  const { notice } = input;
  const diagnose = cardButton(text.diagnose, {
    cmd: 'diagnose',
    deviceId: notice.deviceId,
    hub: input.hub,
    // A new message: this card is later updated in place to "back online", which would overwrite it.
    post: 'new',
  });
  const since = formatInstant(notice.since, ctx);
  const view =
    notice.kind === 'dropped'
      ? {
          title: text.dropped(notice.deviceId),
          color: 'Attention' as const,
          lines: [
            text.downSince(since, formatAgo(notice.since, ctx)),
            ...(input.lastDisconnectFinding ? [text.finding(input.lastDisconnectFinding)] : []),
          ],
        }
      : notice.kind === 'flapping'
        ? {
            title: text.flapping(notice.deviceId),
            color: 'Warning' as const,
            lines: [text.flaps(notice.drops, since)],
          }
        : {
            title: text.back(notice.deviceId),
            color: 'Good' as const,
            lines: [text.backAfter(text.downFor(notice.downForMs), since, notice.drops)],
          };
  return {
    data: {
      title: view.title,
      color: view.color,
      lines: view.lines.map((line) => ({ text: line })),
      source,
      buttons: notice.kind === 'back-online' ? [diagnose] : [diagnose, mute],
    },
    summary: view.title,
  };
}
