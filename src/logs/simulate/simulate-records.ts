/**
 * The simulator's entry point: a deterministic stream of records for one IoT hub and one DPS.
 *
 * ```
 * healthy device 1 ─┐ (lazy, time-ordered)
 * healthy device N ─┤
 * scenario records ─┼─▶ k-way merge by time ─▶ DPS metrics per minute ─▶ records
 * ```
 * Merging keeps the output chronological (per-hour archive files come out like real ones) while
 * only one pending record per device is in memory.
 */
import type { CellValue } from '../backend';
import type { KnownTableName } from '../schema';
import { healthyDeviceEvents } from './healthy-device';
import { dpsMetricEvent, type DpsMetricName, type SimEvent } from './records';
import { scenarioDeviceIds, scenarioEvents } from './scenarios';

export interface SimulationOptions {
  readonly seed: number;
  /** Size of the healthy fleet; the scenario devices come on top. */
  readonly devices: number;
  readonly days: number;
  /** End of the simulated window (exclusive); scenarios are placed relative to it. */
  readonly end: Date;
}

export interface SimulatedRecord {
  readonly table: KnownTableName;
  readonly row: Record<string, CellValue>;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** @throws RangeError for a fleet or window the simulator cannot produce. */
export function validateSimulationOptions(options: SimulationOptions): void {
  if (!Number.isInteger(options.devices) || options.devices < 0) {
    throw new RangeError(`devices must be a whole number ≥ 0, got ${options.devices}`);
  }
  if (!Number.isFinite(options.days) || options.days < 1) {
    throw new RangeError(`days must be at least 1 (scenarios span the last 24 hours), got ${options.days}`);
  }
  if (!Number.isInteger(options.seed))
    throw new RangeError(`seed must be a whole number, got ${options.seed}`);
  if (Number.isNaN(options.end.getTime())) throw new RangeError('end must be a valid date');
}

export function* simulateRecords(options: SimulationOptions): Generator<SimulatedRecord> {
  validateSimulationOptions(options);
  const endInMs = options.end.getTime();
  const window = { startInMs: endInMs - options.days * DAY, endInMs };
  const taken = scenarioDeviceIds();
  const scenario = scenarioEvents(options.seed, window).sort((a, b) => a.timeInMs - b.timeInMs);
  const sources: Iterator<SimEvent>[] = [scenario[Symbol.iterator]()];
  for (let index = 0; index < options.devices; index++) {
    sources.push(healthyDeviceEvents(options.seed, index, window, taken));
  }
  const metrics = new DpsMetricsPerMinute();
  for (const event of mergeByTime(sources)) {
    yield* metrics.flushBefore(event.timeInMs);
    metrics.count(event);
    yield { table: event.table, row: event.row };
  }
  yield* metrics.flushBefore(Number.POSITIVE_INFINITY);
}

interface HeapEntry {
  readonly event: SimEvent;
  readonly source: number;
}

/** k-way merge of time-ordered sources; ties go to the lower source index, so output is deterministic. */
function* mergeByTime(sources: readonly Iterator<SimEvent>[]): Generator<SimEvent> {
  const heap: HeapEntry[] = [];
  const before = (a: HeapEntry, b: HeapEntry): boolean =>
    a.event.timeInMs < b.event.timeInMs || (a.event.timeInMs === b.event.timeInMs && a.source < b.source);
  const push = (entry: HeapEntry): void => {
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const [child, up] = [heap[i], heap[parent]];
      if (!child || !up || !before(child, up)) break;
      [heap[i], heap[parent]] = [up, child];
      i = parent;
    }
  };
  const pop = (): HeapEntry | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        const [l, r, s] = [heap[left], heap[right], heap[smallest]];
        if (l && s && before(l, s)) smallest = left;
        const current = heap[smallest];
        if (r && current && before(r, current)) smallest = right;
        if (smallest === i) break;
        const [a, b] = [heap[i], heap[smallest]];
        if (!a || !b) break;
        [heap[i], heap[smallest]] = [b, a];
        i = smallest;
      }
    }
    return top;
  };
  sources.forEach((source, index) => {
    const first = source.next();
    if (!first.done) push({ event: first.value, source: index });
  });
  for (let entry = pop(); entry; entry = pop()) {
    yield entry.event;
    const next = sources[entry.source]?.next();
    if (next && !next.done) push({ event: next.value, source: entry.source });
  }
}

/**
 * DPS exports AttestationAttempts, RegistrationAttempts and DeviceAssignments as per-minute totals.
 * Attempts count every device request, registrations those that passed attestation (not 401), and
 * assignments the successful ones, so failures show as gaps between the three.
 */
class DpsMetricsPerMinute {
  private readonly minutes = new Map<number, Record<DpsMetricName, number>>();

  count(event: SimEvent): void {
    const row = event.row;
    if (row['Category'] !== 'DeviceOperations' || row['ResourceType'] !== 'PROVISIONINGSERVICES') return;
    const minute = Math.floor(event.timeInMs / MINUTE) * MINUTE;
    const totals = this.minutes.get(minute) ?? {
      AttestationAttempts: 0,
      RegistrationAttempts: 0,
      DeviceAssignments: 0,
    };
    const status = row['ResultSignature'];
    totals.AttestationAttempts += 1;
    if (status !== '401' && status !== '429') totals.RegistrationAttempts += 1;
    if (row['ResultType'] === 'Success') totals.DeviceAssignments += 1;
    this.minutes.set(minute, totals);
  }

  /** Metric rows of every minute that ended before `timeInMs` (stamped with the minute's start). */
  *flushBefore(timeInMs: number): Generator<SimulatedRecord> {
    for (const [minute, totals] of this.minutes) {
      if (minute + MINUTE > timeInMs) break;
      this.minutes.delete(minute);
      for (const name of ['AttestationAttempts', 'RegistrationAttempts', 'DeviceAssignments'] as const) {
        if (totals[name] > 0) {
          const { table, row } = dpsMetricEvent(minute, name, totals[name]);
          yield { table, row };
        }
      }
    }
  }
}
