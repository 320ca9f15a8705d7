/**
 * Compiles scalar expressions of the AST into closures `(i) => value` over the rows of a
 * {@link Relation}. Constant sub-expressions are evaluated once; column references read typed
 * arrays directly; `parse_json(col).key` on a column with extracted JSON fields reads them
 * without parsing.
 */
import { LogsQueryError } from '../backend';
import { exprColumns, walkExpr, type BinaryOp, type Expr, type TabularExpr } from './ast';
import { FIELD_ABSENT } from './json-fields';
import { dynamicIndex, dynamicMember, parseJsonText } from './json';
import {
  BaseVec,
  DerivedVec,
  DictEntriesVec,
  codedView,
  columnIndex,
  type CodedView,
  type Relation,
} from './relation';
import { NumberColumn, StringColumn } from './table';
import { stringPredicate, hasPhrase } from './terms';
import {
  EPOCH_OFFSET_MS,
  MS_PER_DAY,
  MS_PER_TICK,
  dynamicToString,
  formatDatetime,
  isIntegerType,
  parseDatetimeText,
  parseTimespanText,
  toDynamic,
  toStringValue,
  valueKey,
  type ScalarType,
  type Value,
} from './values';

export type Getter = (i: number) => Value;

export interface EvalContext {
  /** now() for the whole query, epoch ms. */
  readonly now: number;
  /** Values of scalar `let`s. */
  readonly vars: ReadonlyMap<string, Value>;
  /** parse_json results of this query, by input text. */
  readonly parseCache: Map<string, Value>;
  /** Runs a `toscalar()` subquery. */
  scalarQuery(query: TabularExpr): Value;
  /** Runs a subquery and returns the values of its first column. */
  columnValues(query: TabularExpr): Value[];
}

const PARSE_CACHE_LIMIT = 100_000;

export function badQuery(message: string, position: number): LogsQueryError {
  return new LogsQueryError('bad-query', `${message} (at position ${position}).`, { position });
}

/** Functions callable in scalar expressions (aggregates are handled by summarize). */
export const SCALAR_FUNCTIONS: ReadonlySet<string> = new Set([
  'parse_json',
  'parsejson',
  'todynamic',
  'toobject',
  'tostring',
  'toint',
  'tolong',
  'todouble',
  'toreal',
  'todatetime',
  'totimespan',
  'totime',
  'tobool',
  'toboolean',
  'ago',
  'now',
  'bin',
  'floor',
  'startofday',
  'startofweek',
  'startofmonth',
  'startofyear',
  'endofday',
  'strcat',
  'strcat_delim',
  'strlen',
  'tolower',
  'toupper',
  'substring',
  'split',
  'extract',
  'replace_string',
  'replace_regex',
  'indexof',
  'trim',
  'iif',
  'iff',
  'case',
  'isempty',
  'isnotempty',
  'isnull',
  'isnotnull',
  'coalesce',
  'not',
  'array_length',
  'pack_array',
  'pack',
  'bag_pack',
  'round',
  'abs',
  'ceiling',
  'min_of',
  'max_of',
  'hourofday',
  'dayofweek',
  'dayofmonth',
  'getmonth',
  'getyear',
  'prev',
  'next',
  'row_number',
]);

/** Functions whose value depends on neighbouring rows: never constant-folded. */
const ROW_FUNCTIONS = new Set(['prev', 'next', 'row_number']);

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
  return { view, g: compileExpr(expr, entries, ctx) };
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

function toNumberOrNull(v: Value): number | null {
  return typeof v === 'number' ? v : null;
}

/** A dynamic operand used as a number: numbers pass, anything else is null. */
function asNumber(v: Value): number | null {
  if (typeof v === 'number') return v;
  return null;
}

