/** Conversion functions: tostring, toint/tolong, todouble/toreal, todatetime, totimespan, tobool, gettype. */
import { compileString } from '../../compile';
import type { Relation } from '../../relation';
import { MS_PER_TICK, parseDatetimeText, parseTimespanText, type Value } from '../../values';
import { type CallExpr, argAt, callParts } from '../call';
import type { EvalContext, Getter } from '../context';
import { toLong, toReal } from '../convert';

/** Compiles a call of one of the conversion functions; undefined when `expr` calls another function. */
export function compileConversionCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter | undefined {
  const { arg, argType } = callParts(expr, rel, ctx);
  switch (expr.name) {
    case 'gettype': {
      const g = arg(0);
      const t = argType(0);
      if (t !== 'dynamic') return () => t;
      return (i) => dynamicTypeName(g(i));
    }
    case 'tostring': {
      return compileString(argAt(expr, 0), rel, ctx);
    }
    case 'toint':
    case 'tolong': {
      const g = arg(0);
      const t = argType(0);
      return (i) => toLong(g(i), t);
    }
    case 'todouble':
    case 'toreal': {
      const g = arg(0);
      const t = argType(0);
      return (i) => toReal(g(i), t);
    }
    case 'todatetime': {
      const g = arg(0);
      const t = argType(0);
      return (i) => {
        const v = g(i);
        if (v === null) return null;
        if (t === 'datetime') return v;
        if (typeof v === 'string') return parseDatetimeText(v);
        return null;
      };
    }
    case 'totimespan':
    case 'totime': {
      const g = arg(0);
      const t = argType(0);
      return (i) => {
        const v = g(i);
        if (v === null) return null;
        if (t === 'timespan') return v;
        if (typeof v === 'string') return parseTimespanText(v) ?? null;
        if (typeof v === 'number') return v * MS_PER_TICK;
        return null;
      };
    }
    case 'tobool':
    case 'toboolean': {
      const g = arg(0);
      return (i) => {
        const v = g(i);
        if (v === null) return null;
        if (typeof v === 'boolean') return v;
        if (typeof v === 'number') return v !== 0;
        if (typeof v === 'string') {
          const s = v.trim().toLowerCase();
          return s === 'true' ? true : s === 'false' ? false : null;
        }
        return null;
      };
    }
    default:
      return undefined;
  }
}

/** gettype() of a dynamic value: what the JSON holds (`dictionary` for an object, `null` for null). */
function dynamicTypeName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      if (!Number.isInteger(v)) return 'real';
      return v >= -2147483648 && v <= 2147483647 ? 'int' : 'long';
    default:
      return 'dictionary';
  }
}
