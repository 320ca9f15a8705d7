/**
 * Compiles scalar expressions of the AST into closures `(i) => value` over the rows of a
 * {@link Relation}. Constant sub-expressions are evaluated once; column references read typed
 * arrays directly; `parse_json(col).key` on a column with extracted JSON fields reads them
 * without parsing.
 */
import { type Expr, exprColumns, walkExpr } from './ast';
import { compileCall } from './compile/call';
import { type EvalContext, type Getter, badQuery } from './compile/context';
import { toNumberOrNull } from './compile/convert';
import { compileMember } from './compile/json-access';
import { compileBinary, compileIn, flattenConstant } from './compile/operators';
import { dynamicIndex } from './json';
import {
  BaseVec,
  type CodedView,
  DerivedVec,
  DictEntriesVec,
  type Relation,
  codedView,
  columnIndex,
} from './relation';
import { NumberColumn, StringColumn } from './table';
import { hasPhrase } from './terms';
import { type Value, dynamicToString, toStringValue } from './values';

/**
 * Functions whose value depends on neighbouring rows, or (column_ifexists) reads a column named by a
 * string: never constant-folded.
 */
const ROW_FUNCTIONS = new Set(['prev', 'next', 'row_number', 'column_ifexists']);

export function isConstantExpr(expr: Expr): boolean {
  let constant = true;
  walkExpr(expr, (e) => {
    if (e.kind === 'column' || e.kind === 'star' || (e.kind === 'call' && ROW_FUNCTIONS.has(e.name)))
      constant = false;
  });
  return constant;
}

/** An expression over one dictionary-coded column, compiled over that column's dictionary: g(code). */
export interface Coded {
  readonly view: CodedView;
  readonly g: Getter;
  /**
   * g gives a different value for each code: `expr` is the stored column itself. Anything computed
   * from it (tolower, substring, a JSON field of it) can give one value for several codes, so callers
   * that group or deduplicate must do so by value, never by code (issue #17).
   */
  readonly distinct: boolean;
}

/**
 * When `expr` reads exactly one column and that column is dictionary-coded (a stored dictionary
 * column or a value derived from one), `expr` compiled over the dictionary entries, so callers can
 * evaluate it once per distinct code instead of once per row.
 */
export function codedInput(expr: Expr, rel: Relation, ctx: EvalContext): Coded | null {
  const { names, positional } = exprColumns(expr);
  if (positional || names.size !== 1) return null;
  const name = [...names][0] as string;
  const index = columnIndex(rel, name);
  const vec = index >= 0 ? rel.vecs[index] : undefined;
  const view = codedView(vec);
  if (!view || !vec) return null;
  const entries: Relation = {
    columns: [{ name, type: vec.type }],
    vecs: [new DictEntriesVec(vec.type, view)],
    length: view.column.dict.length,
    base: null,
  };
  const distinct = view.raw && expr.kind === 'column';
  return { view, g: compileExpr(expr, entries, ctx), distinct };
}

/** Row i → dictionary code, for a coded view. */
export function codeGetter(view: CodedView): (i: number) => number {
  const codes = view.column.codes;
  const sel = view.sel;
  return sel ? (i) => codes[sel[i] as number] as number : (i) => codes[i] as number;
}

export function compileExpr(expr: Expr, rel: Relation, ctx: EvalContext): Getter {
  if (expr.kind === 'literal') {
    const v = expr.value;
    return () => v;
  }
  if (expr.kind !== 'var' && isConstantExpr(expr)) {
    const v = compileInner(expr, rel, ctx)(0);
    return () => v;
  }
  return compileInner(expr, rel, ctx);
}

/** Evaluates a constant expression (no column references). */
export function evaluateConstant(expr: Expr, rel: Relation, ctx: EvalContext): Value {
  return compileInner(expr, rel, ctx)(0);
}

