import { createHash } from 'node:crypto';
import type { Locale } from '../cards/card-data';
import type { CardRenderer } from '../cards/render';
import {
  watchNoticeCardData,
  type WatchDeviceNotice,
  type WatchNoticeInput,
} from '../cards/watch-notice-card';
import type { WatchTarget } from '../live/watch-rules';
import type { WatchNotification } from '../live/watches';
import type { MessageSource, OutboxSubject } from '../proactive/outbox';
import type { OutboundMessage } from '../proactive/sender';
import type { KeyValueStore } from '../storage/store';

/** A notice as the live loop stores it for the outbox: rendered (and re-rendered) from this. */
export interface StoredWatchNotice {
  readonly notification: WatchNotification;
  readonly target: WatchTarget;
  /** The top finding of the device's last disconnect in the logs, when they had one. */
  readonly lastDisconnectFinding?: string;
}

/**
 * The outbox thread of a notice: a device's "dropped" (or "flapping") and its "back online" share
 * one, so the second updates the first card in place. Both carry when the trouble started: the
 * drop's `since`, or for "back online" its reconnect time less the time it was down.
 */
export function watchThread(notification: WatchNotification): string {
  const base = `watch:${notification.conversationKey}:${notification.watchId}`;
  if (notification.kind === 'hub-digest') return `${base}:digest:${notification.id}`;
  const troubleSince =
    notification.kind === 'back-online'
      ? new Date(Date.parse(notification.since) - notification.downForMs).toISOString()
      : notification.since;
  return `${base}:${notification.hub}/${notification.deviceId}:${troubleSince}`;
}

export function watchNoticeKey(thread: string): string {
  return `live/notice/${createHash('sha256').update(thread).digest('hex').slice(0, 40)}`;
}

function languageKey(conversationKey: string): string {
  return `live/watch-language/${createHash('sha256').update(conversationKey).digest('hex').slice(0, 40)}`;
}

/** The language of a conversation's watch notices: the one of whoever set the last watch there. */
export class WatchLanguages {
  constructor(private readonly store: KeyValueStore) {}

  async set(conversationKey: string, locale: Locale): Promise<void> {
    await this.store.write({ [languageKey(conversationKey)]: { locale } });
  }

  async get(conversationKey: string): Promise<Locale> {
    const key = languageKey(conversationKey);
    const item = (await this.store.read([key]))[key] as { locale?: Locale } | undefined;
    return item?.locale === 'ko' ? 'ko' : 'en';
  }
}

/** Renders the outbox's `watch` subjects from the stored notice, in the conversation's watch language. */
export class WatchMessages implements MessageSource {
  constructor(
    private readonly store: KeyValueStore,
    private readonly languages: WatchLanguages,
    private readonly renderer: CardRenderer,
    private readonly clock: () => Date,
  ) {}

  async render(subject: OutboxSubject, conversationKey: string): Promise<OutboundMessage | undefined> {
    if (subject.kind !== 'watch') return undefined;
    const stored = (await this.store.read([subject.noticeKey]))[subject.noticeKey] as
      StoredWatchNotice | undefined;
    if (!stored) return undefined;
    const locale = await this.languages.get(conversationKey);
    const { data, summary } = watchNoticeCardData(inputOf(stored), {
      locale,
      timeZone: 'UTC',
      now: this.clock(),
    });
    return { card: this.renderer.render('watch-notice', data), summary };
  }
}

function inputOf(stored: StoredWatchNotice): WatchNoticeInput {
  const { notification: n, target } = stored;
  const watch =
    target.kind === 'hub'
      ? { kind: 'hub' as const, hub: target.hub }
      : { kind: 'device' as const, deviceId: target.deviceId, ...(target.hub ? { hub: target.hub } : {}) };
  if (n.kind === 'hub-digest') return { hub: n.hub, watch, kind: 'digest', items: n.items };
  const notice: WatchDeviceNotice = n;
  return {
    hub: n.hub,
    watch,
    kind: 'device',
    notice,
    ...(stored.lastDisconnectFinding ? { lastDisconnectFinding: stored.lastDisconnectFinding } : {}),
  };
}
