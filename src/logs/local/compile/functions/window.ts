/** Row-window functions (value depends on neighbouring rows of a serialized input): prev, next, row_number, row_cumsum. */
import type { Relation } from '../../relation';
import { type CallExpr, callParts, constantArg } from '../call';
import { type EvalContext, type Getter, badQuery } from '../context';
import { toNumberOrNull } from '../convert';

/** Compiles a call of one of the window functions; undefined when `expr` calls another function. */
export function compileWindowCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter | undefined {
  const { name, args, arg } = callParts(expr, rel, ctx);
  switch (name) {
    case 'prev':
    case 'next': {
      const g = arg(0);
      const offset = args.length > 1 ? (toNumberOrNull(constantArg(expr, 1, rel, ctx)) ?? 1) : 1;
      const fallback = args.length > 2 ? arg(2) : null;
      const n = rel.length;
      const step = name === 'prev' ? -offset : offset;
      return (i) => {
        const j = i + step;
        if (j >= 0 && j < n) return g(j);
        return fallback ? fallback(i) : expr.type === 'string' ? '' : null;
      };
    }
    case 'row_cumsum': {
      // The running sum over the rows in order, back to 0 where `restart` is true; computed for
      // every row on the first call (getters may be read in any order), nulls add nothing.
      const term = arg(0);
      const restart = args.length > 1 ? arg(1) : null;
      let sums: Float64Array | null = null;
      return (i) => {
        if (!sums) {
          sums = new Float64Array(rel.length);
          let sum = 0;
          for (let k = 0; k < rel.length; k++) {
            if (restart && restart(k) === true) sum = 0;
            const v = term(k);
            if (typeof v === 'number') sum += v;
            sums[k] = sum;
          }
        }
        return sums[i] as number;
      };
    }
    case 'row_number': {
      if (args.length > 1) throw badQuery(`row_number() with a restart condition is not supported`, expr.pos);
      const start = args.length > 0 ? (toNumberOrNull(constantArg(expr, 0, rel, ctx)) ?? 1) : 1;
      return (i) => i + start;
    }
    default:
      return undefined;
  }
}
