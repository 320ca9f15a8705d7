/**
 * One timeline per device: its IoT Hub records (Connections, and its errors in every other category
 * that names a device: telemetry, C2D, direct methods, file uploads, twins, ...) and its DPS records, normalized into
 * {@link DeviceEvent}s, oldest first. Detectors read only this shape, so they don't care whether
 * rows came from Log Analytics or the embedded engine, or whether a record's properties_s was
 * garbled (a missing field becomes '').
 */
import { sdkFamilyFromVersion, type SdkFamily } from '../knowledge/catalog';
import type { LogsTable } from '../logs/backend';
import { namedRows, textCell, timeCell, type NamedRow } from './table-rows';

/** Where an event was logged. */
export type EventSource = 'iothub' | 'dps';

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
}

/** A device's events, oldest first, with `seq` numbering across both sources. */
export interface DeviceTimeline {
  readonly all: readonly DeviceEvent[];
  /** Device-level IoT Hub events (module connections left out). */
  readonly hub: readonly DeviceEvent[];
  readonly dps: readonly DeviceEvent[];
}

/** A record with a valid time, before the timeline is ordered and numbered. */
interface TimedRow {
  readonly timeInMs: number;
  readonly source: EventSource;
  readonly row: NamedRow;
}

/** Builds the timeline from the device-connections and device-dps result tables (either may be absent). */
export function buildTimeline(
  hubTable: LogsTable | undefined,
  dpsTable: LogsTable | undefined,
): DeviceTimeline {
  const timed: TimedRow[] = [...timedRows(hubTable, 'iothub'), ...timedRows(dpsTable, 'dps')];
  timed.sort((a, b) => a.timeInMs - b.timeInMs || sourceOrder(a.source) - sourceOrder(b.source));
  // Each event is built once, numbered, in its final shape.
  const all = timed.map(({ timeInMs, source, row }, seq): DeviceEvent =>
    source === 'iothub' ? hubEvent(row, seq, timeInMs) : dpsEvent(row, seq, timeInMs),
  );
  return {
    all,
    hub: all.filter((event) => event.source === 'iothub' && event.moduleId === ''),
    dps: all.filter((event) => event.source === 'dps'),
  };
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
