import { createHash } from 'node:crypto';
import { GroupCommit } from '../storage/group-commit';
import type { KeyValueStore } from '../storage/store';
import { updateItem, withoutETag } from '../storage/update-item';
import {
  applyEvent,
  connectionStateOf,
  emptyRecord,
  type ConnectionState,
  type DeviceRecord,
} from './device-record';
import type { IotHubEvent } from './iot-hub-events';
import { compareSequenceNumbers } from './sequence-number';

/** A disconnected device, as `listDisconnected` reports it. */
export interface DisconnectedDevice {
  readonly hub: string;
  readonly deviceId: string;
  readonly since: string;
  readonly asOf: string;
  readonly sequenceNumber: string;
  readonly downForMs: number;
}

/**
 * Live device connection state from Event Grid: what `status X`, the diagnosis card and the
 * watches ask. Devices only; IoT Edge module events are kept apart (`moduleId`).
 */
export interface LiveConnectionState {
  /** Without `hub`: the device on whichever known hub reported it last. */
  get(hub: string | undefined, deviceId: string, moduleId?: string): Promise<ConnectionState | undefined>;
  /** Devices disconnected right now (by the newest event), longest first. */
  listDisconnected(now: Date, options?: { readonly hub?: string }): Promise<DisconnectedDevice[]>;
}

/** What one call to `record` did, for the HTTP answer and the log. */
export interface RecordOutcome {
  /** Events that changed a stored record. */
  readonly changed: number;
  /** Duplicates, events older than what is known, events of a deleted identity. */
  readonly unchanged: number;
}

interface HubList {
  readonly hubs: readonly string[];
}

interface IndexEntry {
  readonly since: string;
  readonly asOf: string;
  readonly sequenceNumber: string;
}

interface DisconnectedShard {
  readonly devices: Readonly<Record<string, IndexEntry>>;
}

export interface LiveConnectionStoreOptions {
  /** Shards of the per-hub "disconnected" index: fewer eTag races on a hub-wide outage. */
  readonly shards?: number;
  /** Device groups of one delivery stored in parallel. */
  readonly parallelism?: number;
}

const HUBS_KEY = 'live/hubs';

/**
 * The store-backed LiveConnectionState. One record per device (`live/device/<hub>/<device>`),
 * updated with the eTag-retry helper, so any number of instances may record events for the same
 * device; plus a sharded index of disconnected devices per hub (the store cannot list keys).
 *
 * The index is derived: after a device record changes, its index entry is re-derived from it and
 * the record is read again; if another instance changed the record meanwhile, the entry is
 * derived again. Whoever writes the record last therefore also writes its entry last, and a
 * crash between the two writes is repaired by Event Grid's redelivery (we answer 200 only after
 * both).
 */
export class LiveConnectionStore implements LiveConnectionState {
  private readonly knownHubs = new Set<string>();
  /** Concurrent deliveries' changes to one index shard, written together. */
  private readonly shardWrites: GroupCommit<DisconnectedShard>;
  private readonly shards: number;
  private readonly parallelism: number;

  constructor(
    private readonly store: KeyValueStore,
    options: LiveConnectionStoreOptions = {},
  ) {
    this.shards = options.shards ?? 16;
    this.parallelism = options.parallelism ?? 8;
    this.shardWrites = new GroupCommit(store);
  }

