/**
 * Calendar arithmetic on engine datetimes (epoch ms with tick fractions) for datetime_diff,
 * datetime_add and datetime_part, as the Kusto docs define them: differences count period
 * boundaries crossed (weeks start on Sunday), additions of months clamp to the month's last day
 * (.NET AddMonths), `week_of_year` is the ISO 8601 week.
 */
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_TICK } from '../values';

const TICKS_PER_MS = 10_000;

/** Period names as Kusto accepts them (case-insensitive), to one canonical name. */
const PERIODS: Readonly<Record<string, string>> = {
  year: 'year',
  quarter: 'quarter',
  month: 'month',
  week: 'week',
  day: 'day',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
  millisecond: 'millisecond',
  microsecond: 'microsecond',
  nanosecond: 'nanosecond',
};

/** The canonical period name, or null for an unknown one. */
export function periodOf(text: string): string | null {
  return PERIODS[text.trim().toLowerCase()] ?? null;
}

/** Whole milliseconds and the remaining ticks (0..9999) of a datetime, exact for far dates too. */
function split(ms: number): { whole: number; ticks: number } {
  const whole = Math.floor(ms);
  return { whole, ticks: Math.min(TICKS_PER_MS - 1, Math.round((ms - whole) / MS_PER_TICK)) };
}

/** Index of the period that holds `ms` (periods counted from a fixed origin). */
function periodIndex(period: string, ms: number): number {
  const { whole, ticks } = split(ms);
  const d = new Date(whole);
  switch (period) {
    case 'year':
      return d.getUTCFullYear();
    case 'quarter':
      return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
    case 'month':
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    case 'week':
      // 1970-01-01 was a Thursday: four days after the Sunday that starts its week.
      return Math.floor((Math.floor(whole / MS_PER_DAY) + 4) / 7);
    case 'day':
      return Math.floor(whole / MS_PER_DAY);
    case 'hour':
      return Math.floor(whole / MS_PER_HOUR);
    case 'minute':
      return Math.floor(whole / MS_PER_MINUTE);
    case 'second':
      return Math.floor(whole / 1000);
    case 'millisecond':
      return whole;
    case 'microsecond':
      return whole * 1000 + Math.floor(ticks / 10);
    default:
      return whole * TICKS_PER_MS + ticks;
  }
}

/** datetime_diff(period, a, b): period boundaries between b and a (a - b). */
export function datetimeDiff(period: string, a: number, b: number): number {
  const diff = periodIndex(period, a) - periodIndex(period, b);
  return period === 'nanosecond' ? diff * 100 : diff;
}

/** datetime_add(period, amount, t). */
export function datetimeAdd(period: string, amount: number, ms: number): number {
  const n = Math.trunc(amount);
  switch (period) {
    case 'year':
      return addMonths(ms, 12 * n);
    case 'quarter':
      return addMonths(ms, 3 * n);
    case 'month':
      return addMonths(ms, n);
    case 'week':
      return ms + 7 * n * MS_PER_DAY;
    case 'day':
      return ms + n * MS_PER_DAY;
    case 'hour':
      return ms + n * MS_PER_HOUR;
    case 'minute':
      return ms + n * MS_PER_MINUTE;
    case 'second':
      return ms + n * 1000;
    case 'millisecond':
      return ms + n;
    case 'microsecond':
      return ms + n / 1000;
    default:
      return ms + Math.trunc(n / 100) * MS_PER_TICK;
  }
}

function addMonths(ms: number, months: number): number {
  const { whole } = split(ms);
  const d = new Date(whole);
  const target = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(target / 12);
  const month = ((target % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const timeOfDay = ms - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(year, month, day) + timeOfDay;
}

/** ISO 8601 week number (weeks start Monday; week 1 holds the year's first Thursday). */
function isoWeek(whole: number): number {
  const d = new Date(whole);
  const day = Math.floor(whole / MS_PER_DAY);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = day - weekday + 3;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const firstDay = Math.floor(Date.UTC(year, 0, 1) / MS_PER_DAY);
  return Math.floor((thursday - firstDay) / 7) + 1;
}

/** datetime_part(part, t), or undefined for an unknown part. */
export function datetimePart(part: string, ms: number): number | undefined {
  const { whole, ticks } = split(ms);
  const d = new Date(whole);
  switch (part.trim().toLowerCase()) {
    case 'year':
      return d.getUTCFullYear();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'month':
      return d.getUTCMonth() + 1;
    case 'week_of_year':
      return isoWeek(whole);
    case 'day':
      return d.getUTCDate();
    case 'dayofyear':
      return Math.floor((whole - Date.UTC(d.getUTCFullYear(), 0, 1)) / MS_PER_DAY) + 1;
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'millisecond':
      return d.getUTCMilliseconds();
    case 'microsecond':
      return d.getUTCMilliseconds() * 1000 + Math.floor(ticks / 10);
    case 'nanosecond':
      return (d.getUTCMilliseconds() * TICKS_PER_MS + ticks) * 100;
    default:
      return undefined;
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * format_datetime(t, format): the documented specifiers (d, dd, f..fffffff, F..FFFFFFF, h, hh, H,
 * HH, m, mm, M, MM, s, ss, y, yy, yyyy, tt); other characters are copied. Null for an unknown
 * specifier letter run.
 */
export function formatDatetimeWith(ms: number, format: string): string | null {
  const { whole, ticks } = split(ms);
  const d = new Date(whole);
  const fraction = pad(d.getUTCMilliseconds() * TICKS_PER_MS + ticks, 7);
  let out = '';
  for (let i = 0; i < format.length;) {
    const c = format[i] as string;
    let n = 1;
    while (format[i + n] === c) n++;
    i += n;
    const hour = d.getUTCHours();
    switch (c) {
      case 'd':
        if (n > 2) return null;
        out += n === 1 ? String(d.getUTCDate()) : pad(d.getUTCDate(), 2);
        break;
      case 'f':
      case 'F': {
        if (n > 7) return null;
        const digits = fraction.slice(0, n);
        out += c === 'f' ? digits : digits.replace(/0+$/, '');
        break;
      }
      case 'h': {
        if (n > 2) return null;
        const h12 = hour % 12 === 0 ? 12 : hour % 12;
        out += n === 1 ? String(h12) : pad(h12, 2);
        break;
      }
      case 'H':
        if (n > 2) return null;
        out += n === 1 ? String(hour) : pad(hour, 2);
        break;
      case 'm':
        if (n > 2) return null;
        out += n === 1 ? String(d.getUTCMinutes()) : pad(d.getUTCMinutes(), 2);
        break;
      case 'M':
        if (n > 2) return null;
        out += n === 1 ? String(d.getUTCMonth() + 1) : pad(d.getUTCMonth() + 1, 2);
        break;
      case 's':
        if (n > 2) return null;
        out += n === 1 ? String(d.getUTCSeconds()) : pad(d.getUTCSeconds(), 2);
        break;
      case 'y': {
        const year = d.getUTCFullYear();
        if (n === 1) out += String(year % 100);
        else if (n === 2) out += pad(year % 100, 2);
        else if (n === 4) out += pad(year, 4);
        else return null;
        break;
      }
      case 't':
        if (n !== 2) return null;
        out += hour < 12 ? 'AM' : 'PM';
        break;
      default:
        if (/[A-Za-z]/.test(c)) return null;
        out += c.repeat(n);
    }
  }
  return out;
}