function compileBinary(
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

const regexCache = new Map<string, RegExp>();

export function makeRegex(pattern: string, pos: number, where: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      re = new RegExp(translateRe2(pattern), flags);
    } catch (error) {
      throw badQuery(`Invalid regular expression in ${where}: ${(error as Error).message}`, pos);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** RE2 → JS: inline flags `(?i)` at the start are the only common difference. */
function translateRe2(pattern: string): string {
  return pattern.replace(/^\(\?i\)/, '');
}

/** Values of an `in` / `has_any` list element: constant, with dynamic arrays flattened. */
function flattenConstant(expr: Expr, rel: Relation, ctx: EvalContext): Value[] {
  if (!isConstantExpr(expr)) throw badQuery(`Only constant values are supported in this list`, expr.pos);
  const v = evaluateConstant(expr, rel, ctx);
  if (expr.type === 'dynamic' && Array.isArray(v)) return v as Value[];
  return [v];
}

function compileIn(expr: Extract<Expr, { kind: 'in' }>, rel: Relation, ctx: EvalContext): Getter {
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

/** parse_json with this query's cache. */
export function cachedParse(ctx: EvalContext, s: string): Value {
  const cache = ctx.parseCache;
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  const parsed = parseJsonText(s);
  if (cache.size < PARSE_CACHE_LIMIT) cache.set(s, parsed);
  return parsed;
}

const PARSE_FUNCTIONS = new Set(['parse_json', 'parsejson', 'todynamic', 'toobject']);

/**
 * How `expr` reads a stored string column, if it is a plain column reference to one:
 * - `plain`: a high-cardinality column, values by row (row = sel[i]);
 * - `dict`: a dictionary column, by row (code = codes[sel[i]]);
 * - `entries`: the dictionary entries themselves (i is the code; see DictEntriesVec).
 */
type StringSource =
  | { readonly mode: 'plain'; readonly column: StringColumn; readonly sel: Int32Array | null }
  | {
      readonly mode: 'dict' | 'entries';
      readonly column: StringColumn;
      readonly codeOf: (i: number) => number;
    };

function stringSource(expr: Expr, rel: Relation): StringSource | null {
  if (expr.kind !== 'column') return null;
  const index = columnIndex(rel, expr.name);
  const vec = index >= 0 ? rel.vecs[index] : undefined;
  if (vec instanceof BaseVec && vec.column instanceof StringColumn) {
    const column = vec.column;
    if (!column.isDictionary) return { mode: 'plain', column, sel: vec.sel };
    const codes = column.codes;
    const sel = vec.sel;
    return {
      mode: 'dict',
      column,
      codeOf: sel ? (i) => codes[sel[i] as number] as number : (i) => codes[i] as number,
    };
  }
  if (vec instanceof DictEntriesVec && vec.coded.raw)
    return { mode: 'entries', column: vec.coded.column, codeOf: (i) => i };
  return null;
}

function compileParse(arg: Expr, rel: Relation, ctx: EvalContext): Getter {
  if (arg.type === 'dynamic') return compileExpr(arg, rel, ctx);
  const source = stringSource(arg, rel);
  if (source && source.mode !== 'plain') {
    const { column, codeOf } = source;
    return (i) => column.parsedDictValue(codeOf(i), parseJsonText);
  }
  const s = compileString(arg, rel, ctx);
  return (i) => cachedParse(ctx, s(i));
}

function compileMember(target: Expr, key: string, rel: Relation, ctx: EvalContext): Getter {
  if (target.kind === 'call' && PARSE_FUNCTIONS.has(target.name) && target.args.length === 1) {
    const source = stringSource(target.args[0] as Expr, rel);
    if (source?.mode === 'plain') {
      const fields = source.column.jsonFields;
      const field = fields?.field(key);
      if (fields && field) {
        const { column, sel } = source;
        const isObject = fields.isObject;
        const codes = field.codes;
        const dict = field.dict;
        return (i) => {
          const r = sel ? (sel[i] as number) : i;
          if (isObject[r] === 1) {
            const c = codes[r] as number;
            if (c >= 0) return dict[c] as Value;
            if (c === FIELD_ABSENT) return null;
          }
          return dynamicMember(cachedParse(ctx, column.get(r)), key);
        };
      }
    } else if (source) {
      const { column, codeOf } = source;
      const fields = column.dictJsonFields;
      const field = fields?.field(key);
      if (fields && field) {
        const isObject = fields.isObject;
        const codes = field.codes;
        const dict = field.dict;
        return (i) => {
          const code = codeOf(i);
          if (isObject[code] === 1) {
            const c = codes[code] as number;
            if (c >= 0) return dict[c] as Value;
            if (c === FIELD_ABSENT) return null;
          }
          return dynamicMember(column.parsedDictValue(code, parseJsonText), key);
        };
      }
      return (i) => dynamicMember(column.parsedDictValue(codeOf(i), parseJsonText), key);
    }
  }
  const t = compileExpr(target, rel, ctx);
  return (i) => dynamicMember(t(i), key);
}

function argAt(expr: Extract<Expr, { kind: 'call' }>, index: number): Expr {
  const a = expr.args[index];
  if (!a) throw badQuery(`The function '${expr.name}' needs more arguments`, expr.pos);
  return a;
}

function constantArg(
  expr: Extract<Expr, { kind: 'call' }>,
  index: number,
  rel: Relation,
  ctx: EvalContext,
): Value {
  const a = argAt(expr, index);
  if (!isConstantExpr(a)) throw badQuery(`Argument ${index + 1} of '${expr.name}' must be a constant`, a.pos);
  return evaluateConstant(a, rel, ctx);
}

function compileCall(expr: Extract<Expr, { kind: 'call' }>, rel: Relation, ctx: EvalContext): Getter {
  const name = expr.name;
  const args = expr.args;
  const arg = (k: number): Getter => compileExpr(argAt(expr, k), rel, ctx);
  const argType = (k: number): ScalarType => argAt(expr, k).type;
  switch (name) {
    case 'parse_json':
    case 'parsejson':
    case 'todynamic':
    case 'toobject':
      return compileParse(argAt(expr, 0), rel, ctx);
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
    case 'bin':
    case 'floor': {
      const g = arg(0);
      const size = arg(1);
      const t = argType(0);
      return (i) => binValue(g(i), size(i), t);
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
    case 'strcat': {
      const parts = args.map((a) => compileString(a, rel, ctx));
      return (i) => {
        let s = '';
        for (const p of parts) s += p(i);
        return s;
      };
    }
    case 'strcat_delim': {
      const delim = compileString(argAt(expr, 0), rel, ctx);
      const parts = args.slice(1).map((a) => compileString(a, rel, ctx));
      return (i) => parts.map((p) => p(i)).join(delim(i));
    }
    case 'strlen': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      return (i) => s(i).length;
    }
    case 'tolower': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      return (i) => s(i).toLowerCase();
    }
    case 'toupper': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      return (i) => s(i).toUpperCase();
    }
    case 'trim': {
      const pattern = compileString(argAt(expr, 0), rel, ctx);
      const s = compileString(argAt(expr, 1), rel, ctx);
      return (i) => {
        const p = pattern(i);
        const re = makeRegex(`^(?:${p})+|(?:${p})+$`, expr.pos, 'trim', 'g');
        re.lastIndex = 0;
        return s(i).replace(re, '');
      };
    }
    case 'substring': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const start = arg(1);
      const length = args.length > 2 ? arg(2) : null;
      return (i) => {
        const str = s(i);
        const a = toNumberOrNull(start(i));
        if (a === null) return '';
        const from = Math.max(0, Math.trunc(a));
        if (!length) return str.slice(from);
        const l = toNumberOrNull(length(i));
        if (l === null) return str.slice(from);
        return str.slice(from, from + Math.max(0, Math.trunc(l)));
      };
    }
    case 'split': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const delim = compileString(argAt(expr, 1), rel, ctx);
      const index = args.length > 2 ? arg(2) : null;
      return (i) => {
        const d = delim(i);
        const parts = d === '' ? [s(i)] : s(i).split(d);
        if (!index) return parts;
        const k = toNumberOrNull(index(i));
        if (k === null) return null;
        const at = k < 0 ? parts.length + k : k;
        return at >= 0 && at < parts.length ? [parts[at] as string] : [];
      };
    }
    case 'extract': {
      if (args.length > 3) throw badQuery(`extract() with a type argument is not supported`, expr.pos);
      const group = arg(1);
      const source = compileString(argAt(expr, 2), rel, ctx);
      const patternExpr = argAt(expr, 0);
      const constantPattern = isConstantExpr(patternExpr)
        ? makeRegex(dynamicToString(evaluateConstant(patternExpr, rel, ctx)), expr.pos, 'extract')
        : null;
      const pattern = constantPattern ? null : compileString(patternExpr, rel, ctx);
      return (i) => {
        const re = constantPattern ?? makeRegex((pattern as (i: number) => string)(i), expr.pos, 'extract');
        const g = toNumberOrNull(group(i));
        if (g === null) return '';
        const m = re.exec(source(i));
        if (!m) return '';
        return m[g] ?? '';
      };
    }
    case 'replace_string': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const lookup = compileString(argAt(expr, 1), rel, ctx);
      const rewrite = compileString(argAt(expr, 2), rel, ctx);
      return (i) => {
        const l = lookup(i);
        return l === '' ? s(i) : s(i).split(l).join(rewrite(i));
      };
    }
    case 'replace_regex': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const pattern = compileString(argAt(expr, 1), rel, ctx);
      const rewrite = compileString(argAt(expr, 2), rel, ctx);
      return (i) => {
        const re = makeRegex(pattern(i), expr.pos, 'replace_regex', 'g');
        re.lastIndex = 0;
        // Kusto rewrite groups are \1..\9; JS uses $1..$9.
        return s(i).replace(
          re,
          rewrite(i)
            .replace(/\$/g, '$$$$')
            .replace(/\\(\d)/g, '$$$1'),
        );
      };
    }
    case 'indexof': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const lookup = compileString(argAt(expr, 1), rel, ctx);
      return (i) => s(i).indexOf(lookup(i));
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
      throw badQuery(`The function '${name}' is not supported by the embedded KQL engine`, expr.pos);
  }
}

