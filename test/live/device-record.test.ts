import fc from 'fast-check';
import { applyEvent, connectionStateOf, emptyRecord, type DeviceRecord } from '../../src/live/device-record';
import type { IotHubEvent } from '../../src/live/iot-hub-events';
import { compareSequenceNumbers } from '../../src/live/sequence-number';
import { isoAt, sequenceNumber } from './event-fixtures';

describe('sequence numbers', () => {
  it('order as 256-bit numbers: the documented fixed-width form compares like strings', () => {
    const older = '000000000000000001D4132452F67CE200000002000000000000000000000001';
    const newer = '000000000000000001D4132452F67CE200000002000000000000000000000002';
    expect(compareSequenceNumbers(older, newer)).toBeLessThan(0);
    expect(compareSequenceNumbers(newer, older)).toBeGreaterThan(0);
    expect(compareSequenceNumbers(newer, newer)).toBe(0);
  });

  it('stay right when widths or letter case differ (where plain string comparison is wrong)', () => {
    expect(compareSequenceNumbers('FF', '0100')).toBeLessThan(0); // "FF" > "0100" as strings
    expect(compareSequenceNumbers('00ab', 'AB')).toBe(0);
    expect(compareSequenceNumbers('a', 'B')).toBeLessThan(0); // "a" > "B" as strings
  });

  it('agree with BigInt on random values of any width', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
        fc.nat(4),
        (a, b, pad) => {
          const left = '0'.repeat(pad) + a.toString(16);
          const right = b.toString(16).toUpperCase();
          expect(Math.sign(compareSequenceNumbers(left, right))).toBe(a < b ? -1 : a > b ? 1 : 0);
        },
      ),
    );
  });
});

function connection(kind: 'connected' | 'disconnected', n: number): IotHubEvent {
  return { id: `e-${n}`, kind, hub: 'hub', deviceId: 'd', time: isoAt(n), sequenceNumber: sequenceNumber(n) };
}
function lifecycle(kind: 'created' | 'deleted', n: number): IotHubEvent {
  return { id: `l-${kind}-${n}`, kind, hub: 'hub', deviceId: 'd', time: isoAt(n) };
}
const replay = (events: readonly IotHubEvent[]): DeviceRecord =>
  events.reduce(applyEvent, emptyRecord('hub', 'd'));

describe('a device record is a function of the set of events, not of their order', () => {
  const eventSet = fc
    .uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 })
    .chain((ns) =>
      fc.tuple(
        fc.constant(ns),
        fc.array(fc.boolean(), { minLength: ns.length, maxLength: ns.length }),
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 3 }),
      ),
    )
    .map(([ns, flags, deletes]) => [
      ...ns.map((n, i) => connection(flags[i] ? 'connected' : 'disconnected', n)),
      ...deletes.map((n) => lifecycle('deleted', n)),
    ]);

  it('any order, with duplicates, gives what sorted delivery gives', () => {
    fc.assert(
      fc.property(eventSet, fc.infiniteStream(fc.nat()), (events, randomness) => {
        const sorted = [...events].sort((a, b) => a.time.localeCompare(b.time));
        const iterator = randomness[Symbol.iterator]();
        const shuffled = [...events, ...events.slice(0, 5)]
          .map((event) => ({ event, key: iterator.next().value as number }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.event);
        expect(connectionStateOf(replay(shuffled))).toEqual(connectionStateOf(replay(sorted)));
      }),
      { numRuns: 300 },
    );
  });

  it('since is the oldest event of the last run, even when it arrives last', () => {
    const record = replay([
      connection('connected', 1),
      connection('disconnected', 9),
      connection('disconnected', 5),
    ]);
    expect(connectionStateOf(record)).toMatchObject({
      state: 'disconnected',
      since: isoAt(5),
      asOf: isoAt(9),
    });
    // A connect between them, arriving even later, moves `since` after it.
    expect(connectionStateOf(applyEvent(record, connection('connected', 7)))).toMatchObject({
      since: isoAt(9),
    });
  });

  it('a duplicate returns the very same record (nothing to write)', () => {
    const record = replay([connection('connected', 1), connection('disconnected', 2)]);
    expect(applyEvent(record, connection('disconnected', 2))).toBe(record);
    expect(applyEvent(record, connection('connected', 1))).toBe(record);
  });

  it('keeps the disconnects of the last hour for flapping', () => {
    const record = replay([
      connection('disconnected', 10),
      connection('connected', 20),
      connection('disconnected', 30),
      connection('connected', 40),
      connection('disconnected', 3620),
    ]);
    expect(connectionStateOf(record)?.recentDisconnects).toEqual([isoAt(30), isoAt(3620)]);
  });
});
