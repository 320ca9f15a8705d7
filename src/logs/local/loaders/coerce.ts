/**
 * Turns the loosely typed values found in exported files into the cell types the engine stores
 * (Date for datetime, number for long/int/real, string, boolean, parsed JSON for dynamic).
 *
 * Exports are inconsistent: Log Analytics JSON writes `DurationMs` as a string, the portal's CSV
 * writes datetimes as `3/2/2026, 10:15:04.123 AM`, archives write numbers as strings or numbers.
 * Coercion accepts every form seen in real exports and refuses anything else with a message
 * that names the column, so a bad value rejects its row instead of silently becoming null.
 */
import type { CellValue, DynamicValue, KustoType } from '../../backend';

/** A value that cannot be read as the column's type; the loader turns it into a rejected row. */
export class CoercionError extends Error {
  override readonly name = 'CoercionError';
}

/** The Log Analytics portal's CSV datetime form, e.g. `3/2/2026, 10:15:04.123 AM` (always UTC there). */
const PORTAL_DATETIME =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?\s*([AP]M)?$/i;

/** ISO 8601 with a date part; a zone-less time is UTC, as in Log Analytics. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Coerces one raw value to `type`. Empty text and null/undefined become null (an empty cell).
 * @throws CoercionError when the value cannot be read as `type`.
 */
export function coerceCell(column: string, type: KustoType, raw: unknown): CellValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' && raw.length === 0 && type !== 'string') return null;
  switch (type) {
    case 'string':
    case 'guid':
    case 'timespan':
      return toText(raw);
    case 'datetime':
      return toDate(column, raw);
    case 'long':
    case 'int':
      return toNumber(column, raw, true);
    case 'real':
    case 'decimal':
      return toNumber(column, raw, false);
    case 'bool':
      return toBool(column, raw);
    case 'dynamic':
      return toDynamic(raw);
  }
}

function toText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw instanceof Date) return raw.toISOString();
  if (typeof raw === 'object') return JSON.stringify(raw);
  return String(raw);
}

/** Parses ISO text or the portal's `M/D/YYYY, h:mm:ss.fff AM` text as UTC. */
export function parseExportedDatetime(text: string): Date | null {
  const fast = fastIsoUtcMs(text);
  if (fast === fast) return new Date(fast); // not NaN
  const trimmed = text.trim();
  if (ISO_DATETIME.test(trimmed)) {
    let iso = trimmed.replace(' ', 'T');
    if (iso.length === 10) iso += 'T00:00:00Z';
    else if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
    const ms = Date.parse(trimFraction(iso));
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  const portal = PORTAL_DATETIME.exec(trimmed);
  if (!portal) return null;
  const [, month, day, year, hour, minute, second, fraction, meridiem] = portal;
  let hours = Number(hour);
  if (meridiem) {
    if (hours < 1 || hours > 12) return null;
    const pm = meridiem.toUpperCase() === 'PM';
    hours = (hours % 12) + (pm ? 12 : 0);
  }
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const date = new Date(
    Date.UTC(Number(year), Number(month) - 1, Number(day), hours, Number(minute), Number(second), ms),
  );
  // Date.UTC rolls 2/30 over into March; a date that rolled over was not a real date.
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1 ? date : null;
}

const DIGIT_0 = 48;
/** Epoch ms of UTC midnight per `YYYY-MM-DD` prefix: a log spans few days, so this stays tiny. */
const dayStarts = new Map<string, number>();

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, the form every archive and API export writes, read by
 * arithmetic (Date.parse plus the regular expressions cost ~1 µs a row, a third of a load);
 * NaN for any other text, which then takes the general path.
 */
export function fastIsoUtcMs(text: string): number {
  const length = text.length;
  if (length < 20 || text.charCodeAt(length - 1) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) {
    return Number.NaN;
  }
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return Number.NaN;
  }
  const day = text.slice(0, 10);
  let dayStart = dayStarts.get(day);
  if (dayStart === undefined) {
    const ms = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return Number.NaN;
    dayStart = ms;
    if (dayStarts.size < 100_000) dayStarts.set(day, ms);
  }
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = twoDigits(text, 17);
  if (hours > 23 || minutes > 59 || seconds > 59) return Number.NaN; // also NaN for non-digits
  let ms = 0;
  if (length > 20) {
    if (text.charCodeAt(19) !== 46 /* . */) return Number.NaN;
    // Milliseconds from the first three fraction digits; the rest (Log Analytics writes 7) is below a ms.
    let scale = 100;
    for (let i = 20; i < length - 1; i++) {
      const digit = text.charCodeAt(i) - DIGIT_0;
      if (digit < 0 || digit > 9) return Number.NaN;
      if (scale >= 1) ms += digit * scale;
      scale /= 10;
    }
  } else if (text.charCodeAt(19) !== 90) {
    return Number.NaN;
  }
  return dayStart + hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + Math.floor(ms);
}

function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - DIGIT_0;
  const ones = text.charCodeAt(at + 1) - DIGIT_0;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return 99;
  return tens * 10 + ones;
}

/** JavaScript's Date.parse only reads up to milliseconds reliably; Log Analytics writes 7 digits. */
function trimFraction(iso: string): string {
  return iso.replace(/(\.\d{3})\d+/, '$1');
}

function toDate(column: string, raw: unknown): Date {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) throw new CoercionError(`column ${column}: invalid date`);
    return raw;
  }
  if (typeof raw === 'string') {
    const date = parseExportedDatetime(raw);
    if (date) return date;
  }
  throw new CoercionError(
    `column ${column}: ${JSON.stringify(raw)} is not a datetime (expected ISO 8601 text)`,
  );
}

function toNumber(column: string, raw: unknown, integer: boolean): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  if (!Number.isFinite(value) || (typeof raw === 'string' && raw.trim().length === 0)) {
    throw new CoercionError(`column ${column}: ${JSON.stringify(raw)} is not a number`);
  }
  if (integer && !Number.isInteger(value)) {
    throw new CoercionError(`column ${column}: ${JSON.stringify(raw)} is not a whole number`);
  }
  return value;
}

function toBool(column: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new CoercionError(`column ${column}: ${JSON.stringify(raw)} is not true or false`);
}

/** Dynamic cells arrive as JSON text (CSV, rows JSON) or already parsed; text that is not JSON stays text. */
function toDynamic(raw: unknown): DynamicValue {
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw) as DynamicValue;
    } catch {
      return raw;
    }
  }
  return raw as DynamicValue;
}
