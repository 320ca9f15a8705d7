/** Numeric functions: bin/floor, bin_at, round, abs, ceiling, min_of/max_of. */
import { compileExpr } from '../../compile';
import type { Relation } from '../../relation';
import type { Value } from '../../values';
import { type CallExpr, callParts } from '../call';
import type { EvalContext, Getter } from '../context';
import { binValue, toNumberOrNull } from '../convert';

/** Compiles a call of one of the math functions; undefined when `expr` calls another function. */
export function compileMathCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter | undefined {
  const { name, args, arg, argType } = callParts(expr, rel, ctx);
  switch (name) {
    case 'bin':
    case 'floor': {
      const g = arg(0);
      const size = arg(1);
      const t = argType(0);
      return (i) => binValue(g(i), size(i), t);
    }
    case 'bin_at': {
      // bin(value - fixed_point, size) + fixed_point: bins aligned on fixed_point, not on zero.
      const g = arg(0);
      const size = arg(1);
      const fixed = arg(2);
      return (i) => {
        const v = g(i);
        const s = size(i);
        const f = fixed(i);
        if (typeof v !== 'number' || typeof s !== 'number' || typeof f !== 'number' || s <= 0) return null;
        return Math.floor((v - f) / s) * s + f;
      };
    }
    case 'round': {
      const g = arg(0);
      const precision = args.length > 1 ? arg(1) : () => 0;
      return (i) => {
        const v = toNumberOrNull(g(i));
        const p = toNumberOrNull(precision(i));
        if (v === null || p === null) return null;
        const f = Math.pow(10, Math.trunc(p));
        return (Math.sign(v) * Math.round(Math.abs(v) * f)) / f;
      };
    }
    case 'abs': {
      const g = arg(0);
      return (i) => {
        const v = toNumberOrNull(g(i));
        return v === null ? null : Math.abs(v);
      };
    }
    case 'ceiling': {
      const g = arg(0);
      return (i) => {
        const v = toNumberOrNull(g(i));
        return v === null ? null : Math.ceil(v);
      };
    }
    case 'min_of':
    case 'max_of': {
      const getters = args.map((a) => compileExpr(a, rel, ctx));
      const max = name === 'max_of';
      return (i) => {
        let best: Value = null;
        for (const g of getters) {
          const v = g(i);
          if (v === null) continue;
          if (best === null || (max ? (v as number) > (best as number) : (v as number) < (best as number)))
            best = v;
        }
        return best;
      };
    }
    default:
      return undefined;
  }
}
