import { createHash } from 'node:crypto';
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

/** Open marks of one watch, by `<hub>/<deviceId>`: claimed together with one eTag'd write. */
interface MarkSet {
  readonly marks: Readonly<Record<string, WatchMark>>;
}

const WATCHES_KEY = 'live/watches';

export interface LiveWatchesDeps {
  readonly store: KeyValueStore;
  readonly states: LiveConnectionState;
  readonly policy?: WatchPolicy;
  /** The grace period of a watch that names none (default 2 min: WATCH_GRACE_SECONDS). */
  readonly defaultGraceMs?: number;
}

/**
 * Watches and what has been told about them, in the shared store. `due(now)` (called from a
 * timer by the composition root, more often than the grace period) returns the notifications
 * to send now, each exactly once across restarts and instances: an evaluation writes the new
 * marks of a watch with its eTag BEFORE returning anything, and an instance that loses that race
 * re-reads the marks, finds the notice already claimed and returns nothing for it.
 *
 * Claim-then-send is at most once: a crash between `due` returning and the outbox storing the
 * notification loses it. The notification ids are deterministic, so a caller whose outbox
 * dedupes on them may instead enqueue first and claim after (see the report for issue 18).
 */
export class LiveWatches {
  private readonly policy: WatchPolicy;

  constructor(private readonly deps: LiveWatchesDeps) {
    this.policy = deps.policy ?? DEFAULT_WATCH_POLICY;
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

  /** Everything to tell now, claimed. */
  async due(now: Date): Promise<WatchNotification[]> {
    const notifications: WatchNotification[] = [];
    for (const watch of await this.list()) notifications.push(...(await this.evaluate(watch, now)));
    return notifications;
  }

  private async evaluate(watch: Watch, now: Date): Promise<WatchNotification[]> {
    const key = marksKey(watch.id);
    const open = ((await this.deps.store.read([key]))[key] as MarkSet | undefined)?.marks ?? {};
    const states = await this.statesFor(watch, now, Object.keys(open));
    let claimed: { deviceKey: string; state: ConnectionState | undefined; notice: DeviceNotice }[] = [];
    await updateItem<MarkSet>(this.deps.store, key, (current) => {
      claimed = [];
      const marks: Record<string, WatchMark> = { ...(current?.marks ?? {}) };
      let changed = false;
      for (const deviceKey of new Set([...states.keys(), ...Object.keys(marks)])) {
        const state = states.get(deviceKey);
        const before = marks[deviceKey];
        const decision = decide(state, before, now, watch.graceMs, this.policy);
        if (decision.notice) claimed.push({ deviceKey, state, notice: decision.notice });
        if (decision.mark) marks[deviceKey] = decision.mark;
        else delete marks[deviceKey];
        changed ||= JSON.stringify(before) !== JSON.stringify(decision.mark);
      }
      return changed ? { marks } : undefined;
    });
    return this.notificationsOf(watch, claimed);
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
    claimed: readonly { deviceKey: string; state: ConnectionState | undefined; notice: DeviceNotice }[],
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