  /** Durably applies the events; resolves only when every affected record is written. */
  async record(events: readonly IotHubEvent[]): Promise<RecordOutcome> {
    const groups = new Map<string, IotHubEvent[]>();
    for (const event of events) {
      const key = deviceKey(event.hub, event.deviceId, event.moduleId);
      groups.set(key, [...(groups.get(key) ?? []), event]);
    }
    // Hubs first: a stored device must be findable without its hub (`get(undefined, id)`).
    for (const hub of new Set(events.map((e) => e.hub))) await this.rememberHub(hub);
    let changed = 0;
    const stored: StoredDevice[] = [];
    const work = [...groups.entries()];
    const worker = async (): Promise<void> => {
      for (let next = work.shift(); next; next = work.shift()) {
        const [key, deviceEvents] = next;
        const outcome = await this.recordDevice(key, deviceEvents);
        changed += outcome.changed;
        const first = deviceEvents[0];
        if (first && !first.moduleId)
          stored.push({ hub: first.hub, deviceId: first.deviceId, key, record: outcome.after });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallelism, work.length) }, worker));
    // Derive the index even when nothing changed: a redelivery repairs a crash between the writes.
    await this.syncIndex(stored);
    return { changed, unchanged: events.length - changed };
  }

  async get(
    hub: string | undefined,
    deviceId: string,
    moduleId?: string,
  ): Promise<ConnectionState | undefined> {
    const hubs = hub ? [hub.toLowerCase()] : await this.hubs();
    const keys = hubs.map((h) => deviceKey(h, deviceId, moduleId));
    if (keys.length === 0) return undefined;
    const items = await this.store.read(keys);
    const states = keys
      .map((key) => items[key])
      .map((item) => (item ? connectionStateOf(withoutETag<DeviceRecord>(item)) : undefined))
      .filter((state): state is ConnectionState => state !== undefined);
    return states.sort((a, b) => (a.asOf < b.asOf ? 1 : a.asOf > b.asOf ? -1 : 0))[0];
  }

  /** The last lifecycle event seen for the device (DeviceCreated / DeviceDeleted). */
  async registry(hub: string, deviceId: string): Promise<DeviceRecord['registry']> {
    const key = deviceKey(hub.toLowerCase(), deviceId);
    const item = (await this.store.read([key]))[key];
    return item ? withoutETag<DeviceRecord>(item).registry : undefined;
  }

  async listDisconnected(now: Date, options: { readonly hub?: string } = {}): Promise<DisconnectedDevice[]> {
    const hubs = options.hub ? [options.hub.toLowerCase()] : await this.hubs();
    const keys = hubs.flatMap((hub) => Array.from({ length: this.shards }, (_, i) => shardKey(hub, i)));
    if (keys.length === 0) return [];
    const items = await this.store.read(keys);
    const result: DisconnectedDevice[] = [];
    for (const hub of hubs) {
      for (let i = 0; i < this.shards; i++) {
        const shard = items[shardKey(hub, i)] as DisconnectedShard | undefined;
        for (const [deviceId, entry] of Object.entries(shard?.devices ?? {})) {
          result.push({
            hub,
            deviceId,
            ...entry,
            downForMs: Math.max(0, now.getTime() - Date.parse(entry.since)),
          });
        }
      }
    }
    return result.sort((a, b) => b.downForMs - a.downForMs || a.deviceId.localeCompare(b.deviceId));
  }

  /** Hubs that ever reported an event, lower case. */
  async hubs(): Promise<string[]> {
    const item = (await this.store.read([HUBS_KEY]))[HUBS_KEY] as HubList | undefined;
    return [...(item?.hubs ?? [])];
  }

  /** How many of the events changed the record, and the record as stored. */
  private async recordDevice(
    key: string,
    events: readonly IotHubEvent[],
  ): Promise<{ changed: number; after: DeviceRecord | undefined }> {
    const first = events[0];
    if (!first) return { changed: 0, after: undefined };
    let changed = 0;
    const after = await updateItem<DeviceRecord>(this.store, key, (current) => {
      let record = current ?? emptyRecord(first.hub, first.deviceId, first.moduleId);
      const start = record;
      changed = 0;
      for (const event of events) {
        const next = applyEvent(record, event);
        if (next !== record) changed++;
        record = next;
      }
      return record === start ? undefined : record;
    });
    return { changed, after };
  }

  /**
   * Brings the disconnected index in line with the devices' records: one eTag'd write per shard
   * for all of a delivery's devices in it (not one per device: a batch of 50 touches at most
   * `shards` items), and the deliveries in flight together share each shard's write (group
   * commit); then every record is read again, and the devices whose record another instance
   * changed meanwhile are derived once more.
   */
  private async syncIndex(devices: readonly StoredDevice[]): Promise<void> {
    let pending = devices.map((device) => ({ ...device, view: connectionStateOf(device.record) }));
    for (let round = 0; round < 5 && pending.length > 0; round++) {
      const byShard = new Map<string, typeof pending>();
      for (const device of pending) {
        const shard = shardKey(device.hub, this.shardOf(device.deviceId));
        byShard.set(shard, [...(byShard.get(shard) ?? []), device]);
      }
      await Promise.all(
        [...byShard.entries()].map(([shard, members]) =>
          this.shardWrites.update(shard, (current) => {
            const entries = { ...(current?.devices ?? {}) };
            let changed = false;
            for (const { deviceId, view } of members)
              changed = indexEntry(entries, deviceId, view) || changed;
            return changed ? { devices: entries } : undefined;
          }),
        ),
      );
      const again = await this.store.read(pending.map((device) => device.key));
      pending = pending.flatMap((device) => {
        const item = again[device.key];
        const now = connectionStateOf(item ? withoutETag<DeviceRecord>(item) : undefined);
        return now?.sequenceNumber === device.view?.sequenceNumber && now?.state === device.view?.state
          ? []
          : [{ ...device, view: now }];
      });
    }
  }

  private async rememberHub(hub: string): Promise<void> {
    if (this.knownHubs.has(hub)) return;
    await updateItem<HubList>(this.store, HUBS_KEY, (current) =>
      current?.hubs.includes(hub) ? undefined : { hubs: [...(current?.hubs ?? []), hub].sort() },
    );
    this.knownHubs.add(hub);
  }

  private shardOf(deviceId: string): number {
    return createHash('sha256').update(deviceId).digest().readUInt32BE(0) % this.shards;
  }
}

/** A device-level record as one delivery left it, for the index. */
interface StoredDevice {
  readonly hub: string;
  readonly deviceId: string;
  readonly key: string;
  readonly record: DeviceRecord | undefined;
}

/**
 * Sets or removes the device's entry in a shard's map so it says what `view` says, unless the
 * entry already reflects a newer event; true when the map changed.
 */
function indexEntry(
  devices: Record<string, IndexEntry>,
  deviceId: string,
  view: ConnectionState | undefined,
): boolean {
  const existing = devices[deviceId];
  if (view?.state === 'disconnected') {
    if (existing && compareSequenceNumbers(existing.sequenceNumber, view.sequenceNumber) >= 0) return false;
    devices[deviceId] = { since: view.since, asOf: view.asOf, sequenceNumber: view.sequenceNumber };
    return true;
  }
  if (!existing) return false;
  if (view && compareSequenceNumbers(existing.sequenceNumber, view.sequenceNumber) > 0) return false;
  delete devices[deviceId];
  return true;
}

function deviceKey(hub: string, deviceId: string, moduleId?: string): string {
  return `live/device/${hub}/${deviceId}${moduleId ? `/modules/${moduleId}` : ''}`;
}

function shardKey(hub: string, shard: number): string {
  return `live/disconnected/${hub}/${shard}`;
}
