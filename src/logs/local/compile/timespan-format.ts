/**
 * format_timespan(t, format) with the format elements the Kusto docs list: d..dddddddd (whole
 * days, zero-padded to the run's length), h/hh and H/HH (hours of the day part), m/mm, s/ss,
 * f..fffffff and F..FFFFFFF (fraction digits; F drops trailing zeros), and the delimiters copied
 * as they are. The docs don't say how a negative timespan looks: the engine formats its magnitude
 * after a '-'.
 */
import { MS_PER_TICK } from '../values';

const TICKS_PER_SECOND = 10_000_000;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The formatted text, or null when the format has a letter run the docs don't list. */
export function formatTimespanWith(ms: number, format: string): string | null {
  if (!Number.isFinite(ms)) return null;
  let ticks = Math.round(ms / MS_PER_TICK);
  const negative = ticks < 0;
  if (negative) ticks = -ticks;
  const fraction = pad(ticks % TICKS_PER_SECOND, 7);
  let seconds = Math.floor(ticks / TICKS_PER_SECOND);
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  let out = '';
  for (let i = 0; i < format.length;) {
    const c = format[i] as string;
    let n = 1;
    while (format[i + n] === c) n++;
    i += n;
    const twoAtMost = (value: number): string | null =>
      n > 2 ? null : n === 1 ? String(value) : pad(value, 2);
    let part: string | null;
    switch (c) {
      case 'd':
        part = n > 8 ? null : pad(days, n);
        break;
      case 'h':
      case 'H':
        part = twoAtMost(hours);
        break;
      case 'm':
        part = twoAtMost(minutes);
        break;
      case 's':
        part = twoAtMost(seconds);
        break;
      case 'f':
        part = n > 7 ? null : fraction.slice(0, n);
        break;
      case 'F':
        part = n > 7 ? null : fraction.slice(0, n).replace(/0+$/, '');
        break;
      default:
        part = /[A-Za-z]/.test(c) ? null : c.repeat(n);
    }
    if (part === null) return null;
    out += part;
  }
  return negative ? `-${out}` : out;
}
