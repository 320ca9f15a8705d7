/**
 * `mv-apply`: each input row's elements are expanded into a sub-table (as mv-expand would), the
 * subquery runs over it, and each result row gets the input row's other columns. The expansion
 * runs once for all rows; each row's sub-table is a slice of it.
 */
import type { ColumnSchema, QueryOp } from '../ast';
import type { EvalContext } from '../compile/context';
import { ArrayVec, columnIndex, gatherRelation, type Relation, type Vec } from '../relation';
import { rangeList } from '../row-sets';
import type { Value } from '../values';
import { checkOperatorOutput, type OperatorGuard } from './limits';
import { expandRows } from './mv-expand';

type MvApplyOp = Extract<QueryOp, { kind: 'mv-apply' }>;

/** What mv-apply needs of the query runner: running the subquery's operators over a sub-table. */
export interface SubqueryRunner extends EvalContext {
  runOperators(input: Relation, ops: readonly QueryOp[]): Relation;
}

/** Rows between two checkpoints: a subquery per row costs far more than a row of a loop. */
const ROWS_PER_SUBQUERY_CHECK = 256;

export function mvApply(
  runner: SubqueryRunner,
  rel: Relation,
  op: MvApplyOp,
  guard: OperatorGuard,
): Relation {
  const { relation: expanded, sourceRows } = expandRows(
    runner,
    rel,
    op,
    op.subSchema,
    guard,
    'mv-apply',
    op.pos,
  );
  const outputs: Value[][] = op.schema.map(() => []);
  let start = 0;
  for (let i = 0; i < rel.length; i++) {
    let end = start;
    while (end < sourceRows.length && sourceRows[end] === i) end++;
    const sub = gatherRelation(expanded, rangeList(start, end), true);
    start = end;
    const result = runner.runOperators(sub, op.subquery);
    appendRows(outputs, op.schema, result, rel, i);
    if (i % ROWS_PER_SUBQUERY_CHECK === ROWS_PER_SUBQUERY_CHECK - 1) {
      checkOperatorOutput(guard, 'mv-apply', (outputs[0] ?? []).length, op.schema.length, op.pos);
      guard.checkpoint();
    }
  }
  checkOperatorOutput(guard, 'mv-apply', (outputs[0] ?? []).length, op.schema.length, op.pos);
  const vecs = op.schema.map((c, k) => new ArrayVec(c.type, outputs[k] as Value[]));
  return { columns: op.schema, vecs, length: (outputs[0] ?? []).length, base: null };
}

/** The subquery's rows of input row `row`, each column from the result or else from the input row. */
function appendRows(
  outputs: Value[][],
  schema: readonly ColumnSchema[],
  result: Relation,
  input: Relation,
  row: number,
): void {
  schema.forEach((column, k) => {
    const out = outputs[k] as Value[];
    const fromResult = columnIndex(result, column.name);
    if (fromResult >= 0) {
      const vec = result.vecs[fromResult] as Vec;
      for (let j = 0; j < result.length; j++) out.push(vec.get(j));
      return;
    }
    const fromInput = columnIndex(input, column.name);
    const value = fromInput >= 0 ? (input.vecs[fromInput] as Vec).get(row) : null;
    for (let j = 0; j < result.length; j++) out.push(value);
  });
}
