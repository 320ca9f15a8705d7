/**
 * `summarize` (and `distinct`): rows to groups by the `by` keys, then one aggregator per call.
 * Dictionary-coded keys are looked up once per code; `bin()` of a stored number column by bucket.
 */
import { makeAggregator } from '../aggregates';
import type { AggregateCall, ColumnSchema, Expr, NamedExpr } from '../ast';
import { codedInput, compileExpr, evaluateConstant, isConstantExpr, type Coded } from '../compile';
import { badQuery, type EvalContext } from '../compile/context';
import { binValue } from '../compile/convert';
import { ArrayVec, BaseVec, columnIndex, type Relation, type Vec } from '../relation';
import { NumberColumn } from '../table';
import { EPOCH_OFFSET_MS, valueKey, type Value } from '../values';
import { ROWS_PER_CHECKPOINT, type OperatorGuard } from './limits';

/** `summarize aggregates by by` over `rel`: one row per group, in first-seen row order. */
export function summarize(
  ctx: EvalContext,
  rel: Relation,
  by: readonly NamedExpr[],
  aggregates: readonly AggregateCall[],
  schema: readonly ColumnSchema[],
  guard: Pick<OperatorGuard, 'checkpoint'>,
): Relation {
  const n = rel.length;
  const [only] = by;
  if (
    by.length === 1 &&
    only &&
    aggregates.length > 0 &&
    aggregates.every((a) => a.fn === 'count' && a.args.length === 0)
  ) {
    const coded = codedInput(only.expr, rel, ctx);
    if (coded) return countByCode(ctx, rel, coded, aggregates.length, schema);
  }
  const aggs = aggregates.map((a) => makeAggregator(a, rel, ctx));
  const firstRow: number[] = [];
  const newGroup = (i: number): number => {
    firstRow.push(i);
    for (const a of aggs) a.newGroup();
    return firstRow.length - 1;
  };
  // The rows in chunks, the clock and cancel flag read between them (a summarize over a big join is long).
  const inChunks = (each: (start: number, stop: number) => void): void => {
    for (let start = 0; start < n; start += ROWS_PER_CHECKPOINT) {
      each(start, Math.min(n, start + ROWS_PER_CHECKPOINT));
      guard.checkpoint();
    }
  };
  if (by.length === 0) {
    newGroup(-1);
    inChunks((start, stop) => {
      for (let i = start; i < stop; i++) for (const a of aggs) a.add(0, i);
    });
  } else {
    const groupOf = groupKeyFunction(ctx, rel, by, newGroup);
    const [only] = aggs;
    if (aggs.length === 1 && only) {
      const add = only.add;
      inChunks((start, stop) => {
        for (let i = start; i < stop; i++) add(groupOf(i), i);
      });
    } else if (aggs.length === 0) {
      inChunks((start, stop) => {
        for (let i = start; i < stop; i++) groupOf(i);
      });
    } else {
      inChunks((start, stop) => {
        for (let i = start; i < stop; i++) {
          const g = groupOf(i);
          for (const a of aggs) a.add(g, i);
        }
      });
    }
  }
  const groupCount = firstRow.length;
  const vecs: Vec[] = [];
  by.forEach((item, k) => {
    const g = compileExpr(item.expr, rel, ctx);
    const values = new Array<Value>(groupCount);
    for (let j = 0; j < groupCount; j++) values[j] = g(firstRow[j] as number);
    vecs.push(new ArrayVec((schema[k] as ColumnSchema).type, values));
  });
  let k = by.length;
  for (const a of aggs) {
    for (const values of a.results(groupCount)) {
      vecs.push(new ArrayVec((schema[k] as ColumnSchema).type, values));
      k++;
    }
  }
  if (vecs.length !== schema.length)
    throw badQuery('This summarize form is not supported by the embedded KQL engine', 0);
  return { columns: schema, vecs, length: groupCount, base: null };
}

/**
 * `summarize count() by X` where X depends on one dictionary-coded column: count rows per code in
 * one tight loop that also notes each code's first row, then fold the codes seen into groups by X's
 * value. Only codes some row holds are evaluated, so a big dictionary (properties_s of a fleet)
 * filtered to a few rows costs what those rows cost, not what the dictionary does.
 */
export function countByCode(
  ctx: EvalContext,
  rel: Relation,
  coded: Coded,
  countColumns: number,
  schema: readonly ColumnSchema[],
): Relation {
  const { view, g } = coded;
  const dictSize = view.column.dict.length;
  const counts = new Int32Array(dictSize);
  const n = rel.length;
  const firstSeen = new Int32Array(Math.min(n, dictSize));
  const codes = view.column.codes;
  const seen =
    codes instanceof Int32Array
      ? countCodes32(codes, view.sel, n, counts, firstSeen)
      : countCodesNarrow(codes, view.sel, n, counts, firstSeen);
  // Codes in first-seen order → groups in first-seen order (a group's first row is its earliest
  // code's), as the general path orders them. Raw dictionary values are already distinct.
  const values: Value[] = [];
  const totals: number[] = [];
  const byValue = coded.distinct ? null : new Map<Value, number>();
  for (let k = 0; k < seen; k++) {
    const c = firstSeen[k] as number;
    const v = g(c);
    let group: number | undefined;
    if (byValue) {
      const key = valueKey(v);
      group = byValue.get(key);
      if (group === undefined) byValue.set(key, values.length);
    }
    if (group === undefined) {
      group = values.length;
      values.push(v);
      totals.push(0);
    }
    totals[group] = (totals[group] as number) + (counts[c] as number);
  }
  const vecs: Vec[] = [new ArrayVec((schema[0] as ColumnSchema).type, values)];
  for (let k = 0; k < countColumns; k++) vecs.push(new ArrayVec('long', totals));
  return { columns: schema, vecs, length: values.length, base: null };
}

