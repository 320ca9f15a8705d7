/**
 * `parse_json` and member access: cached parsing per query, and `parse_json(col).key` read from a
 * string column's extracted JSON fields without parsing.
 */
import type { Expr } from '../ast';
import { compileExpr, compileString } from '../compile';
import { dynamicMember, parseJsonText } from '../json';
import { FIELD_ABSENT } from '../json-fields';
import { BaseVec, DictEntriesVec, type Relation, columnIndex } from '../relation';
import { StringColumn } from '../table';
import type { Value } from '../values';
import type { EvalContext, Getter } from './context';

const PARSE_CACHE_LIMIT = 100_000;

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

export function compileParse(arg: Expr, rel: Relation, ctx: EvalContext): Getter {
  if (arg.type === 'dynamic') return compileExpr(arg, rel, ctx);
  const source = stringSource(arg, rel);
  if (source && source.mode !== 'plain') {
    const { column, codeOf } = source;
    return (i) => column.parsedDictValue(codeOf(i), parseJsonText);
  }
  const s = compileString(arg, rel, ctx);
  return (i) => cachedParse(ctx, s(i));
}

export function compileMember(target: Expr, key: string, rel: Relation, ctx: EvalContext): Getter {
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
