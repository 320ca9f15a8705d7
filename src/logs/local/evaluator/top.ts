/** `sort` and `top`: Kusto's order (nulls first/last per key) and a top-N that does not sort every row. */
import type { SortKey } from '../ast';
import { compileExpr } from '../compile';
import type { EvalContext } from '../compile/context';
import { gatherRelation, type Relation } from '../relation';
import { compareValues, type ScalarType, type Value } from '../values';

export function sortKeyArrays(
  ctx: EvalContext,
  rel: Relation,
  keys: readonly SortKey[],
): { values: Value[]; key: SortKey }[] {
  return keys.map((key) => {
    const g = compileExpr(key.expr, rel, ctx);
    const values = new Array<Value>(rel.length);
    for (let i = 0; i < rel.length; i++) values[i] = g(i);
    return { values, key };
  });
}

export function sortIndices(ctx: EvalContext, rel: Relation, keys: readonly SortKey[]): Int32Array {
  const compare = rowComparator(sortKeyArrays(ctx, rel, keys));
  const idx = new Array<number>(rel.length);
  for (let i = 0; i < rel.length; i++) idx[i] = i;
  idx.sort(compare);
  return Int32Array.from(idx);
}

/** The first `count` rows in `keys` order, without sorting everything. */
export function top(ctx: EvalContext, rel: Relation, count: number, keys: readonly SortKey[]): Relation {
  if (count === 0) return gatherRelation(rel, new Int32Array(0), true);
  if (count * 4 >= rel.length) {
    const all = sortIndices(ctx, rel, keys);
    return gatherRelation(rel, all.subarray(0, Math.min(count, all.length)), false);
  }
  const [only] = keys;
  if (keys.length === 1 && only && isNumberLike(only.expr.type)) {
    return gatherRelation(rel, topByNumber(ctx, rel, count, only), false);
  }
  const compare = rowComparator(sortKeyArrays(ctx, rel, keys));
  // Bounded, sorted buffer of the best rows so far (stable: earlier rows win ties).
  const best: number[] = [];
  for (let i = 0; i < rel.length; i++) {
    if (best.length === count && compare(i, best[count - 1] as number) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(best[mid] as number, i) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, i);
    if (best.length > count) best.pop();
  }
  return gatherRelation(rel, Int32Array.from(best), false);
}

/**
 * Top `count` rows by one numeric key in O(n): quickselect the threshold value, keep the rows
 * better than it (then ties, earlier rows first), sort only those. Nulls go first or last as asked.
 */
export function topByNumber(ctx: EvalContext, rel: Relation, count: number, key: SortKey): Int32Array {
  const g = compileExpr(key.expr, rel, ctx);
  const n = rel.length;
  const keyOf = new Float64Array(n);
  const nullRows: number[] = [];
  let nonNull = 0;
  for (let i = 0; i < n; i++) {
    const v = g(i);
    if (typeof v !== 'number' || v !== v) {
      nullRows.push(i);
      keyOf[i] = NaN;
    } else {
      keyOf[i] = key.descending ? -v : v; // smaller is better
      nonNull++;
    }
  }
  const picked: number[] = key.nullsFirst ? nullRows.slice(0, count) : [];
  const wanted = Math.min(count - picked.length, nonNull);
  if (wanted > 0) {
    const values = new Float64Array(nonNull);
    let k = 0;
    for (let i = 0; i < n; i++) if (keyOf[i] === keyOf[i]) values[k++] = keyOf[i] as number;
    const threshold = wanted === nonNull ? Infinity : quickselect(values, wanted - 1);
    const chosen: number[] = [];
    let ties = 0;
    for (let i = 0; i < n; i++) if ((keyOf[i] as number) < threshold) chosen.push(i);
    for (let i = 0; i < n && chosen.length < wanted; i++) {
      if (keyOf[i] === threshold) {
        chosen.push(i);
        ties++;
      }
    }
    void ties;
    chosen.sort((a, b) => (keyOf[a] as number) - (keyOf[b] as number) || a - b);
    picked.push(...chosen.slice(0, wanted));
  }
  if (!key.nullsFirst) for (const i of nullRows) if (picked.length < count) picked.push(i);
  return Int32Array.from(picked);
}

function isNumberLike(type: ScalarType): boolean {
  return type === 'long' || type === 'int' || type === 'real' || type === 'datetime' || type === 'timespan';
}

/** The k-th smallest (0-based) of `values` (reordered in place). */
function quickselect(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

/** Kusto order: per key, nulls first/last as asked, then ascending or descending. */
function rowComparator(keys: { values: Value[]; key: SortKey }[]): (a: number, b: number) => number {
  return (a, b) => {
    for (const { values, key } of keys) {
      const x = values[a] as Value;
      const y = values[b] as Value;
      if (x === y) continue;
      if (x === null) return key.nullsFirst ? -1 : 1;
      if (y === null) return key.nullsFirst ? 1 : -1;
      const c = compareValues(x, y);
      if (c !== 0) return key.descending ? -c : c;
    }
    return 0;
  };
}
