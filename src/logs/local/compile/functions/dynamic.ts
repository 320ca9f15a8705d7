/** Dynamic-value functions: parse_json and its aliases, parse_url, array_length, pack_array, pack/bag_pack, bag_keys. */
import { compileExpr, compileString } from '../../compile';
import type { Relation } from '../../relation';
import { type ScalarType, type Value, toDynamic } from '../../values';
import { type CallExpr, argAt, callParts } from '../call';
import { type EvalContext, type Getter, badQuery } from '../context';
import { compileParse } from '../json-access';
import { parseUrl } from '../url-parts';

/** Compiles a call of one of the dynamic functions; undefined when `expr` calls another function. */
export function compileDynamicCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter | undefined {
  const { name, args, arg } = callParts(expr, rel, ctx);
  switch (name) {
    case 'bag_keys': {
      const g = arg(0);
      return (i) => {
        const v = g(i);
        return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : null;
      };
    }
    case 'parse_url':
    case 'parseurl': {
      const url = compileString(argAt(expr, 0), rel, ctx);
      return (i) => parseUrl(url(i));
    }
    case 'parse_json':
    case 'parsejson':
    case 'todynamic':
    case 'toobject':
      return compileParse(argAt(expr, 0), rel, ctx);
    case 'array_length': {
      const g = arg(0);
      return (i) => {
        const v = g(i);
        return Array.isArray(v) ? v.length : null;
      };
    }
    case 'pack_array': {
      const getters = args.map((a) => ({ g: compileExpr(a, rel, ctx), t: a.type }));
      return (i) => getters.map(({ g, t }) => toDynamic(g(i), t));
    }
    case 'pack':
    case 'bag_pack': {
      if (args.length % 2 !== 0) throw badQuery(`${name}() needs key/value pairs`, expr.pos);
      const keys = args.filter((_, k) => k % 2 === 0).map((a) => compileString(a, rel, ctx));
      const values = args
        .filter((_, k) => k % 2 === 1)
        .map((a) => ({ g: compileExpr(a, rel, ctx), t: a.type }));
      return (i) => {
        const bag: Record<string, Value> = {};
        keys.forEach((k, n) => {
          const v = values[n] as { g: Getter; t: ScalarType };
          bag[k(i)] = toDynamic(v.g(i), v.t);
        });
        return bag;
      };
    }
    default:
      return undefined;
  }
}
