import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { watchPollFor } from '../../src/compose/live';
import { LiveConnectionStore } from '../../src/live/connection-store';
import type { IotHubEvent } from '../../src/live/iot-hub-events';
import { decide, DEFAULT_GRACE_MS } from '../../src/live/watch-rules';
import { LiveWatches, type WatchNotification } from '../../src/live/watches';
import { FileStore } from '../../src/storage/file-store';
import { MemoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore } from '../../src/storage/store';
import { sequenceNumber, T0 } from './event-fixtures';

const HUB = 'contoso-fleet-hub';
const S = 1000;
const M = 60 * S;

/** A hub whose devices' events are recorded at given seconds after T0, and a clock for `due`. */
class Fleet {
  readonly states: LiveConnectionStore;
  readonly watches: LiveWatches;
  private n = 0;

  constructor(
    readonly store: KeyValueStore = new MemoryStore(),
    options: { readonly defaultGraceMs?: number } = {},
  ) {
    this.states = new LiveConnectionStore(store);
    this.watches = new LiveWatches({ store, states: this.states, ...options });
  }

  async event(deviceId: string, kind: 'connected' | 'disconnected', atMs: number): Promise<void> {
    const seq = Math.round(atMs) * 10 + (this.n++ % 10);
    const event: IotHubEvent = {
      id: `${deviceId}-${seq}`,
      kind,
      hub: HUB,
      deviceId,
      time: new Date(T0 + atMs).toISOString(),
      sequenceNumber: sequenceNumber(seq),
    };
    await this.states.record([event]);
  }

  /** `due` at every tick from `fromMs` to `toMs`, as a timer would call it. */
  async tick(fromMs: number, toMs: number, everyMs = 15 * S): Promise<WatchNotification[]> {
    const all: WatchNotification[] = [];
    for (let at = fromMs; at <= toMs; at += everyMs) all.push(...(await this.watches.due(new Date(T0 + at))));
    return all;
  }
}

const at = (ms: number) => new Date(T0 + ms).toISOString();
const kinds = (notifications: readonly WatchNotification[]) => notifications.map((n) => n.kind);

