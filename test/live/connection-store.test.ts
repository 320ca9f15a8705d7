/**
 * The store-backed connection state over one delivery of many devices: what the HTTP answer
 * counts, and the disconnected index, both as the records say.
 */
import { LiveConnectionStore } from '../../src/live/connection-store';
import type { IotHubEvent } from '../../src/live/iot-hub-events';
import { MemoryStore } from '../../src/storage/memory-store';
import { HUB, T0, sequenceNumber } from './event-fixtures';

/** Event `n` of a delivery: device `n % devices`, every third one a disconnect. */
function event(n: number, devices: number): IotHubEvent {
  return {
    id: `e-${n}`,
    kind: n % 3 === 0 ? 'disconnected' : 'connected',
    hub: HUB,
    deviceId: `dev-${n % devices}`,
    time: new Date(T0 + n * 1000).toISOString(),
    sequenceNumber: sequenceNumber(n),
  };
}

describe('LiveConnectionStore.record over a batch of many devices', () => {
  it('counts every event that changed a record, though devices are stored in parallel', async () => {
    const states = new LiveConnectionStore(new MemoryStore());
    const batch = Array.from({ length: 50 }, (_, n) => event(n + 1, 1000));
    expect(await states.record(batch)).toEqual({ changed: 50, unchanged: 0 });
    expect(await states.record(batch)).toEqual({ changed: 0, unchanged: 50 });
  });

  it('lists exactly the devices whose newest event is a disconnect', async () => {
    const states = new LiveConnectionStore(new MemoryStore(), { shards: 4 });
    const devices = 40;
    const deliveries = Array.from({ length: 5 }, (_, d) =>
      Array.from({ length: 30 }, (_, i) => event(d * 30 + i + 1, devices)),
    );
    await Promise.all(deliveries.map((batch) => states.record(batch)));
    const newest = new Map<string, IotHubEvent>();
    for (const e of deliveries.flat()) newest.set(e.deviceId, e);
    const expected = [...newest.values()]
      .filter((e) => e.kind === 'disconnected')
      .map((e) => e.deviceId)
      .sort();
    const listed = await states.listDisconnected(new Date(T0 + 3_600_000), { hub: HUB });
    expect(listed.map((d) => d.deviceId).sort()).toEqual(expected);
    for (const d of listed) expect(d.sequenceNumber).toBe(newest.get(d.deviceId)?.sequenceNumber);
  });
});
