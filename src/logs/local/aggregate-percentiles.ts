/**
 * percentile(), percentiles() and percentiles_array(): the nearest-rank percentile the Kusto docs
 * define. The P-th percentile (0 < P <= 100) of N ordered values is the value at 1-based rank
 * ceil(P / 100 * N); the 0-th is the smallest. Log Analytics estimates it with a T-Digest, whose
 * answer is a member of the population only approximately; the engine keeps every value of a
 * group and answers exactly, which is what the estimate approximates (and what small groups get
 * from Log Analytics too).
 */
import type { Aggregator } from './aggregates';
import type { Getter } from './compile/context';
import { toDynamic, type ScalarType, type Value } from './values';

/** How the percentiles come out: one column each (percentile, percentiles) or one array (percentiles_array). */
export type PercentilesShape = 'columns' | 'array';

/** 0-based index of the nearest-rank `percent`-th percentile among `count` ordered values. */
export function nearestRankIndex(percent: number, count: number): number {
  const rank = Math.ceil((percent / 100) * count);
  return Math.min(count, Math.max(1, rank)) - 1;
}

export function percentilesAggregator(
  value: Getter,
  type: ScalarType,
  percents: readonly number[],
  shape: PercentilesShape,
): Aggregator {
  // Every type percentile() takes (int, long, real, datetime, timespan) is a number in the engine,
  // so each group's values sort as a Float64Array (numeric order, ~10x faster than comparing Values).
  const groups: number[][] = [];
  return {
    newGroup: () => groups.push([]),
    add: (g, i) => {
      const v = value(i);
      // Nulls are ignored, as by every aggregate; NaN has no rank.
      if (typeof v !== 'number' || Number.isNaN(v)) return;
      (groups[g] as number[]).push(v);
    },
    results: (n) => {
      const columns: Value[][] = percents.map(() => new Array<Value>(n));
      const arrays: Value[] = new Array<Value>(n);
      for (let g = 0; g < n; g++) {
        const values = Float64Array.from(groups[g] as number[]).sort();
        const picked = percents.map((p) =>
          values.length === 0 ? null : (values[nearestRankIndex(p, values.length)] as number),
        );
        if (shape === 'array') arrays[g] = values.length === 0 ? null : picked.map((v) => toDynamic(v, type));
        else picked.forEach((v, k) => ((columns[k] as Value[])[g] = v));
      }
      return shape === 'array' ? [arrays] : columns;
    },
  };
}
