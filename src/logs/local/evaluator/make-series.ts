/**
 * `make-series`: rows are grouped by the `by` keys into series and, within a series, into bins of
 * the axis (bin_at(axis, step, from), or bin(axis, step) without `from` and with `in range`); each
 * aggregate is computed per bin and laid out as an array over the whole axis, bins without rows
 * taking the default (0 unless `default=` says otherwise). The last column is the axis itself.
 * Without `from`/`to` the axis spans the bins that hold data across the input, so every series
 * shares one axis. Rows whose axis is null or outside the range are left out.
 */
import type { DynamicValue } from '../../backend';
import type { ColumnSchema, Expr, QueryOp } from '../ast';
import { makeAggregator } from '../aggregates';
import { compileExpr, evaluateConstant, isConstantExpr } from '../compile';
import { badQuery, type EvalContext } from '../compile/context';
import { binValue } from '../compile/convert';
import { ArrayVec, type Relation, type Vec } from '../relation';
import { datetimeText, formatTimespan, toDynamic, type ScalarType, type Value } from '../values';
import { checkOperatorOutput, ROWS_PER_CHECKPOINT, type OperatorGuard } from './limits';
import { groupKeyFunction } from './summarize';

type MakeSeriesOp = Extract<QueryOp, { kind: 'make-series' }>;

/** The docs' limit on the length of one series. */
const MAX_SERIES_LENGTH = 1 << 20;

export function makeSeries(
  ctx: EvalContext,
  rel: Relation,
  op: MakeSeriesOp,
  guard: OperatorGuard,
): Relation {
  const axisType = op.axis.type;
  const step = constantNumber(op.step, rel, ctx, 'step');
  if (step === null || !(step > 0))
    throw badQuery('The step of make-series must be a positive constant', op.step.pos);
  const axisAt = compileExpr(op.axis, rel, ctx);
  const n = rel.length;
  const from = op.from ? constantNumber(op.from, rel, ctx, 'from') : null;
  const to = op.to ? constantNumber(op.to, rel, ctx, 'to') : null;
  let start: number | null = from !== null && op.inRange ? (binValue(from, step, axisType) as number) : from;
  let last: number | null = null;
  if (start === null || to === null) {
    // The bins that hold data: the axis's range over the input.
    let first: number | null = null;
    for (let i = 0; i < n; i++) {
      const x = axisAt(i);
      if (typeof x !== 'number') continue;
      const bin =
        start === null
          ? (binValue(x, step, axisType) as number)
          : start + Math.floor((x - start) / step) * step;
      if (first === null || bin < first) first = bin;
      if (last === null || bin > last) last = bin;
    }
    start ??= first;
  }
  const length =
    start === null
      ? 0
      : to !== null
        ? op.inRange
          ? Math.floor((to - start) / step) + 1
          : Math.ceil((to - start) / step)
        : last === null
          ? 0
          : Math.floor((last - start) / step) + 1;
  if (length > MAX_SERIES_LENGTH)
    throw badQuery(
      `make-series would make series of ${length} values (at most ${MAX_SERIES_LENGTH})`,
      op.pos,
    );
  const binCount = Math.max(0, length);
  const origin = start ?? 0;

  const aggregators = op.aggregates.map((a) => makeAggregator(a.call, rel, ctx));
  const cellsOfSeries: Int32Array[] = [];
  const firstRow: number[] = [];
  let cellCount = 0;
  const newSeries = (row: number): number => {
    firstRow.push(row);
    cellsOfSeries.push(new Int32Array(binCount).fill(-1));
    checkOperatorOutput(
      guard,
      'make-series',
      firstRow.length,
      binCount * op.aggregates.length + op.by.length + 1,
      op.pos,
    );
    return firstRow.length - 1;
  };
  const seriesOf =
    op.by.length > 0
      ? groupKeyFunction(ctx, rel, op.by, newSeries)
      : (row: number) => (firstRow.length === 0 ? newSeries(row) : 0);
  for (let i = 0; i < n; i++) {
    const x = axisAt(i);
    if (typeof x === 'number') {
      const bin = Math.floor((x - origin) / step);
      if (bin >= 0 && bin < binCount) {
        const cells = cellsOfSeries[seriesOf(i)] as Int32Array;
        let cell = cells[bin] as number;
        if (cell < 0) {
          cell = cellCount++;
          cells[bin] = cell;
          for (const a of aggregators) a.newGroup();
        }
        for (const a of aggregators) a.add(cell, i);
      }
    }
    if ((i & (ROWS_PER_CHECKPOINT - 1)) === ROWS_PER_CHECKPOINT - 1) guard.checkpoint();
  }
  if (firstRow.length === 0 && op.nonEmpty && op.by.length === 0 && binCount > 0) newSeries(-1);

  const seriesCount = firstRow.length;
  const vecs: Vec[] = op.by.map((item, k) => {
    const g = compileExpr(item.expr, rel, ctx);
    return new ArrayVec(
      (op.schema[k] as ColumnSchema).type,
      firstRow.map((row) => g(row)),
    );
  });
  op.aggregates.forEach((aggregate, k) => {
    const output = aggregate.call.outputs[0];
    const elementType: ScalarType = output ? output.type : 'dynamic';
    const results = (aggregators[k]?.results(cellCount)[0] ?? []) as Value[];
    const fallback = aggregate.fallback
      ? constantValue(aggregate.fallback, rel, ctx)
      : { value: 0, type: 'long' as const };
    const fallbackElement = seriesElement(fallback.value, fallback.type);
    const series = cellsOfSeries.map((cells) => {
      const values = new Array<DynamicValue>(binCount);
      for (let b = 0; b < binCount; b++) {
        const cell = cells[b] as number;
        values[b] = cell < 0 ? fallbackElement : seriesElement(results[cell] ?? null, elementType);
      }
      return values;
    });
    vecs.push(new ArrayVec('dynamic', series));
  });
  const axisValues = new Array<DynamicValue>(binCount);
  for (let b = 0; b < binCount; b++) axisValues[b] = seriesElement(origin + b * step, axisType);
  vecs.push(new ArrayVec('dynamic', new Array<Value>(seriesCount).fill(axisValues)));
  return { columns: op.schema, vecs, length: seriesCount, base: null };
}

/** A value inside a series array: datetimes in Kusto's round-trip text (seven fraction digits, as the docs show). */
function seriesElement(value: Value, type: ScalarType): DynamicValue {
  if (value === null) return null;
  if (type === 'datetime') return datetimeText(value as number);
  if (type === 'timespan') return formatTimespan(value as number);
  return toDynamic(value, type);
}

function constantValue(expr: Expr, rel: Relation, ctx: EvalContext): { value: Value; type: ScalarType } {
  if (!isConstantExpr(expr)) throw badQuery('The default of make-series must be a constant', expr.pos);
  return { value: evaluateConstant(expr, rel, ctx), type: expr.type };
}

function constantNumber(expr: Expr, rel: Relation, ctx: EvalContext, what: string): number | null {
  const { value } = constantValue(expr, rel, ctx);
  if (value !== null && typeof value !== 'number')
    throw badQuery(`The ${what} of make-series must be a number, datetime or timespan`, expr.pos);
  return value;
}