// Two copies of one loop: the 32-bit codes of big dictionaries get their own, so the loop over the
// biggest columns stays monomorphic; 8- and 16-bit codes (small dictionaries) share one.

/** Rows per code into `counts`; each code's first appearance into `firstSeen`; returns how many codes. */
function countCodesNarrow(
  codes: Uint8Array | Uint16Array,
  sel: Int32Array | null,
  n: number,
  counts: Int32Array,
  firstSeen: Int32Array,
): number {
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[sel ? (sel[i] as number) : i] as number;
    const before = counts[c] as number;
    if (before === 0) firstSeen[seen++] = c;
    counts[c] = before + 1;
  }
  return seen;
}

/** {@link countCodesNarrow} for 32-bit codes. */
function countCodes32(
  codes: Int32Array,
  sel: Int32Array | null,
  n: number,
  counts: Int32Array,
  firstSeen: Int32Array,
): number {
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[sel ? (sel[i] as number) : i] as number;
    const before = counts[c] as number;
    if (before === 0) firstSeen[seen++] = c;
    counts[c] = before + 1;
  }
  return seen;
}

/**
 * Row → group id. Each `by` expression maps rows to dense part ids: a dictionary-coded input is
 * looked up once per code (flat table), anything else by value. Part ids combine into the group key.
 */
export function groupKeyFunction(
  ctx: EvalContext,
  rel: Relation,
  by: readonly NamedExpr[],
  newGroup: (row: number) => number,
): (i: number) => number {
  const parts = by.map((item) => partFunction(ctx, item.expr, rel));
  if (parts.length === 1) {
    const part = parts[0] as (i: number) => number;
    const groups: number[] = [];
    return (i) => {
      const p = part(i);
      let g = groups[p];
      if (g === undefined) {
        g = newGroup(i);
        groups[p] = g;
      }
      return g;
    };
  }
  if (parts.length === 2) {
    const [a, b] = parts as [(i: number) => number, (i: number) => number];
    // Part ids are dense: a table per first part, indexed by the second (hashing a combined
    // key past the small-integer range cost more than the rest of the loop).
    const tables: number[][] = [];
    return (i) => {
      const first = a(i);
      const second = b(i);
      let table = tables[first];
      if (table === undefined) {
        table = [];
        tables[first] = table;
      }
      let g = table[second];
      if (g === undefined) {
        g = newGroup(i);
        table[second] = g;
      }
      return g;
    };
  }
  const map = new Map<string, number>();
  return (i) => {
    let key = '';
    for (const part of parts) key += `${part(i)},`;
    let g = map.get(key);
    if (g === undefined) {
      g = newGroup(i);
      map.set(key, g);
    }
    return g;
  };
}

/** Rows → dense ids of the distinct values of `expr` (ids in first-seen order). */
export function partFunction(ctx: EvalContext, expr: Expr, rel: Relation): (i: number) => number {
  const ids = new Map<Value, number>();
  const idOf = (v: Value): number => {
    const key = valueKey(v);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  };
  const binned = binPart(ctx, expr, rel, idOf);
  if (binned) return binned;
  const coded = codedInput(expr, rel, ctx);
  if (coded) {
    const { view, g } = coded;
    const codes = view.column.codes;
    const sel = view.sel;
    const byCode = new Int32Array(view.column.dict.length).fill(-1);
    return (i) => {
      const code = codes[sel ? (sel[i] as number) : i] as number;
      let id = byCode[code] as number;
      if (id < 0) {
        id = idOf(g(code));
        byCode[code] = id;
      }
      return id;
    };
  }
  const g = compileExpr(expr, rel, ctx);
  return (i) => idOf(g(i));
}

/**
 * `bin(col, size)` of a stored number/datetime column: bucket numbers index a flat table of part
 * ids (buckets span the column's min..max), so no hashing per row.
 */
export function binPart(
  ctx: EvalContext,
  expr: Expr,
  rel: Relation,
  idOf: (v: Value) => number,
): ((i: number) => number) | null {
  if (expr.kind !== 'call' || (expr.name !== 'bin' && expr.name !== 'floor') || expr.args.length !== 2)
    return null;
  const [column, sizeExpr] = expr.args as [Expr, Expr];
  if (column.kind !== 'column' || !isConstantExpr(sizeExpr)) return null;
  const vec = rel.vecs[columnIndex(rel, column.name)];
  if (!(vec instanceof BaseVec) || !(vec.column instanceof NumberColumn)) return null;
  const size = evaluateConstant(sizeExpr, rel, ctx);
  const range = vec.column.range();
  if (typeof size !== 'number' || !(size > 0) || !range) return null;
  const offset = column.type === 'datetime' ? EPOCH_OFFSET_MS : 0;
  const first = Math.floor((range.min + offset) / size);
  const span = Math.floor((range.max + offset) / size) - first + 1;
  if (!(span > 0 && span <= 1 << 20)) return null;
  const ids = new Int32Array(span).fill(-1);
  const data = vec.column.data;
  const sel = vec.sel;
  const type = column.type;
  return (i) => {
    const v = data[sel ? (sel[i] as number) : i] as number;
    if (v !== v) return idOf(null);
    const bucket = Math.floor((v + offset) / size) - first;
    let id = ids[bucket] as number;
    if (id < 0) {
      id = idOf(binValue(v, size, type));
      ids[bucket] = id;
    }
    return id;
  };
}
