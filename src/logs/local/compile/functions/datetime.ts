/**
 * Date and time functions: now, ago, startofday/week/month/year, endofday, the calendar parts
 * (hourofday, dayofweek, ..., datetime_part), calendar arithmetic (datetime_diff, datetime_add) and
 * formatting (format_datetime, format_timespan).
 */
import type { Relation } from '../../relation';
import { compileString } from '../../compile';
import { MS_PER_DAY } from '../../values';
import { datetimeAdd, datetimeDiff, datetimePart, formatDatetimeWith, periodOf } from '../calendar';
import { type CallExpr, argAt, callParts, constantArg } from '../call';
import type { EvalContext, Getter } from '../context';
import { startOf, toNumberOrNull } from '../convert';
import { formatTimespanWith } from '../timespan-format';

/** Compiles a call of one of the datetime functions; undefined when `expr` calls another function. */
export function compileDatetimeCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter | undefined {
  const { name, args, arg } = callParts(expr, rel, ctx);
  switch (name) {
    case 'now': {
      const offset = args.length > 0 ? (toNumberOrNull(constantArg(expr, 0, rel, ctx)) ?? 0) : 0;
      const v = ctx.now + offset;
      return () => v;
    }
    case 'ago': {
      const g = arg(0);
      const now = ctx.now;
      return (i) => {
        const v = g(i);
        return typeof v === 'number' ? now - v : null;
      };
    }
    case 'startofday':
    case 'startofweek':
    case 'startofmonth':
    case 'startofyear':
    case 'endofday': {
      const g = arg(0);
      const offset = args.length > 1 ? arg(1) : () => 0;
      return (i) => {
        const v = g(i);
        const o = offset(i);
        if (typeof v !== 'number' || typeof o !== 'number') return null;
        return startOf(name, v, o);
      };
    }
    case 'hourofday':
    case 'dayofmonth':
    case 'getmonth':
    case 'getyear': {
      const g = arg(0);
      return (i) => {
        const v = g(i);
        if (typeof v !== 'number') return null;
        const d = new Date(Math.floor(v));
        if (name === 'hourofday') return d.getUTCHours();
        if (name === 'dayofmonth') return d.getUTCDate();
        if (name === 'getmonth') return d.getUTCMonth() + 1;
        return d.getUTCFullYear();
      };
    }
    case 'dayofweek': {
      const g = arg(0);
      return (i) => {
        const v = g(i);
        if (typeof v !== 'number') return null;
        return new Date(Math.floor(v)).getUTCDay() * MS_PER_DAY;
      };
    }
    case 'datetime_diff': {
      const period = compileString(argAt(expr, 0), rel, ctx);
      const a = arg(1);
      const b = arg(2);
      return (i) => {
        const p = periodOf(period(i));
        const x = a(i);
        const y = b(i);
        if (p === null || typeof x !== 'number' || typeof y !== 'number') return null;
        return datetimeDiff(p, x, y);
      };
    }
    case 'datetime_add': {
      const period = compileString(argAt(expr, 0), rel, ctx);
      const amount = arg(1);
      const t = arg(2);
      return (i) => {
        const p = periodOf(period(i));
        const n = amount(i);
        const v = t(i);
        if (p === null || typeof n !== 'number' || typeof v !== 'number') return null;
        return datetimeAdd(p, n, v);
      };
    }
    case 'format_datetime': {
      const t = arg(0);
      const format = compileString(argAt(expr, 1), rel, ctx);
      return (i) => {
        const v = t(i);
        if (typeof v !== 'number') return '';
        return formatDatetimeWith(v, format(i)) ?? '';
      };
    }
    case 'make_datetime': {
      // make_datetime(year, month, day[, hour, minute[, second]]): null for an invalid date, as documented.
      const parts = args.map((_, k) => arg(k));
      return (i) => {
        const values = parts.map((g) => g(i));
        if (values.length < 3 || values.some((v) => typeof v !== 'number')) return null;
        const [year, month, day, hour = 0, minute = 0, second = 0] = values as number[];
        const whole = [year, month, day, hour, minute].map((v) => Math.trunc(v as number));
        const [y, mo, d, h, mi] = whole as [number, number, number, number, number];
        const valid =
          y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && h >= 0 && h < 24 && mi >= 0 && mi < 60;
        if (!valid || second < 0 || second >= 60) return null;
        const date = new Date(Date.UTC(2000, mo - 1, d, h, mi));
        date.setUTCFullYear(y);
        if (date.getUTCDate() !== d) return null;
        return date.getTime() + second * 1000;
      };
    }
    case 'format_timespan': {
      const t = arg(0);
      const format = compileString(argAt(expr, 1), rel, ctx);
      return (i) => {
        const v = t(i);
        if (typeof v !== 'number') return '';
        return formatTimespanWith(v, format(i)) ?? '';
      };
    }
    case 'datetime_part': {
      const part = compileString(argAt(expr, 0), rel, ctx);
      const t = arg(1);
      return (i) => {
        const v = t(i);
        if (typeof v !== 'number') return null;
        return datetimePart(part(i), v) ?? null;
      };
    }
    default:
      return undefined;
  }
}
