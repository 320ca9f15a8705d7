/** Conditional and null-test functions: iif/iff, case, isempty/isnotempty, isnull/isnotnull, coalesce, not, column_ifexists. */
import { compileExpr } from '../../compile';
import { columnIndex, type Relation } from '../../relation';
import { dynamicToString } from '../../values';
import { type CallExpr, callParts, constantArg } from '../call';
import { type EvalContext, type Getter, badQuery } from '../context';

/** Compiles a call of one of the logic functions; undefined when `expr` calls another function. */
export function compileLogicCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter | undefined {
  const { name, args, arg } = callParts(expr, rel, ctx);
  switch (name) {
    case 'column_ifexists': {
      // The column when the input has it, else the default (the name must be a constant).
      const column = dynamicToString(constantArg(expr, 0, rel, ctx));
      if (columnIndex(rel, column) >= 0)
        return compileExpr({ kind: 'column', name: column, type: expr.type, pos: expr.pos }, rel, ctx);
      return arg(1);
    }
    case 'iif':
    case 'iff': {
      const c = arg(0);
      const a = arg(1);
      const b = arg(2);
      return (i) => (c(i) === true ? a(i) : b(i));
    }
    case 'case': {
      if (args.length < 3 || args.length % 2 === 0)
        throw badQuery(`case() needs predicate/value pairs and an else value`, expr.pos);
      const getters = args.map((a) => compileExpr(a, rel, ctx));
      const last = getters[getters.length - 1] as Getter;
      return (i) => {
        for (let k = 0; k + 1 < getters.length; k += 2) {
          if ((getters[k] as Getter)(i) === true) return (getters[k + 1] as Getter)(i);
        }
        return last(i);
      };
    }
    case 'isempty':
    case 'isnotempty': {
      const g = arg(0);
      const negate = name === 'isnotempty';
      return (i) => {
        const v = g(i);
        return (v === null || v === '') !== negate;
      };
    }
    case 'isnull':
    case 'isnotnull': {
      const g = arg(0);
      const negate = name === 'isnotnull';
      return (i) => (g(i) === null) !== negate;
    }
    case 'coalesce': {
      const getters = args.map((a) => compileExpr(a, rel, ctx));
      const isString = expr.type === 'string';
      return (i) => {
        for (const g of getters) {
          const v = g(i);
          if (v !== null && !(isString && v === '')) return v;
        }
        return isString ? '' : null;
      };
    }
    case 'not': {
      const g = arg(0);
      return (i) => {
        const v = g(i);
        return v === null ? null : !v;
      };
    }
    default:
      return undefined;
  }
}
