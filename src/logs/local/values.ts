/**
 * How the embedded engine holds Kusto values while it evaluates a query, and how they turn into
 * text (`tostring`) or result cells.
 *
 * | Kusto type                   | in the engine                                         |
 * |------------------------------|-------------------------------------------------------|
 * | string                       | JS string; never null (Kusto strings have no null: "") |
 * | bool                         | boolean or null                                       |
 * | int, long, real              | number or null (long beyond 2^53 loses precision)     |
 * | datetime                     | epoch milliseconds (may be fractional) or null        |
 * | timespan                     | milliseconds (may be fractional) or null              |
 * | dynamic                      | parsed JSON value (datetimes inside it are ISO text)   |
 */
import type { CellValue, DynamicValue, KustoType } from '../backend';

export type ScalarType = 'string' | 'bool' | 'int' | 'long' | 'real' | 'datetime' | 'timespan' | 'dynamic';

/** A value inside the engine (see the table above). */
export type Value = string | number | boolean | null | DynamicValue;

export const MS_PER_TICK = 0.0001;
const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
/** Milliseconds from 0001-01-01 (where Kusto's datetime ticks start) to 1970-01-01. */
export const EPOCH_OFFSET_MS = 62135596800000;

export function isNumericType(type: ScalarType): boolean {
  return type === 'int' || type === 'long' || type === 'real';
}

export function isIntegerType(type: ScalarType): boolean {
  return type === 'int' || type === 'long';
}

/** A timespan's sign, whole days, hours, minutes, seconds and fraction (in 100 ns ticks) of its magnitude. */
export interface TimespanParts {
  readonly negative: boolean;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly fractionTicks: number;
}

const TICKS_PER_SECOND = 10_000_000;

export function timespanParts(ms: number): TimespanParts {
  let ticks = Math.round(ms / MS_PER_TICK);
  const negative = ticks < 0;
  if (negative) ticks = -ticks;
  const fractionTicks = ticks % TICKS_PER_SECOND;
  let seconds = Math.floor(ticks / TICKS_PER_SECOND);
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return { negative, days, hours, minutes, seconds, fractionTicks };
}

