/**
 * `top-nested`: level by level, each partition of the previous level (all rows at first) is
 * grouped by the level's expression, the groups ranked by the level's aggregate (descending unless
 * `asc`, nulls last, ties in first-seen order) and the top N kept, each a partition for the next
 * level. `with others=C` adds, per partition, a row with C and the aggregate over the groups past
 * the top N; that row ends its branch, so the deeper levels' columns are null there. Rows come out
 * depth first: each partition followed by what it nests.
 */
import type { ColumnSchema, Expr, QueryOp } from '../ast';
import { makeAggregator, type Aggregator } from '../aggregates';
import { compileExpr, evaluateConstant, isConstantExpr } from '../compile';
import { badQuery, type EvalContext } from '../compile/context';
import { ArrayVec, type Relation } from '../relation';
import { compareValues, valueKey, type Value } from '../values';
import { checkOperatorOutput, ROWS_PER_CHECKPOINT, type OperatorGuard } from './limits';

type TopNestedOp = Extract<QueryOp, { kind: 'top-nested' }>;

/** A partition and the values that chose it; `rows` null once an others row ended the branch. */
interface Branch {
  readonly rows: readonly number[] | null;
  readonly values: Value[];
}

export function topNested(ctx: EvalContext, rel: Relation, op: TopNestedOp, guard: OperatorGuard): Relation {
  const all: number[] = [];
  for (let i = 0; i < rel.length; i++) all.push(i);
  let branches: Branch[] = [{ rows: all, values: [] }];
  for (const level of op.levels) {
    const limit = level.count ? constantCount(level.count, rel, ctx) : Infinity;
    const keyAt = compileExpr(level.of.expr, rel, ctx);
    const aggregator = makeAggregator(level.aggregate, rel, ctx);
    const groupValue: Value[] = [];
    const groupRows: number[][] = [];
    const groupsOfBranch = branches.map((branch) => {
      const ids = new Map<Value, number>();
      const groups: number[] = [];
      const rows = branch.rows ?? [];
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r] as number;
        const value = keyAt(row);
        const key = valueKey(value);
        let group = ids.get(key);
        if (group === undefined) {
          group = groupValue.length;
          ids.set(key, group);
          groups.push(group);
          groupValue.push(value);
          groupRows.push([]);
          aggregator.newGroup();
        }
        aggregator.add(group, row);
        (groupRows[group] as number[]).push(row);
        if ((r & (ROWS_PER_CHECKPOINT - 1)) === ROWS_PER_CHECKPOINT - 1) guard.checkpoint();
      }
      return groups;
    });
    const results = aggregator.results(groupValue.length)[0] as Value[];
    const others = level.others ? othersRows(level.others, level.aggregate, rel, ctx) : null;
    const next: Branch[] = [];
    const pending: { branch: Branch; group: number }[] = [];
    branches.forEach((branch, b) => {
      if (branch.rows === null) {
        next.push({ rows: null, values: [...branch.values, null, null] });
        return;
      }
      const ranked = rank(groupsOfBranch[b] as number[], results, level.descending);
      for (const group of ranked.slice(0, limit))
        next.push({
          rows: groupRows[group] as number[],
          values: [...branch.values, groupValue[group] as Value, results[group] as Value],
        });
      const rest = ranked.slice(limit);
      if (others && rest.length > 0) {
        const group = others.newGroup(rest.flatMap((g) => groupRows[g] as number[]));
        const values = [...branch.values, others.value, null];
        const row: Branch = { rows: null, values };
        next.push(row);
        pending.push({ branch: row, group });
      }
    });
    if (others) {
      const totals = others.results();
      for (const { branch, group } of pending)
        branch.values[branch.values.length - 1] = totals[group] as Value;
    }
    checkOperatorOutput(guard, 'top-nested', next.length, op.schema.length, op.pos);
    guard.checkpoint();
    branches = next;
  }
  const vecs = op.schema.map(
    (column: ColumnSchema, k) =>
      new ArrayVec(
        column.type,
        branches.map((branch) => {
          const value = branch.values[k] ?? null;
          return value === null && column.type === 'string' ? '' : value;
        }),
      ),
  );
  return { columns: op.schema, vecs, length: branches.length, base: null };
}

/** Groups by their aggregate: descending (or ascending), nulls last, ties in first-seen order. */
function rank(groups: readonly number[], results: readonly Value[], descending: boolean): number[] {
  return [...groups].sort((a, b) => {
    const x = results[a] ?? null;
    const y = results[b] ?? null;
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    const c = compareValues(x, y);
    return (descending ? -c : c) || a - b;
  });
}

/** The `with others` rows of one level: one aggregate group per partition, over its groups past the top N. */
function othersRows(
  valueExpr: Expr,
  call: TopNestedOp['levels'][number]['aggregate'],
  rel: Relation,
  ctx: EvalContext,
): { value: Value; newGroup(rows: readonly number[]): number; results(): Value[] } {
  if (!isConstantExpr(valueExpr))
    throw badQuery('The value of top-nested ... with others= must be a constant', valueExpr.pos);
  const value = evaluateConstant(valueExpr, rel, ctx);
  const aggregator: Aggregator = makeAggregator(call, rel, ctx);
  let groups = 0;
  return {
    value,
    newGroup(rows) {
      const group = groups++;
      aggregator.newGroup();
      for (const row of rows) aggregator.add(group, row);
      return group;
    },
    results: () => aggregator.results(groups)[0] as Value[],
  };
}

function constantCount(expr: Expr, rel: Relation, ctx: EvalContext): number {
  if (!isConstantExpr(expr)) throw badQuery('The count of top-nested must be a constant', expr.pos);
  const value = evaluateConstant(expr, rel, ctx);
  if (typeof value !== 'number' || value < 0)
    throw badQuery('The count of top-nested must be a non-negative number', expr.pos);
  return Math.floor(value);
}
