/** Date and time functions: now, ago, startofday/week/month/year, endofday and the calendar parts (hourofday, dayofweek, ...). */
import type { Relation } from '../../relation';
import { MS_PER_DAY } from '../../values';
import { type CallExpr, callParts, constantArg } from '../call';
import type { EvalContext, Getter } from '../context';
import { startOf, toNumberOrNull } from '../convert';

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
    default:
      return undefined;
  }
}
