/**
 * One timeline per device: its IoT Hub records (Connections, and its errors in every other category
 * that names a device: telemetry, C2D, direct methods, file uploads, twins, ...), its DPS records,
 * and the Event Grid events loaded for it (connected, disconnected, created, deleted), normalized
 * into {@link DeviceEvent}s. Detectors read only this shape, so they don't care whether rows came
 * from Log Analytics or the embedded engine, or whether a record's properties_s was garbled (a
 * missing field becomes '').
 *
 * Log records are ordered by time. Event Grid connection events are ordered by their sequence
 * number, never by time or arrival: states are snapshots and a device's events may carry equal or
 * crossed times, while the sequence number is what Microsoft says orders them. Both orders are
 * kept when the two are merged into one timeline.
 */
import { sdkFamilyFromVersion, type SdkFamily } from '../knowledge/catalog';
import type { LogsTable } from '../logs/backend';
import { namedRows, textCell, timeCell, type NamedRow } from './table-rows';

/** Where an event was logged: resource logs of an IoT hub or a DPS, or an IoT hub's Event Grid events. */
export type EventSource = 'iothub' | 'dps' | 'eventgrid';

/** The device SDK family, `unknown` when the record names none (custom clients, disconnects). */
export type SdkFamilyOrUnknown = SdkFamily | 'unknown';

/** One log record of the device, normalized. Plain JSON data; '' means "not in the record". */
export interface DeviceEvent {
  /** Position in the device's full timeline (0 = oldest): how findings point at their evidence. */
  readonly seq: number;
  /** ISO 8601 instant (TimeGenerated). */
  readonly time: string;
  readonly source: EventSource;
  /**
   * IoT Hub: `Connections`, or the category of an error (`DeviceTelemetry`, `C2DCommands`,
   * `DirectMethods`, `FileUploadOperations`, ...; queries/device-categories.ts). DPS:
   * `DeviceOperations`, `ServiceOperations`.
   */
  readonly category: string;
  /** OperationName, e.g. `deviceConnect`, `deviceDisconnect`, `send`, `ingress`, `AttestationAttempt`, `Upsert`. */
  readonly operation: string;
  /** IoT Hub: the 6-digit ResultType (`401003`); DPS: the HTTP status in ResultSignature (`404`). '' on hub success. */
  readonly code: string;
  /** DPS: the 6-digit code a description starts with (`404201`), else ''. IoT Hub: same as `code`. */
  readonly detailCode: string;
  /** IoT Hub: ResultDescription (`IoTHubUnauthorized`); DPS: the result class in ResultType (`ClientError`). */
  readonly name: string;
  /** `Information` or `Error`. */
  readonly level: string;
  /** IoT Hub: properties.errorMessage; DPS: ResultDescription (error text, or the assigned hub on success). */
  readonly message: string;
  readonly protocol: string;
  /** Raw sdkVersion of the device's client (IoT Hub connects only: other categories name a service SDK or API version). */
  readonly sdk: string;
  readonly sdkFamily: SdkFamilyOrUnknown;
  /** Credential type (`sas`, `x509`, ...) from properties.authType, or its raw text when not JSON. */
  readonly authType: string;
  /** IP address with the last octet masked. */
  readonly maskedIp: string;
  /** The IoT hub or DPS the record came from (`Resource`, upper-cased by Azure). */
  readonly hub: string;
  /** Module connections carry the module id; device-level records have ''. */
  readonly moduleId: string;
  /**
   * Event Grid connection events only: `data.deviceConnectionStateEventInfo.sequenceNumber` as
   * given. Absent on log records and on created/deleted events, so their JSON is unchanged.
   */
  readonly sequenceNumber?: string;
}

/** A device's events, oldest first, with `seq` numbering across both sources. */
export interface DeviceTimeline {
  readonly all: readonly DeviceEvent[];
  /** Device-level IoT Hub events (module connections left out). */
  readonly hub: readonly DeviceEvent[];
  readonly dps: readonly DeviceEvent[];
  /** Device-level Event Grid events, in sequence-number order (per hub). */
  readonly connectionState: readonly DeviceEvent[];
}

/** `category` of every Event Grid event; `operation` is its type without `Microsoft.Devices.`. */
export const EVENT_GRID_CATEGORY = 'EventGrid';

/** A record with a valid time, before the timeline is ordered and numbered. */
interface TimedRow {
  readonly timeInMs: number;
  readonly source: EventSource;
  readonly row: NamedRow;
}

/**
 * Builds the timeline from the device-connections, device-dps and device-connection-state result
 * tables (any may be absent).
 */