function compileInner(expr: Expr, rel: Relation, ctx: EvalContext): Getter {
  switch (expr.kind) {
    case 'literal': {
      const v = expr.value;
      return () => v;
    }
    case 'var': {
      if (!ctx.vars.has(expr.name)) throw badQuery(`'${expr.name}' is not a scalar value`, expr.pos);
      const v = ctx.vars.get(expr.name) as Value;
      return () => v;
    }
    case 'column':
      return compileColumn(expr.name, rel, expr.pos);
    case 'unary': {
      const g = compileExpr(expr.operand, rel, ctx);
      if (expr.op === '+') return g;
      return (i) => {
        const v = g(i);
        return typeof v === 'number' ? -v : null;
      };
    }
    case 'binary':
      return compileBinary(expr.op, expr.left, expr.right, expr.type, rel, ctx, expr.pos);
    case 'in':
      return compileIn(expr, rel, ctx);
    case 'has-any': {
      const operand = compileString(expr.operand, rel, ctx);
      const needles = expr.values
        .flatMap((v) => flattenConstant(v, rel, ctx))
        .map((v) => dynamicToString(v).toLowerCase());
      const all = expr.all;
      return (i) => {
        const s = operand(i).toLowerCase();
        if (all) return needles.every((n) => hasPhrase(s, n));
        return needles.some((n) => hasPhrase(s, n));
      };
    }
    case 'between': {
      const g = compileExpr(expr.operand, rel, ctx);
      const lo = compileExpr(expr.low, rel, ctx);
      let hi = compileExpr(expr.high, rel, ctx);
      if (expr.operand.type === 'datetime' && expr.high.type === 'timespan') {
        const span = hi;
        hi = (i) => {
          const a = lo(i);
          const b = span(i);
          return typeof a === 'number' && typeof b === 'number' ? a + b : null;
        };
      }
      const negated = expr.negated;
      return (i) => {
        const v = toNumberOrNull(g(i));
        const a = toNumberOrNull(lo(i));
        const b = toNumberOrNull(hi(i));
        if (v === null || a === null || b === null) return null;
        const inside = v >= a && v <= b;
        return negated ? !inside : inside;
      };
    }
    case 'call':
      return compileCall(expr, rel, ctx);
    case 'member':
      return compileMember(expr.target, expr.member, rel, ctx);
    case 'index': {
      if (isConstantExpr(expr.index)) {
        const key = evaluateConstant(expr.index, rel, ctx);
        if (typeof key === 'string') return compileMember(expr.target, key, rel, ctx);
      }
      const target = compileExpr(expr.target, rel, ctx);
      const index = compileExpr(expr.index, rel, ctx);
      return (i) => dynamicIndex(target(i), index(i));
    }
    case 'toscalar': {
      const v = ctx.scalarQuery(expr.query);
      return () => v;
    }
    case 'column-values': {
      const v = ctx.columnValues(expr.query);
      return () => v;
    }
    case 'star':
      throw badQuery(`'*' can only be used as an argument of arg_max, arg_min or take_any`, expr.pos);
  }
}

function compileColumn(name: string, rel: Relation, pos: number): Getter {
  const index = columnIndex(rel, name);
  if (index < 0) throw badQuery(`The column '${name}' is not available here`, pos);
  const vec = rel.vecs[index];
  if (!vec) throw badQuery(`The column '${name}' is not available here`, pos);
  if (vec instanceof BaseVec) {
    const sel = vec.sel;
    const column = vec.column;
    if (column instanceof StringColumn) {
      if (column.isDictionary) {
        const codes = column.codes;
        const dict = column.dict;
        return sel
          ? (i) => dict[codes[sel[i] as number] as number] as string
          : (i) => dict[codes[i] as number] as string;
      }
      const values = column.values;
      return sel ? (i) => values[sel[i] as number] as string : (i) => values[i] as string;
    }
    if (column instanceof NumberColumn) {
      const data = column.data;
      return sel
        ? (i) => {
            const v = data[sel[i] as number] as number;
            return v !== v ? null : v;
          }
        : (i) => {
            const v = data[i] as number;
            return v !== v ? null : v;
          };
    }
  }
  if (vec instanceof DerivedVec) {
    const codes = vec.column.codes;
    const sel = vec.sel;
    const source = vec.source;
    return sel
      ? (i) => source.valueOfCode(codes[sel[i] as number] as number)
      : (i) => source.valueOfCode(codes[i] as number);
  }
  return (i) => vec.get(i);
}

/** A getter that always returns a string (Kusto's implicit tostring for string operators). */
export function compileString(expr: Expr, rel: Relation, ctx: EvalContext): (i: number) => string {
  const g = compileExpr(expr, rel, ctx);
  const type = expr.type;
  if (type === 'string') return g as (i: number) => string;
  return (i) => toStringValue(g(i), type);
}
