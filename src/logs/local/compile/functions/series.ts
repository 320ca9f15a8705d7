/**
 * The `series_*` basics used with make-series: element-wise arithmetic (series_add, _subtract,
 * _multiply, _divide), statistics (series_stats_dynamic) and the fills of missing values
 * (series_fill_const, _forward, _backward, _linear). A series is a dynamic array of numbers; a
 * non-numeric or missing element is null in the result (the docs), and so is a non-finite one,
 * since a dynamic array holds JSON numbers.
 */
import type { Relation } from '../../relation';
import type { Value } from '../../values';
import { type CallExpr, callParts } from '../call';
import type { EvalContext, Getter } from '../context';

export const SERIES_FUNCTIONS: readonly string[] = [
  'series_add',
  'series_subtract',
  'series_multiply',
  'series_divide',
  'series_stats_dynamic',
  // A tuple: extend / project read it as fields of series_stats_dynamic (kusto/series-stats.ts).
  'series_stats',
  'series_fill_const',
  'series_fill_forward',
  'series_fill_backward',
  'series_fill_linear',
];

const ARITHMETIC: ReadonlyMap<string, (a: number, b: number) => number> = new Map([
  ['series_add', (a: number, b: number) => a + b],
  ['series_subtract', (a: number, b: number) => a - b],
  ['series_multiply', (a: number, b: number) => a * b],
  ['series_divide', (a: number, b: number) => a / b],
]);

/** Compiles a call of one of the series functions; undefined when `expr` calls another function. */
export function compileSeriesCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter | undefined {
  const { name, args, arg } = callParts(expr, rel, ctx);
  const optional = (k: number, fallback: Value): Getter => (args[k] ? arg(k) : () => fallback);
  const arithmetic = ARITHMETIC.get(name);
  if (arithmetic) {
    const left = arg(0);
    const right = arg(1);
    return (i) => elementWise(left(i), right(i), arithmetic);
  }
  switch (name) {
    case 'series_stats_dynamic': {
      const series = arg(0);
      const ignoreNonFinite = optional(1, false);
      return (i) => seriesStats(series(i), ignoreNonFinite(i) === true);
    }
    case 'series_fill_const': {
      const series = arg(0);
      const constant = optional(1, 0);
      const missing = optional(2, null);
      return (i) => mapSeries(series(i), (values) => fillConst(values, constant(i), missing(i)));
    }
    case 'series_fill_forward':
    case 'series_fill_backward': {
      const series = arg(0);
      const missing = optional(1, null);
      const backward = name === 'series_fill_backward';
      return (i) => mapSeries(series(i), (values) => fillCarry(values, missing(i), backward));
    }
    case 'series_fill_linear': {
      const series = arg(0);
      const missing = optional(1, null);
      const fillEdges = optional(2, true);
      const constant = optional(3, 0);
      return (i) =>
        mapSeries(series(i), (values) => fillLinear(values, missing(i), fillEdges(i) !== false, constant(i)));
    }
    default:
      return undefined;
  }
}

function finite(v: Value): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Two series element by element (a number is broadcast); the result is as long as the longer one. */
function elementWise(a: Value, b: Value, op: (x: number, y: number) => number): Value {
  const left = Array.isArray(a) ? (a as Value[]) : typeof a === 'number' ? null : undefined;
  const right = Array.isArray(b) ? (b as Value[]) : typeof b === 'number' ? null : undefined;
  if (left === undefined || right === undefined || (left === null && right === null)) return null;
  const length = Math.max(left?.length ?? 0, right?.length ?? 0);
  const out = new Array<Value>(length);
  for (let k = 0; k < length; k++) {
    const x = left ? left[k] : a;
    const y = right ? right[k] : b;
    const r = typeof x === 'number' && typeof y === 'number' ? op(x, y) : null;
    out[k] = r !== null && Number.isFinite(r) ? r : null;
  }
  return out;
}

function mapSeries(series: Value, fill: (values: readonly Value[]) => Value[]): Value {
  return Array.isArray(series) ? fill(series as Value[]) : null;
}

function isMissing(v: Value, missing: Value): boolean {
  return missing === null ? v === null || v === undefined : v === missing;
}

function fillConst(values: readonly Value[], constant: Value, missing: Value): Value[] {
  return values.map((v) => (isMissing(v, missing) ? constant : v));
}

/** series_fill_forward / _backward: a missing value takes the last (next) present one; edges with none stay. */
function fillCarry(values: readonly Value[], missing: Value, backward: boolean): Value[] {
  const out = [...values];
  let carried: Value | undefined;
  for (let n = 0; n < out.length; n++) {
    const k = backward ? out.length - 1 - n : n;
    const v = out[k] as Value;
    if (!isMissing(v, missing)) carried = v;
    else if (carried !== undefined) out[k] = carried;
  }
  return out;
}

/**
 * series_fill_linear: each run of missing values between two present ones is interpolated; the
 * runs at the edges take the nearest present value (unless fill_edges is false); a series with
 * nothing present is all `constant`. (Kusto rounds the interpolation of an all-integer series; a
 * dynamic array here can't tell 111 from 111.0, so the engine keeps the exact value.)
 */
function fillLinear(values: readonly Value[], missing: Value, fillEdges: boolean, constant: Value): Value[] {
  const present: number[] = [];
  values.forEach((v, k) => {
    if (!isMissing(v, missing) && typeof v === 'number') present.push(k);
  });
  if (present.length === 0) return values.map(() => constant);
  const out = [...values];
  const first = present[0] as number;
  const last = present[present.length - 1] as number;
  for (let k = 0; k < out.length; k++) {
    if (!isMissing(out[k] as Value, missing)) continue;
    if (k < first || k > last) {
      if (fillEdges) out[k] = values[k < first ? first : last] as Value;
      continue;
    }
    let before = k - 1;
    while (isMissing(values[before] as Value, missing)) before--;
    let after = k + 1;
    while (isMissing(values[after] as Value, missing)) after++;
    const a = values[before] as number;
    const b = values[after] as number;
    out[k] = a + ((b - a) * (k - before)) / (after - before);
  }
  return out;
}

/** series_stats_dynamic: min, max (first positions), avg, sample variance and stdev, sum, len. */
function seriesStats(series: Value, ignoreNonFinite: boolean): Value {
  if (!Array.isArray(series)) return null;
  const values = series as Value[];
  const numbers = values.filter(finite);
  const none = {
    min: null,
    min_idx: null,
    max: null,
    max_idx: null,
    avg: null,
    stdev: null,
    variance: null,
    sum: null,
  };
  if (numbers.length === 0 || (!ignoreNonFinite && numbers.length !== values.length))
    return { ...none, len: values.length };
  let minIdx = -1;
  let maxIdx = -1;
  let sum = 0;
  values.forEach((v, k) => {
    if (!finite(v)) return;
    sum += v;
    if (minIdx < 0 || v < (values[minIdx] as number)) minIdx = k;
    if (maxIdx < 0 || v > (values[maxIdx] as number)) maxIdx = k;
  });
  const n = numbers.length;
  const avg = sum / n;
  const squares = numbers.reduce((s, v) => s + (v - avg) * (v - avg), 0);
  const variance = n > 1 ? squares / (n - 1) : 0;
  return {
    min: values[minIdx] as number,
    min_idx: minIdx,
    max: values[maxIdx] as number,
    max_idx: maxIdx,
    avg,
    stdev: Math.sqrt(variance),
    variance,
    sum,
    len: values.length,
  };
}