function toLong(v: Value, type: ScalarType): number | null {
  if (v === null) return null;
  if (type === 'datetime') return Math.round(((v as number) + EPOCH_OFFSET_MS) / MS_PER_TICK);
  if (type === 'timespan') return Math.round((v as number) / MS_PER_TICK);
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    return /^[+-]?\d+$/.test(s) ? Number(s) : null;
  }
  return null;
}

function toReal(v: Value, type: ScalarType): number | null {
  if (v === null) return null;
  if (type === 'datetime') return ((v as number) + EPOCH_OFFSET_MS) / MS_PER_TICK;
  if (type === 'timespan') return (v as number) / MS_PER_TICK;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    const lower = s.toLowerCase();
    if (lower === 'nan') return NaN;
    if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
    if (lower === '-inf' || lower === '-infinity') return -Infinity;
    const n = Number(s);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

/** bin(value, size): round down to a multiple of size (datetimes from 0001-01-01, like Kusto's ticks). */
export function binValue(v: Value, size: Value, type: ScalarType): Value {
  if (typeof v !== 'number' || typeof size !== 'number' || size <= 0) return null;
  if (type === 'datetime') return Math.floor((v + EPOCH_OFFSET_MS) / size) * size - EPOCH_OFFSET_MS;
  return Math.floor(v / size) * size;
}

function startOf(name: string, ms: number, offset: number): number {
  const d = new Date(Math.floor(ms));
  switch (name) {
    case 'startofday':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + offset);
    case 'endofday':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + offset + 1) - MS_PER_TICK;
    case 'startofweek':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay() + 7 * offset);
    case 'startofmonth':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
    default:
      return Date.UTC(d.getUTCFullYear() + offset, 0, 1);
  }
}

export { formatDatetime };