export function buildTimeline(
  hubTable: LogsTable | undefined,
  dpsTable: LogsTable | undefined,
  connectionStateTable?: LogsTable,
): DeviceTimeline {
  const logs: TimedRow[] = [...timedRows(hubTable, 'iothub'), ...timedRows(dpsTable, 'dps')];
  logs.sort((a, b) => a.timeInMs - b.timeInMs || sourceOrder(a.source) - sourceOrder(b.source));
  const timed = mergeKeepingOrder([logs, ...eventGridStreams(timedRows(connectionStateTable, 'eventgrid'))]);
  // Each event is built once, numbered, in its final shape.
  const all = timed.map(({ timeInMs, source, row }, seq): DeviceEvent =>
    source === 'iothub'
      ? hubEvent(row, seq, timeInMs)
      : source === 'dps'
        ? dpsEvent(row, seq, timeInMs)
        : eventGridEvent(row, seq, timeInMs),
  );
  return {
    all,
    hub: all.filter((event) => event.source === 'iothub' && event.moduleId === ''),
    dps: all.filter((event) => event.source === 'dps'),
    connectionState: all.filter((event) => event.source === 'eventgrid' && event.moduleId === ''),
  };
}

/**
 * The Event Grid rows as lists that each keep their own order: one per hub and module (a module's
 * connection has its own sequence numbers) in sequence-number order, and the created/deleted
 * events, which carry none, in time order.
 */
function eventGridStreams(rows: readonly TimedRow[]): TimedRow[][] {
  const streams = new Map<string, TimedRow[]>();
  const lifecycle: TimedRow[] = [];
  for (const row of rows) {
    if (textCell(row.row, 'SequenceKey') === '') {
      lifecycle.push(row);
      continue;
    }
    const stream = `${textCell(row.row, 'HubName').toUpperCase()}/${textCell(row.row, 'ModuleId')}`;
    const list = streams.get(stream) ?? [];
    list.push(row);
    streams.set(stream, list);
  }
  const bySequence = (a: TimedRow, b: TimedRow): number => {
    const [keyA, keyB] = [textCell(a.row, 'SequenceKey'), textCell(b.row, 'SequenceKey')];
    return keyA < keyB ? -1 : keyA > keyB ? 1 : a.timeInMs - b.timeInMs;
  };
  return [
    ...[...streams.values()].map((list) => list.sort(bySequence)),
    lifecycle.sort((a, b) => a.timeInMs - b.timeInMs),
  ];
}

/**
 * Merges ordered lists into one that keeps each list's order: at every step the head with the
 * earliest time goes next (the earlier list on a tie). A list need not be in time order itself.
 */
function mergeKeepingOrder(lists: readonly (readonly TimedRow[])[]): TimedRow[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) return [...(nonEmpty[0] ?? [])];
  const heads = nonEmpty.map(() => 0);
  const merged: TimedRow[] = [];
  for (;;) {
    let next = -1;
    for (let i = 0; i < nonEmpty.length; i++) {
      const candidate = nonEmpty[i]?.[heads[i] ?? 0];
      const best = next < 0 ? undefined : nonEmpty[next]?.[heads[next] ?? 0];
      if (candidate && (!best || candidate.timeInMs < best.timeInMs)) next = i;
    }
    if (next < 0) return merged;
    merged.push(nonEmpty[next]?.[heads[next] ?? 0] as TimedRow);
    heads[next] = (heads[next] ?? 0) + 1;
  }
}

/** Epoch ms of an event. */
export function eventTime(event: DeviceEvent): number {
  return instantMs(event.time);
}

/**
 * `Date.parse(text)`, with a fast path for the `toISOString()` form every event carries (detectors
 * and sorts ask for event times thousands of times per diagnosis; Date.parse costs ~0.2 µs).
 * Only valid calendar values take it (four-digit years, real days, hours 0–23); the rest, which
 * Date.parse may still accept (`2026-02-30`, `24:00`), goes to Date.parse.
 */
