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
