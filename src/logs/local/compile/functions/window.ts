/** Row-window functions (value depends on neighbouring rows of a serialized input): prev, next, row_number. */
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
    case 'row_number': {
      if (args.length > 1) throw badQuery(`row_number() with a restart condition is not supported`, expr.pos);
      const start = args.length > 0 ? (toNumberOrNull(constantArg(expr, 0, rel, ctx)) ?? 1) : 1;
      return (i) => i + start;
    }
    default:
      return undefined;
  }
}