function instantMs(text: string): number {
  if (
    text.length === 24 &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 && // T
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 46 && // .
    text.charCodeAt(23) === 90 // Z
  ) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    const hour = digitsAt(text, 11, 2);
    const minute = digitsAt(text, 14, 2);
    const second = digitsAt(text, 17, 2);
    const ms = digitsAt(text, 20, 3);
    if (
      year >= 1000 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59 &&
      ms >= 0
    ) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(text);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `new Date(ms).toISOString()`, written from the UTC fields (the builtin costs ~0.7 µs). */
function isoText(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  // Outside four-digit years the builtin writes a sign and six digits (or throws for an invalid date).
  if (!(year >= 1000 && year <= 9999)) return date.toISOString();
  const milliseconds = date.getUTCMilliseconds();
  return `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}T${twoDigits(
    date.getUTCHours(),
  )}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}.${
    milliseconds < 10 ? `00${milliseconds}` : milliseconds < 100 ? `0${milliseconds}` : String(milliseconds)
  }Z`;
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The decimal number written by `length` ASCII digits at `start`, or -1 when one is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function timedRows(table: LogsTable | undefined, source: EventSource): TimedRow[] {
  const out: TimedRow[] = [];
  for (const row of namedRows(table)) {
    const timeInMs = timeCell(row, 'TimeGenerated');
    if (timeInMs !== undefined) out.push({ timeInMs, source, row });
  }
  return out;
}

/** DPS before IoT Hub at the same instant: a device registers, then connects. */
function sourceOrder(source: EventSource): number {
  return source === 'dps' ? 0 : 1;
}

/** Hub fields from the projected columns, or from properties_s when a caller passes raw rows. */
function hubProperties(row: NamedRow): Record<string, string> {
  if ('DeviceId' in row) {
    return {
      deviceId: textCell(row, 'DeviceId'),
      moduleId: textCell(row, 'ModuleId'),
      protocol: textCell(row, 'Protocol'),
      sdkVersion: textCell(row, 'SdkVersion'),
      authType: textCell(row, 'AuthType'),
      maskedIpAddress: textCell(row, 'MaskedIp'),
      errorMessage: textCell(row, 'ErrorMessage'),
    };
  }
  const parsed = parseObject(textCell(row, 'properties_s'));
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    fields[key] =
      typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
  }
  return fields;
}

function hubEvent(row: NamedRow, seq: number, timeInMs: number): DeviceEvent {
  const properties = hubProperties(row);
  const category = textCell(row, 'Category');
  const sdk = category === 'Connections' ? (properties['sdkVersion'] ?? '') : '';
  const code = textCell(row, 'ResultType').trim();
  return {
    seq,
    time: isoText(timeInMs),
    source: 'iothub',
    category,
    operation: textCell(row, 'OperationName'),
    code,
    detailCode: code,
    name: textCell(row, 'ResultDescription'),
    level: textCell(row, 'Level'),
    message: properties['errorMessage'] ?? '',
    protocol: properties['protocol'] ?? '',
    sdk,
    sdkFamily: sdkFamilyFromVersion(sdk) ?? 'unknown',
    authType: authTypeOf(properties['authType'] ?? ''),
    maskedIp: properties['maskedIpAddress'] ?? '',
    hub: textCell(row, 'Resource'),
    moduleId: properties['moduleId'] ?? '',
  };
}

function dpsEvent(row: NamedRow, seq: number, timeInMs: number): DeviceEvent {
  const description = textCell(row, 'ResultDescription');
  const protocol =
    'Protocol' in row
      ? textCell(row, 'Protocol')
      : String(parseObject(textCell(row, 'properties_s'))['protocol'] ?? '');
  return {
    seq,
    time: isoText(timeInMs),
    source: 'dps',
    category: textCell(row, 'Category'),
    operation: textCell(row, 'OperationName'),
    code: textCell(row, 'ResultSignature').trim(),
    detailCode: /^\s*(\d{6})\b/.exec(description)?.[1] ?? '',
    name: textCell(row, 'ResultType'),
    level: textCell(row, 'Level'),
    message: description,
    protocol,
    sdk: '',
    sdkFamily: 'unknown',
    authType: '',
    maskedIp: textCell(row, 'MaskedIp') || textCell(row, 'CallerIPAddress'),
    hub: textCell(row, 'Resource'),
    moduleId: '',
  };
}

/** A row of the connection-state table (queries/device-connection-state.ts). */
function eventGridEvent(row: NamedRow, seq: number, timeInMs: number): DeviceEvent {
  const sequenceNumber = textCell(row, 'SequenceNumber');
  return {
    seq,
    time: isoText(timeInMs),
    source: 'eventgrid',
    category: EVENT_GRID_CATEGORY,
    operation: textCell(row, 'EventType').replace(/^Microsoft\.Devices\./, ''),
    code: '',
    detailCode: '',
    name: '',
    level: 'Information',
    message: '',
    protocol: '',
    sdk: '',
    sdkFamily: 'unknown',
    authType: '',
    maskedIp: '',
    // Event Grid names the hub as created (lower case); the logs' Resource is upper case.
    hub: textCell(row, 'HubName').toUpperCase(),
    moduleId: textCell(row, 'ModuleId'),
    ...(sequenceNumber !== '' ? { sequenceNumber } : {}),
  };
}

/** `{"scope":"device","type":"sas",...}` → `sas`; anything else is kept as it is. */
function authTypeOf(raw: string): string {
  const parsed = parseObject(raw);
  const type = parsed['type'];
  return typeof type === 'string' && type !== '' ? type : raw;
}

function parseObject(text: string): Record<string, unknown> {
  if (!text.trim().startsWith('{')) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
