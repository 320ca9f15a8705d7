import { createHash, randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../storage/store';
import { updateItem } from '../storage/update-item';
import type { LiveConnectionState } from './connection-store';
import type { ConnectionState } from './device-record';
import {
  DEFAULT_GRACE_MS,
  DEFAULT_WATCH_POLICY,
  decide,
  type DeviceNotice,
  type Watch,
  type WatchMark,
  type WatchPolicy,
  type WatchTarget,
} from './watch-rules';

/** One thing to tell one conversation; plain data: cards and the outbox come later. */
export type WatchNotification = (
  | (DeviceNotice & { readonly deviceId: string })
  | {
      readonly kind: 'hub-digest';
      /** The earliest `since` of the items. */
      readonly since: string;
      readonly downForMs: number;
      readonly items: readonly (DeviceNotice & { readonly deviceId: string })[];
    }
) & {
  /** Deterministic: the same notice always has the same id (an outbox may dedupe on it). */
  readonly id: string;
  readonly watchId: string;
  readonly conversationKey: string;
  readonly hub: string;
};

interface WatchList {
  readonly watches: readonly Watch[];
}

/**
 * Open marks of one watch, by `<hub>/<deviceId>`, and the notices claimed with them but not yet
 * handed on, by notification id: claim and intent are one eTag'd write, so a crash after it
 * loses nothing (the notice is still pending) and a crash before it claimed nothing.
 */
interface MarkSet {
  readonly marks: Readonly<Record<string, WatchMark>>;
  readonly pending?: Readonly<Record<string, PendingNotice>>;
}

interface PendingNotice {
  readonly notification: WatchNotification;
  /** The {@link LiveWatches} instance handing it on, and since when (ISO). */
  readonly claimedBy: string;
  readonly claimedAt: string;
}

/**
 * A notice another instance claimed and has not handed on after this long is taken over: that
 * instance died (a restart is a new instance). Handing on includes a diagnosis of the logs for the
 * card's cause line, which may take seconds; a live instance is done well within this.
 */
export const PENDING_TAKEOVER_MS = 2 * 60_000;

const WATCHES_KEY = 'live/watches';

export interface LiveWatchesDeps {
  readonly store: KeyValueStore;
  readonly states: LiveConnectionState;
  readonly policy?: WatchPolicy;
  /** Names this instance in pending claims; a new one per process by default. */
  readonly instanceId?: string;
  /** The grace period of a watch that names none (default 2 min: WATCH_GRACE_SECONDS). */
  readonly defaultGraceMs?: number;
}

/**
 * Watches and what has been told about them, in the shared store. `deliverDue(now, deliver)`
 * (called from a timer by the composition root, more often than the grace period) hands each
 * notification to `deliver` once its watch's marks say it is due, exactly once across restarts and
 * instances as long as `deliver` is idempotent per notification id (the ids are deterministic):
 *
 *   evaluate ─▶ ONE eTag'd write: new marks + the notices as pending ─▶ deliver each ─▶ clear pending
 *
 * An instance that loses the write race re-reads the marks, finds the notice already claimed and
 * delivers nothing for it. A crash before the write claimed nothing (the next evaluation decides
 * the same again); a crash after it leaves the notices pending, and the next evaluation delivers
 * them again: at once in the same instance, after {@link PENDING_TAKEOVER_MS} in any other (a
 * restarted process is another instance). So a notice is never lost between claim and outbox.
 */
export class LiveWatches {
  private readonly policy: WatchPolicy;
  private readonly instanceId: string;

  constructor(private readonly deps: LiveWatchesDeps) {
    this.policy = deps.policy ?? DEFAULT_WATCH_POLICY;
    this.instanceId = deps.instanceId ?? randomUUID();
  }

  /** Adds (or re-arms with a new grace period) a watch; the same target twice is one watch. */
  async add(
    conversationKey: string,
    target: WatchTarget,
    options: { readonly graceMs?: number; readonly now: Date },
  ): Promise<Watch> {
    const normalized = normalizeTarget(target);
    const watch: Watch = {
      id: watchId(conversationKey, normalized),
      conversationKey,
      target: normalized,
      graceMs: options.graceMs ?? this.deps.defaultGraceMs ?? DEFAULT_GRACE_MS,
      createdAt: options.now.toISOString(),
    };
    await updateItem<WatchList>(this.deps.store, WATCHES_KEY, (current) => {
      const others = (current?.watches ?? []).filter((w) => w.id !== watch.id);
      const existing = current?.watches.find((w) => w.id === watch.id);
      if (existing && existing.graceMs === watch.graceMs) return undefined;
      return { watches: [...others, existing ? { ...existing, graceMs: watch.graceMs } : watch] };
    });
    return (await this.list(conversationKey)).find((w) => w.id === watch.id) ?? watch;
  }

  /** Removes the watch (and what was told under it); false when there was none. */
  async remove(conversationKey: string, target: WatchTarget): Promise<boolean> {
    const id = watchId(conversationKey, normalizeTarget(target));
    let removed = false;
    await updateItem<WatchList>(this.deps.store, WATCHES_KEY, (current) => {
      removed = (current?.watches ?? []).some((w) => w.id === id);
      return removed ? { watches: (current?.watches ?? []).filter((w) => w.id !== id) } : undefined;
    });
    if (removed) await this.deps.store.delete([marksKey(id)]);
    return removed;
  }

  async list(conversationKey?: string): Promise<Watch[]> {
    const item = (await this.deps.store.read([WATCHES_KEY]))[WATCHES_KEY] as WatchList | undefined;
    return (item?.watches ?? []).filter(
      (w) => conversationKey === undefined || w.conversationKey === conversationKey,
    );
  }

  /**
   * Everything to tell now, claimed and handed over at once (at most once to the caller: nothing
   * is pending when it returns). The timer uses {@link deliverDue}, which survives a crash.
   */
  async due(now: Date): Promise<WatchNotification[]> {
    const notifications: WatchNotification[] = [];
    await this.deliverDue(now, async (notification) => {
      notifications.push(notification);
    });
    return notifications;
  }

  /**
   * Claims what is due (and takes over what a dead instance left pending), hands each to
   * `deliver`, then clears it; returns how many were delivered. When `deliver` throws, the
   * notice stays pending and the next call delivers it again, so `deliver` must be idempotent.
   */
  async deliverDue(now: Date, deliver: (notification: WatchNotification) => Promise<void>): Promise<number> {
    let delivered = 0;
    for (const watch of await this.list()) {
      const notices = await this.claim(watch, now);
      if (notices.length === 0) continue;
      for (const notification of notices) await deliver(notification);
      const ids = new Set(notices.map((n) => n.id));
      await updateItem<MarkSet>(this.deps.store, marksKey(watch.id), (current) => {
        if (!current?.pending || !Object.keys(current.pending).some((id) => ids.has(id))) return undefined;
        const pending = Object.fromEntries(Object.entries(current.pending).filter(([id]) => !ids.has(id)));
        return Object.keys(pending).length > 0 ? { ...current, pending } : { marks: current.marks };
      });
      delivered += notices.length;
    }
    return delivered;
  }

  /** The watch's new notices and its pending ones this instance may deliver, claimed in one write. */
  private async claim(watch: Watch, now: Date): Promise<WatchNotification[]> {
    const key = marksKey(watch.id);
    const open = ((await this.deps.store.read([key]))[key] as MarkSet | undefined)?.marks ?? {};
    const states = await this.statesFor(watch, now, Object.keys(open));
    let toDeliver: WatchNotification[] = [];
    await updateItem<MarkSet>(this.deps.store, key, (current) => {
      const claimed: { deviceKey: string; notice: DeviceNotice }[] = [];
      const marks: Record<string, WatchMark> = { ...(current?.marks ?? {}) };
      let changed = false;
      for (const deviceKey of new Set([...states.keys(), ...Object.keys(marks)])) {
        const state = states.get(deviceKey);
        const before = marks[deviceKey];
        const decision = decide(state, before, now, watch.graceMs, this.policy);
        if (decision.notice) claimed.push({ deviceKey, notice: decision.notice });
        if (decision.mark) marks[deviceKey] = decision.mark;
        else delete marks[deviceKey];
        changed ||= JSON.stringify(before) !== JSON.stringify(decision.mark);
      }
      const taken = Object.values(current?.pending ?? {})
        .filter((p) => this.mayTakeOver(p, now))
        .map((p) => p.notification);
      toDeliver = [...taken, ...this.notificationsOf(watch, claimed)];
      if (!changed && toDeliver.length === 0) return undefined;
      const pending: Record<string, PendingNotice> = { ...(current?.pending ?? {}) };
      for (const notification of toDeliver) {
        pending[notification.id] = { notification, claimedBy: this.instanceId, claimedAt: now.toISOString() };
      }
      return Object.keys(pending).length > 0 ? { marks, pending } : { marks };
    });
    return toDeliver;
  }

  private mayTakeOver(pending: PendingNotice, now: Date): boolean {
    return (
      pending.claimedBy === this.instanceId ||
      now.getTime() - Date.parse(pending.claimedAt) >= PENDING_TAKEOVER_MS
    );
  }

  /** The device states a watch looks at: its device, or its hub's disconnected devices plus open ones. */
  private async statesFor(
    watch: Watch,
    now: Date,
    openKeys: readonly string[],
  ): Promise<Map<string, ConnectionState | undefined>> {
    const result = new Map<string, ConnectionState | undefined>();
    const { target } = watch;
    if (target.kind === 'device') {
      const state = await this.deps.states.get(target.hub, target.deviceId);
      result.set(deviceKeyOf(state?.hub ?? target.hub ?? '?', target.deviceId), state);
      // An open mark under another key (the device was found on another hub) is re-read too.
      for (const key of openKeys) if (!result.has(key)) result.set(key, await this.stateOfKey(key));
      return result;
    }
    const disconnected = await this.deps.states.listDisconnected(now, { hub: target.hub });
    const keys = new Set([...disconnected.map((d) => deviceKeyOf(d.hub, d.deviceId)), ...openKeys]);
    for (const key of keys) result.set(key, await this.stateOfKey(key));
    return result;
  }

  private stateOfKey(deviceKey: string): Promise<ConnectionState | undefined> {
    const slash = deviceKey.indexOf('/');
    return this.deps.states.get(deviceKey.slice(0, slash), deviceKey.slice(slash + 1));
  }

  private notificationsOf(
    watch: Watch,
    claimed: readonly { deviceKey: string; notice: DeviceNotice }[],
  ): WatchNotification[] {
    const items = claimed.map(({ deviceKey, notice }) => {
      const slash = deviceKey.indexOf('/');
      return { hub: deviceKey.slice(0, slash), item: { ...notice, deviceId: deviceKey.slice(slash + 1) } };
    });
    const base = { watchId: watch.id, conversationKey: watch.conversationKey };
    if (watch.target.kind === 'hub' && items.length >= this.policy.digestMin) {
      const since = items.map((i) => i.item.since).sort()[0] as string;
      return [
        {
          ...base,
          kind: 'hub-digest',
          hub: watch.target.hub,
          since,
          downForMs: Math.max(...items.map((i) => i.item.downForMs)),
          items: items.map((i) => i.item),
          id: `${watch.id}:digest:${digestOf(items.map((i) => `${i.item.deviceId}@${i.item.kind}@${i.item.since}`))}`,
        },
      ];
    }
    return items.map(({ hub, item }) => ({
      ...base,
      ...item,
      hub,
      id: `${watch.id}:${hub}/${item.deviceId}:${item.kind}:${item.since}`,
    }));
  }
}

function normalizeTarget(target: WatchTarget): WatchTarget {
  if (target.kind === 'hub') return { kind: 'hub', hub: target.hub.toLowerCase() };
  return target.hub
    ? { kind: 'device', hub: target.hub.toLowerCase(), deviceId: target.deviceId }
    : { kind: 'device', deviceId: target.deviceId };
}

function watchId(conversationKey: string, target: WatchTarget): string {
  return createHash('sha256')
    .update(JSON.stringify([conversationKey, target]))
    .digest('hex')
    .slice(0, 16);
}

function digestOf(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}

function marksKey(id: string): string {
  return `live/watch-marks/${id}`;
}

function deviceKeyOf(hub: string, deviceId: string): string {
  return `${hub}/${deviceId}`;
}
