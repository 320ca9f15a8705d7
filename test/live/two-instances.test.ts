import { BlobStore } from '../../src/storage/blob-store';
import { LiveConnectionStore } from '../../src/live/connection-store';
import { LiveWatches, type WatchNotification } from '../../src/live/watches';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { memoryLogger } from '../support/memory-log';
import {
  HUB,
  T0,
  connectionEvent,
  expectedState,
  isoAt,
  randomHistories,
  seededRandom,
  shuffle,
} from './event-fixtures';
import { startEventsServer, type RunningEventsServer } from './events-server';

const SECRET = 'events-secret-0123456789abcdef';

/*
 * Two bot instances, each with its own BlobStore object, on one container of a real Azurite: the
 * eTag races are real (the in-process lock of one store object does not help across them).
 */
describe('two instances on one Azurite container', () => {
  let azurite: RunningAzurite;
  let a: RunningEventsServer;
  let b: RunningEventsServer;
  const storeA = () => new BlobStore(azurite.connectionString, 'live-two');
  const log = memoryLogger([SECRET]);

  beforeAll(async () => {
    azurite = await startAzurite();
    a = await startEventsServer({ store: storeA(), logger: log.logger, secret: SECRET });
    b = await startEventsServer({ store: storeA(), logger: log.logger, secret: SECRET });
  }, 30_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await azurite?.stop();
  });

  const post = (server: RunningEventsServer, events: unknown[]) =>
    fetch(`${server.base}/api/events?code=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });

  it('events for the same devices split over both instances end in the state the sequence numbers say', async () => {
    const random = seededRandom(2);
    const devices = Array.from({ length: 10 }, (_, i) => `pump-${i}`);
    const unique = randomHistories(random, devices, 12, 30);
    const deliveries = shuffle([...unique, ...unique.slice(0, 40)], random);
    const queue = [...deliveries];
    const statuses: number[] = [];
    await Promise.all(
      [a, b, a, b].map(async (server) => {
        for (let next = queue.splice(0, 3); next.length > 0; next = queue.splice(0, 3)) {
          statuses.push((await post(server, next.map(connectionEvent))).status);
        }
      }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    for (const deviceId of devices) {
      const expected = expectedState(unique, deviceId);
      expect(await a.states.get(HUB, deviceId)).toMatchObject(expected);
      expect(await b.states.get(undefined, deviceId)).toMatchObject(expected);
    }
    const fromA = (await a.states.listDisconnected(new Date())).map((d) => d.deviceId).sort();
    const fromB = (await b.states.listDisconnected(new Date())).map((d) => d.deviceId).sort();
    expect(fromA).toEqual(fromB);
  }, 60_000);

  it('watchers on both instances, evaluating at the same moments, produce one notification per drop', async () => {
    const states = [new LiveConnectionStore(storeA()), new LiveConnectionStore(storeA())] as const;
    const watchers = states.map(
      (s, i) => new LiveWatches({ store: i === 0 ? storeA() : storeA(), states: s }),
    );
    const devices = Array.from({ length: 8 }, (_, i) => `valve-${i}`);
    for (const deviceId of devices) {
      await watchers[0]?.add('conv-ops', { kind: 'device', hub: HUB, deviceId }, { now: new Date(T0) });
    }
    await watchers[1]?.add('conv-floor', { kind: 'hub', hub: HUB }, { now: new Date(T0) });
    // Connected at 1000 s, dropped at 1100 s.
    expect(
      (
        await post(
          a,
          devices.map((deviceId) => connectionEvent({ deviceId, kind: 'DeviceConnected', n: 1000 })),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await post(
          b,
          devices.map((deviceId) => connectionEvent({ deviceId, kind: 'DeviceDisconnected', n: 1100 })),
        )
      ).status,
    ).toBe(200);

    const all: WatchNotification[] = [];
    for (let second = 1100; second <= 1400; second += 20) {
      const now = new Date(Date.parse(isoAt(second)));
      const results = await Promise.all(watchers.map((w) => w.due(now)));
      results.forEach((r) => all.push(...r));
    }
    const ops = all.filter((n) => n.conversationKey === 'conv-ops');
    expect(ops.map((n) => n.kind)).toEqual(devices.map(() => 'dropped'));
    expect(ops.map((n) => n.kind === 'dropped' && n.deviceId).sort()).toEqual([...devices].sort());
    // The hub watch: the valves' drop is one digest; the pumps left down by the test above came
    // in an earlier one. Every device is named once, by one instance.
    const floor = all.filter((n) => n.conversationKey === 'conv-floor');
    expect(floor.every((n) => n.kind === 'hub-digest')).toBe(true);
    const named = floor.flatMap((n) => (n.kind === 'hub-digest' ? n.items.map((i) => i.deviceId) : []));
    expect(new Set(named).size).toBe(named.length);
    const valves = floor.find(
      (n) => n.kind === 'hub-digest' && n.items.some((i) => i.deviceId === 'valve-0'),
    );
    expect(valves?.kind === 'hub-digest' && valves.items.map((i) => i.deviceId).sort()).toEqual(
      [...devices].sort(),
    );
  }, 60_000);
});
