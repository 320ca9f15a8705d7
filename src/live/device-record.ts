import type { IotHubEvent } from './iot-hub-events';
import { compareSequenceNumbers } from './sequence-number';

/** One connection event as remembered: enough to order it and to say when it happened. */
export interface SeenEvent {
  readonly seq: string;
  readonly time: string;
  readonly id: string;
}

export type ConnectionStateName = 'connected' | 'disconnected';

/**
 * Everything we know about one device (or one IoT Edge module) from Event Grid, as stored.
 *
 * The connection part is a pure function of the SET of connection events received, never of
 * their arrival order (Event Grid does not order deliveries and retries for up to 24 h):
 *   - `state` is the state of the event with the highest sequence number;
 *   - `run` holds the known events of that state newer than `boundary`, the highest sequence
 *     number of the opposite state; the oldest of them says since when the device is in `state`.
 * Applying an event twice, or an older event late, therefore changes nothing.
 */
export interface DeviceRecord {
  readonly hub: string;
  readonly deviceId: string;
  readonly moduleId?: string;
  /** The last lifecycle event (DeviceCreated / DeviceDeleted), ordered by event time. */
  readonly registry?: {
    readonly status: 'created' | 'deleted';
    readonly time: string;
    readonly eventId: string;
  };
  /** Latest DeviceDeleted time: connection events up to it belong to the deleted identity. */
  readonly clearedBefore?: string;
  readonly connection?: {
    readonly state: ConnectionStateName;
    readonly latest: SeenEvent;
    readonly run: readonly SeenEvent[];
    readonly boundary?: string;
  };
  /** Disconnect events within the hour before the newest one, oldest first: flapping shows here. */
  readonly disconnects: readonly SeenEvent[];
}

/** How far back disconnects are kept, and how many at most. */
export const DISCONNECT_HISTORY_MS = 60 * 60_000;
const MAX_DISCONNECTS = 50;
/** A run of same-state events longer than this is pathological (snapshots only report changes). */
const MAX_RUN = 64;

export function emptyRecord(hub: string, deviceId: string, moduleId?: string): DeviceRecord {
  return { hub, deviceId, ...(moduleId ? { moduleId } : {}), disconnects: [] };
}

/** The record after one more event (the same object when the event changes nothing). */
export function applyEvent(record: DeviceRecord, event: IotHubEvent): DeviceRecord {
  if (event.kind === 'created' || event.kind === 'deleted') return applyLifecycle(record, event);
  if (event.sequenceNumber === undefined) return record;
  if (record.clearedBefore !== undefined && event.time <= record.clearedBefore) return record;
  const seen: SeenEvent = { seq: event.sequenceNumber, time: event.time, id: event.id };
  const state: ConnectionStateName = event.kind;
  const withConnection = applyConnection(record, state, seen);
  return state === 'disconnected' ? withDisconnect(withConnection, seen) : withConnection;
}

function applyConnection(record: DeviceRecord, state: ConnectionStateName, seen: SeenEvent): DeviceRecord {
  const current = record.connection;
  if (!current) return { ...record, connection: { state, latest: seen, run: [seen] } };
  const versusLatest = compareSequenceNumbers(seen.seq, current.latest.seq);
  if (versusLatest > 0) {
    if (state === current.state) {
      return { ...record, connection: { ...current, latest: seen, run: capRun([...current.run, seen]) } };
    }
    return {
      ...record,
      connection: { state, latest: seen, run: [seen], boundary: current.latest.seq },
    };
  }
  if (versusLatest === 0) return record;
  if (current.boundary !== undefined && compareSequenceNumbers(seen.seq, current.boundary) <= 0)
    return record;
  if (current.run.some((member) => compareSequenceNumbers(member.seq, seen.seq) === 0)) return record;
  if (state === current.state) {
    const run = [...current.run, seen].sort((a, b) => compareSequenceNumbers(a.seq, b.seq));
    return { ...record, connection: { ...current, run: capRun(run) } };
  }
  // An older event of the other state inside the run: the run really started after it.
  return {
    ...record,
    connection: {
      ...current,
      boundary: seen.seq,
      run: current.run.filter((member) => compareSequenceNumbers(member.seq, seen.seq) > 0),
    },
  };
}

function withDisconnect(record: DeviceRecord, seen: SeenEvent): DeviceRecord {
  if (record.disconnects.some((d) => compareSequenceNumbers(d.seq, seen.seq) === 0)) return record;
  const all = [...record.disconnects, seen].sort((a, b) => compareSequenceNumbers(a.seq, b.seq));
  // Relative to the newest disconnect (not to arrival), so pruning never depends on order.
  const newest = all.reduce((max, d) => (d.time > max ? d.time : max), '');
  const horizon = new Date(Date.parse(newest) - DISCONNECT_HISTORY_MS).toISOString();
  const kept = all.filter((d) => d.time >= horizon).slice(-MAX_DISCONNECTS);
  return kept.length === record.disconnects.length && kept.every((d, i) => d === record.disconnects[i])
    ? record
    : { ...record, disconnects: kept };
}

function applyLifecycle(record: DeviceRecord, event: IotHubEvent): DeviceRecord {
  const status = event.kind === 'deleted' ? 'deleted' : 'created';
  const previous = record.registry;
  // Later time wins; at the same instant a delete beats a create, so the result never depends on order.
  const newer =
    !previous ||
    event.time > previous.time ||
    (event.time === previous.time && status === 'deleted' && previous.status === 'created');
  let next: DeviceRecord = newer
    ? { ...record, registry: { status, time: event.time, eventId: event.id } }
    : record;
  if (status === 'deleted' && (record.clearedBefore === undefined || event.time > record.clearedBefore)) {
    next = clearUpTo(next, event.time);
  }
  return next;
}

/** A DeviceDeleted: forget what the deleted identity did (a re-created device starts afresh). */
function clearUpTo(record: DeviceRecord, time: string): DeviceRecord {
  const { connection: current, ...rest } = record;
  const disconnects = record.disconnects.filter((d) => d.time > time);
  if (!current || current.latest.time <= time) return { ...rest, clearedBefore: time, disconnects };
  const run = current.run.filter((member) => member.time > time);
  return { ...rest, clearedBefore: time, disconnects, connection: { ...current, run } };
}

function capRun(run: SeenEvent[]): SeenEvent[] {
  return run.length <= MAX_RUN ? run : run.slice(run.length - MAX_RUN);
}

/** The connection state the rest of the bot sees. */
export interface ConnectionState {
  readonly hub: string;
  readonly deviceId: string;
  readonly state: ConnectionStateName;
  /** When the device entered this state: the oldest known event of the current run. */
  readonly since: string;
  /** The newest evidence for this state: the time of the event with the highest sequence number. */
  readonly asOf: string;
  readonly sequenceNumber: string;
  readonly source: 'event-grid';
  /** Disconnect events of the last hour before `asOf`, oldest first (flapping). */
  readonly recentDisconnects: readonly string[];
}

/** Undefined when nothing is known, or the device was deleted since its last connection event. */
export function connectionStateOf(record: DeviceRecord | undefined): ConnectionState | undefined {
  const connection = record?.connection;
  if (!record || !connection) return undefined;
  return {
    hub: record.hub,
    deviceId: record.deviceId,
    state: connection.state,
    since: connection.run[0]?.time ?? connection.latest.time,
    asOf: connection.latest.time,
    sequenceNumber: connection.latest.seq,
    source: 'event-grid',
    recentDisconnects: record.disconnects.map((d) => d.time),
  };
}