/** Kusto's `[-][d.]hh:mm:ss[.fffffff]` (the .NET "c" format Log Analytics uses for timespans). */
export function formatTimespan(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const { negative, days, hours, minutes, seconds, fractionTicks } = timespanParts(ms);
  const hms = `${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
  const text = `${days > 0 ? `${days}.` : ''}${hms}${fractionTicks > 0 ? `.${String(fractionTicks).padStart(7, '0')}` : ''}`;
  return negative ? `-${text}` : text;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `2024-01-02T03:04:05Z`, or with seven fraction digits when there is a fraction (Kusto's `tostring(datetime)`). */
export function formatDatetime(ms: number): string {
  const whole = Math.floor(ms);
  const date = new Date(whole);
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString(); // yyyy-mm-ddThh:mm:ss.fffZ (or ±yyyyyy for far years)
  const base = iso.slice(0, iso.indexOf('.'));
  const fractionTicks = Math.round((ms - Math.floor(ms / 1000) * 1000) / MS_PER_TICK);
  if (fractionTicks === 0) return `${base}Z`;
  return `${base}.${String(Math.min(fractionTicks, 9_999_999)).padStart(7, '0')}Z`;
}

/** Kusto's `tostring()` of a real or long. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/**
 * Kusto's text of a datetime (`tostring`, `strcat`): the round-trip form with all seven fraction
 * digits, `2024-01-01T10:00:00.0000000Z` (ticks are 100 ns).
 */
export function datetimeText(ms: number): string {
  const text = formatDatetime(ms);
  return text === '' || text.includes('.') ? text : `${text.slice(0, -1)}.0000000Z`;
}

/** `tostring(x)` for a value of the given type. Null becomes "" (Kusto strings have no null). */
export function toStringValue(value: Value, type: ScalarType): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'string':
      return value as string;
    case 'datetime':
      return datetimeText(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    case 'bool':
      return value ? 'true' : 'false';
    case 'int':
    case 'long':
    case 'real':
      return formatNumber(value as number);
    case 'dynamic':
      return dynamicToString(value);
  }
}

/** `tostring(dynamic)`: a string is unwrapped, anything else is its compact JSON text. */
export function dynamicToString(value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/** A value of `type` as it goes into a dynamic bag or array (make_list, pack, ...): datetimes and timespans as text. */
export function toDynamic(value: Value, type: ScalarType): DynamicValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'datetime':
      return formatDatetime(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    default:
      return value as DynamicValue;
  }
}

/** Engine value → result cell (what `LogsQueryClient` would hand out). */
export function toCell(value: Value, type: ScalarType): CellValue {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return new Date(Math.floor(value as number));
    case 'timespan':
      return formatTimespan(value as number);
    default:
      return value as CellValue;
  }
}

/** The result column type for an engine type. */
export function toKustoType(type: ScalarType): KustoType {
  return type;
}

/**
 * Parses Kusto/.NET-style datetime text (ISO 8601 and the common `yyyy-MM-dd HH:mm:ss` forms,
 * with up to 7 fraction digits; no zone means UTC). Returns epoch ms or null.
 */
export function parseDatetimeText(text: string): number | null {
  const s = text.trim();
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      s,
    );
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    let ms = Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h ?? 0),
      Number(mi ?? 0),
      Number(sec ?? 0),
    );
    if (Number.isNaN(ms)) return null;
    const check = new Date(ms);
    if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
    if (frac) ms += Number(`0.${frac}`) * 1000;
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * MS_PER_HOUR + Number(digits.slice(2)) * MS_PER_MINUTE);
    }
    return ms;
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/.exec(s);
  if (us) {
    // MM/dd/yyyy [HH:mm[:ss[.f]]], the form of the parse docs' traces ("lockTime=02/17/2016 08:40:01").
    const [, mo, d, y, h, mi, sec, frac] = us;
    return parseDatetimeText(
      `${y}-${(mo ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')} ${h ?? '00'}:${mi ?? '00'}:${sec ?? '00'}${frac ? `.${frac}` : ''}`,
    );
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(s) || /[A-Za-z]{3},?\s/.test(s)) {
    // RFC 822/1123 ("Sat, 08 Nov 2014 15:05:02 GMT") and other forms JS understands.
    const parsed = Date.parse(s);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

const TIMESPAN_UNITS: Readonly<Record<string, number>> = {
  d: MS_PER_DAY,
  day: MS_PER_DAY,
  days: MS_PER_DAY,
  h: MS_PER_HOUR,
  hr: MS_PER_HOUR,
  hrs: MS_PER_HOUR,
  hour: MS_PER_HOUR,
  hours: MS_PER_HOUR,
  m: MS_PER_MINUTE,
  min: MS_PER_MINUTE,
  minute: MS_PER_MINUTE,
  minutes: MS_PER_MINUTE,
  s: MS_PER_SECOND,
  sec: MS_PER_SECOND,
  second: MS_PER_SECOND,
  seconds: MS_PER_SECOND,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  microsecond: 0.001,
  microseconds: 0.001,
  tick: MS_PER_TICK,
  ticks: MS_PER_TICK,
};

/**
 * Kusto timespan text: `5m`, `1.5h`, `7d`, `100ms`, `2tick`, `timespan(1.02:03:04)`, `time(2)` (days),
 * `[-][d.]hh:mm[:ss[.fffffff]]`. Returns milliseconds, null for `time(null)`, undefined when not a timespan.
 */
export function parseTimespanText(text: string): number | null | undefined {
  let s = text.trim();
  const wrapped = /^(?:timespan|time)\s*\((.*)\)$/is.exec(s);
  let inParens = false;
  if (wrapped) {
    s = (wrapped[1] ?? '').trim();
    inParens = true;
    if (s.toLowerCase() === 'null') return null;
  }
  const unit = /^([+-]?\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(s);
  if (unit) {
    const factor = TIMESPAN_UNITS[(unit[2] ?? '').toLowerCase()];
    return factor === undefined ? undefined : Number(unit[1]) * factor;
  }
  if (inParens && /^[+-]?\d+(?:\.\d+)?$/.test(s)) return Number(s) * MS_PER_DAY;
  const clock = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (clock) {
    const [, sign, d, h, mi, sec, frac] = clock;
    const ms =
      Number(d ?? 0) * MS_PER_DAY +
      Number(h) * MS_PER_HOUR +
      Number(mi) * MS_PER_MINUTE +
      Number(sec ?? 0) * MS_PER_SECOND +
      (frac ? Number(`0.${frac}`) * 1000 : 0);
    return sign === '-' ? -ms : ms;
  }
  return undefined;
}

/** Three-valued comparison of two non-null values of compatible types: <0, 0, >0. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  // Mixed or structured (dynamic) values: order by type, then by JSON text.
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta - tb;
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function typeRank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
    default:
      return Array.isArray(v) ? 4 : 5;
  }
}

/** A key that is equal for equal values (for grouping, distinct, joins, dcount, make_set). */
export function valueKey(v: Value): string | number | boolean | null {
  if (v === null || typeof v !== 'object') return v;
  return `\u0000${JSON.stringify(v)}`;
}