describe('watch rules and the store-backed watcher', () => {
  it('a drop is news only after the grace period (2 min by default), and exactly once', async () => {
    const fleet = new Fleet();
    await fleet.event('cam-1', 'connected', 0);
    await fleet.watches.add('conv-a', { kind: 'device', hub: HUB, deviceId: 'cam-1' }, { now: new Date(T0) });
    await fleet.event('cam-1', 'disconnected', 60 * S);
    expect(await fleet.tick(60 * S, 60 * S + DEFAULT_GRACE_MS - S)).toEqual([]);
    const dropped = await fleet.tick(60 * S + DEFAULT_GRACE_MS, 10 * M);
    expect(dropped).toEqual([
      expect.objectContaining({
        kind: 'dropped',
        conversationKey: 'conv-a',
        hub: HUB,
        deviceId: 'cam-1',
        since: at(60 * S),
        downForMs: DEFAULT_GRACE_MS, // the tick right at the end of the grace period
      }),
    ]);
  });

  it('"back online after N min" once the reconnect has held for the grace period, once', async () => {
    const fleet = new Fleet();
    await fleet.watches.add('conv-a', { kind: 'device', deviceId: 'cam-2' }, { now: new Date(T0) });
    await fleet.event('cam-2', 'disconnected', 0);
    expect(kinds(await fleet.tick(0, 5 * M))).toEqual(['dropped']);
    await fleet.event('cam-2', 'connected', 7 * M);
    const back = await fleet.tick(5 * M + 15 * S, 20 * M);
    expect(back).toEqual([
      expect.objectContaining({
        kind: 'back-online',
        since: at(7 * M),
        downForMs: 7 * M,
        drops: 1,
        flapping: false,
      }),
    ]);
  });

  it('a token renewal cycle (disconnect and reconnect within the grace period) never notifies', async () => {
    const fleet = new Fleet();
    await fleet.watches.add('conv-a', { kind: 'device', hub: HUB, deviceId: 'cam-3' }, { now: new Date(T0) });
    await fleet.event('cam-3', 'connected', 0);
    await fleet.event('cam-3', 'disconnected', 10 * M);
    await fleet.event('cam-3', 'connected', 10 * M + 20 * S);
    expect(await fleet.tick(9 * M, 40 * M, 5 * S)).toEqual([]);
  });

  it('"watch X for 10m": a 5 minute drop says nothing, a 10 minute one does', async () => {
    const fleet = new Fleet();
    await fleet.watches.add(
      'conv-a',
      { kind: 'device', hub: HUB, deviceId: 'cam-4' },
      { now: new Date(T0), graceMs: 10 * M },
    );
    await fleet.event('cam-4', 'disconnected', 0);
    await fleet.event('cam-4', 'connected', 5 * M);
    expect(await fleet.tick(0, 20 * M)).toEqual([]);
    await fleet.event('cam-4', 'disconnected', 30 * M);
    expect(kinds(await fleet.tick(20 * M, 45 * M))).toEqual(['dropped']);
  });

  it('flapping (a drop every minute) sends one notification, then one back online when it is stable', async () => {
    const fleet = new Fleet();
    await fleet.watches.add('conv-a', { kind: 'device', hub: HUB, deviceId: 'cam-5' }, { now: new Date(T0) });
    await fleet.event('cam-5', 'connected', 0);
    const notices: WatchNotification[] = [];
    for (let minute = 1; minute <= 8; minute++) {
      await fleet.event('cam-5', 'disconnected', minute * M);
      notices.push(...(await fleet.tick(minute * M, minute * M + 30 * S)));
      await fleet.event('cam-5', 'connected', minute * M + 40 * S);
      notices.push(...(await fleet.tick(minute * M + 45 * S, minute * M + 45 * S)));
    }
    expect(notices).toEqual([expect.objectContaining({ kind: 'flapping', drops: 3, since: at(M) })]);
    const stable = await fleet.tick(9 * M, 40 * M);
    expect(stable).toEqual([expect.objectContaining({ kind: 'back-online', flapping: true, drops: 8 })]);
  });

  it('a device that drops, reconnects briefly and drops again is one incident (no second "dropped")', async () => {
    const fleet = new Fleet();
    await fleet.watches.add('conv-a', { kind: 'device', hub: HUB, deviceId: 'cam-6' }, { now: new Date(T0) });
    await fleet.event('cam-6', 'disconnected', 0);
    expect(kinds(await fleet.tick(0, 4 * M))).toEqual(['dropped']);
    await fleet.event('cam-6', 'connected', 5 * M);
    await fleet.event('cam-6', 'disconnected', 6 * M);
    expect(await fleet.tick(5 * M, 12 * M)).toEqual([]);
  });

  it('a hub watch turns many drops at once into one digest, and their recovery into another', async () => {
    const fleet = new Fleet();
    await fleet.watches.add('conv-ops', { kind: 'hub', hub: HUB.toUpperCase() }, { now: new Date(T0) });
    const devices = Array.from({ length: 20 }, (_, i) => `meter-${i}`);
    for (const d of devices) await fleet.event(d, 'disconnected', 10 * S);
    const first = await fleet.tick(0, 5 * M);
    expect(kinds(first)).toEqual(['hub-digest']);
    const digest = first[0];
    if (digest?.kind !== 'hub-digest') throw new Error('no digest');
    expect(digest.items.map((i) => i.deviceId).sort()).toEqual([...devices].sort());
    expect(digest.items.every((i) => i.kind === 'dropped')).toBe(true);
    // One more, alone, later: a single notification.
    await fleet.event('meter-late', 'disconnected', 6 * M);
    expect(kinds(await fleet.tick(6 * M, 10 * M))).toEqual(['dropped']);
    for (const d of devices) await fleet.event(d, 'connected', 11 * M);
    const back = await fleet.tick(11 * M, 15 * M);
    expect(kinds(back)).toEqual(['hub-digest']);
    expect(back[0]?.kind === 'hub-digest' && back[0].items.length).toBe(20);
  });

  it('exactly once across a restart: a new process over the same files says nothing twice', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'live-watches-'));
    try {
      const before = new Fleet(new FileStore(folder));
      await before.watches.add(
        'conv-a',
        { kind: 'device', hub: HUB, deviceId: 'cam-7' },
        { now: new Date(T0) },
      );
      await before.event('cam-7', 'disconnected', 0);
      expect(kinds(await before.tick(0, 3 * M))).toEqual(['dropped']);
      const after = new Fleet(new FileStore(folder));
      expect(await after.tick(3 * M, 6 * M)).toEqual([]);
      expect(await after.watches.list('conv-a')).toHaveLength(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('unwatch stops notifications; watching the same target twice is one watch (the grace is updated)', async () => {
    const fleet = new Fleet();
    const target = { kind: 'device', hub: HUB, deviceId: 'cam-8' } as const;
    await fleet.watches.add('conv-a', target, { now: new Date(T0) });
    const again = await fleet.watches.add('conv-a', target, { now: new Date(T0), graceMs: 5 * M });
    expect(await fleet.watches.list('conv-a')).toEqual([again]);
    expect(again.graceMs).toBe(5 * M);
    expect(await fleet.watches.remove('conv-a', target)).toBe(true);
    await fleet.event('cam-8', 'disconnected', 0);
    expect(await fleet.tick(0, 10 * M)).toEqual([]);
    expect(await fleet.watches.remove('conv-a', target)).toBe(false);
  });

  it('a watch that names no grace period takes the configured one (WATCH_GRACE_SECONDS); one that names it keeps its own', async () => {
    const fleet = new Fleet(new MemoryStore(), { defaultGraceMs: 5 * S });
    const quick = await fleet.watches.add(
      'conv-a',
      { kind: 'device', deviceId: 'cam-9' },
      { now: new Date(T0) },
    );
    expect(quick.graceMs).toBe(5 * S);
    const slow = await fleet.watches.add(
      'conv-b',
      { kind: 'device', deviceId: 'cam-9' },
      { graceMs: 10 * M, now: new Date(T0) },
    );
    expect(slow.graceMs).toBe(10 * M);
    await fleet.event('cam-9', 'disconnected', 0);
    expect(await fleet.tick(4 * S, 4 * S)).toEqual([]);
    const told = await fleet.tick(6 * S, 6 * S);
    expect(told.map((n) => [n.conversationKey, n.kind])).toEqual([['conv-a', 'dropped']]);
  });

  it('watchPollFor: a sixth of the grace period, between 1 s and 20 s', () => {
    expect(watchPollFor(DEFAULT_GRACE_MS)).toBe(20 * S);
    expect(watchPollFor(30 * S)).toBe(5 * S);
    expect(watchPollFor(3 * S)).toBe(S);
    expect(watchPollFor(24 * 60 * M)).toBe(20 * S);
  });

  it('decide(): a deleted device closes its mark silently', () => {
    expect(decide(undefined, { mode: 'down', since: at(0) }, new Date(T0), DEFAULT_GRACE_MS)).toEqual({
      mark: undefined,
    });
  });
});
