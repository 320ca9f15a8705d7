/**
 * format_timespan(t, format) with the format elements the Kusto docs list: d..dddddddd (whole
 * days, zero-padded to the run's length), h/hh and H/HH (hours of the day part), m/mm, s/ss,
 * f..fffffff and F..FFFFFFF (fraction digits; F drops trailing zeros), and the delimiters copied
 * as they are. The docs don't say how a negative timespan looks: the engine formats its magnitude
 * after a '-'.
 */
import { timespanParts } from '../values';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The formatted text, or null when the format has a letter run the docs don't list. */
export function formatTimespanWith(ms: number, format: string): string | null {
  if (!Number.isFinite(ms)) return null;
  const parts = timespanParts(ms);
  const { negative, days, hours, minutes, seconds } = parts;
  const fraction = pad(parts.fractionTicks, 7);
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
