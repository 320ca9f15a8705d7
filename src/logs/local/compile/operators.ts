/** Binary operators (arithmetic, comparison, string predicates) and `in` / `!in` over compiled operands. */
import type { BinaryOp, Expr } from '../ast';
import { compileExpr, compileString, evaluateConstant, isConstantExpr } from '../compile';
import type { Relation } from '../relation';
import { stringPredicate } from '../terms';
import {
  type ScalarType,
  type Value,
  dynamicToString,
  isIntegerType,
  toStringValue,
  valueKey,
} from '../values';
import { type EvalContext, type Getter, badQuery } from './context';
import { asNumber } from './convert';
import { makeRegex } from './regex';

export function compileBinary(
  op: BinaryOp,
  left: Expr,
  right: Expr,
  resultType: ScalarType,
  rel: Relation,
  ctx: EvalContext,
  pos: number,
): Getter {
  if (op === 'and' || op === 'or') {
    const a = compileExpr(left, rel, ctx);
    const b = compileExpr(right, rel, ctx);
    if (op === 'and') {
      return (i) => {
        const x = a(i);
        if (x === false) return false;
        const y = b(i);
        if (y === false) return false;
        return x === null || y === null ? null : true;
      };
    }
    return (i) => {
      const x = a(i);
      if (x === true) return true;
      const y = b(i);
      if (y === true) return true;
      return x === null || y === null ? null : false;
    };
  }
  if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
    const a = compileExpr(left, rel, ctx);
    const b = compileExpr(right, rel, ctx);
    const integer = isIntegerType(resultType);
    switch (op) {
      case '+':
        return (i) => {
          const x = asNumber(a(i));
          const y = asNumber(b(i));
          return x === null || y === null ? null : x + y;
        };
      case '-':
        return (i) => {
          const x = asNumber(a(i));
          const y = asNumber(b(i));
          return x === null || y === null ? null : x - y;
        };
      case '*':
        return (i) => {
          const x = asNumber(a(i));
          const y = asNumber(b(i));
          return x === null || y === null ? null : x * y;
        };
      case '/':
        return (i) => {
          const x = asNumber(a(i));
          const y = asNumber(b(i));
          if (x === null || y === null) return null;
          if (integer) return y === 0 ? null : Math.trunc(x / y);
          return x / y;
        };
      case '%':
        return (i) => {
          const x = asNumber(a(i));
          const y = asNumber(b(i));
          if (x === null || y === null) return null;
          if (integer && y === 0) return null;
          return x % y;
        };
    }
  }
  if (op === '==' || op === '!=') {
    const a = compileExpr(left, rel, ctx);
    const b = compileExpr(right, rel, ctx);
    const negate = op === '!=';
    if (left.type === 'string' && right.type === 'string') {
      return negate ? (i) => a(i) !== b(i) : (i) => a(i) === b(i);
    }
    const dynamic = left.type === 'dynamic' || right.type === 'dynamic';
    return (i) => {
      const eq = equalValues(a(i), b(i), dynamic);
      return eq === null ? null : negate ? !eq : eq;
    };
  }
  if (op === '=~' || op === '!~') {
    const a = compileString(left, rel, ctx);
    const b = compileString(right, rel, ctx);
    const negate = op === '!~';
    return (i) => (a(i).toLowerCase() === b(i).toLowerCase()) !== negate;
  }
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    const a = compileExpr(left, rel, ctx);
    const b = compileExpr(right, rel, ctx);
    const cmp = comparator(op);
    return (i) => {
      const x = a(i);
      const y = b(i);
      if (x === null || y === null) return null;
      if (typeof x === 'number' && typeof y === 'number') return cmp(x, y);
      if (typeof x === 'string' && typeof y === 'string') return cmp(x, y);
      return null;
    };
  }
  if (op === 'matches regex') {
    const a = compileString(left, rel, ctx);
    if (isConstantExpr(right)) {
      const re = makeRegex(dynamicToString(evaluateConstant(right, rel, ctx)), pos, 'matches regex');
      return (i) => re.test(a(i));
    }
    const b = compileString(right, rel, ctx);
    return (i) => makeRegex(b(i), pos, 'matches regex').test(a(i));
  }
  // String operators (has, contains, startswith, ... and their negations).
  const negate = op.startsWith('!');
  const bare = negate ? op.slice(1) : op;
  const a = compileString(left, rel, ctx);
  if (isConstantExpr(right)) {
    const needle = dynamicToString(evaluateConstant(right, rel, ctx));
    const predicate = stringPredicate(bare, needle);
    return negate ? (i) => !predicate(a(i)) : (i) => predicate(a(i));
  }
  const b = compileString(right, rel, ctx);
  return (i) => stringPredicate(bare, b(i))(a(i)) !== negate;
}

function comparator(op: '<' | '<=' | '>' | '>='): (x: number | string, y: number | string) => boolean {
  switch (op) {
    case '<':
      return (x, y) => x < y;
    case '<=':
      return (x, y) => x <= y;
    case '>':
      return (x, y) => x > y;
    case '>=':
      return (x, y) => x >= y;
  }
}

/** Kusto `==`: null == null is null, null == x is false. Dynamic scalars compare by value. */
export function equalValues(a: Value, b: Value, dynamic: boolean): boolean | null {
  if (a === null || b === null) return a === null && b === null ? null : false;
  if (!dynamic) return a === b;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  if (typeof a === typeof b) return a === b;
  return dynamicToString(a) === dynamicToString(b);
}

/** Values of an `in` / `has_any` list element: constant, with dynamic arrays flattened. */
export function flattenConstant(expr: Expr, rel: Relation, ctx: EvalContext): Value[] {
  if (!isConstantExpr(expr)) throw badQuery(`Only constant values are supported in this list`, expr.pos);
  const v = evaluateConstant(expr, rel, ctx);
  if (expr.type === 'dynamic' && Array.isArray(v)) return v as Value[];
  return [v];
}

export function compileIn(expr: Extract<Expr, { kind: 'in' }>, rel: Relation, ctx: EvalContext): Getter {
  const { negated, caseInsensitive } = expr;
  const operandType = expr.operand.type;
  const normalize = (v: Value, type: ScalarType): Value => {
    if (v === null) return null;
    if (operandType === 'string' || type === 'string' || caseInsensitive) {
      const s = typeof v === 'string' ? v : type === 'dynamic' ? dynamicToString(v) : toStringValue(v, type);
      return caseInsensitive ? s.toLowerCase() : s;
    }
    return valueKey(v);
  };
  const operand = compileExpr(expr.operand, rel, ctx);
  if (expr.values.every((v) => isConstantExpr(v))) {
    const set = new Set<Value>();
    for (const v of expr.values) {
      for (const item of flattenConstant(v, rel, ctx))
        set.add(normalize(item, v.type === 'dynamic' ? 'dynamic' : v.type));
    }
    return (i) => {
      const key = normalize(operand(i), operandType);
      if (key === null) return negated;
      return set.has(key) !== negated;
    };
  }
  const getters = expr.values.map((v) => ({ g: compileExpr(v, rel, ctx), type: v.type }));
  return (i) => {
    const key = normalize(operand(i), operandType);
    if (key === null) return negated;
    for (const { g, type } of getters) {
      const v = g(i);
      const items = type === 'dynamic' && Array.isArray(v) ? (v as Value[]) : [v];
      for (const item of items) if (normalize(item, type) === key) return !negated;
    }
    return negated;
  };
}
