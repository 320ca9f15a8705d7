/**
 * `lookup`: the join of `left` with a (usually small) dimension table `right`, keeping every left
 * row for kind=leftouter, and without repeating the right side's key columns (Kusto's lookup).
 */
import type { ColumnSchema, QueryOp } from '../ast';
import { badQuery } from '../compile/context';
import type { Relation } from '../relation';
import { join } from './join';
import type { OperatorGuard } from './limits';

export function lookup(
  left: Relation,
  right: Relation,
  op: Extract<QueryOp, { kind: 'lookup' }>,
  guard: OperatorGuard,
): Relation {
  const joined = join(
    left,
    right,
    {
      kind: 'join',
      joinKind: op.lookupKind,
      right: op.right,
      leftKeys: op.leftKeys,
      rightKeys: op.rightKeys,
      // The join's own output: every column of both sides.
      schema: [...left.columns, ...right.columns],
      pos: op.pos,
    },
    guard,
  );
  const rightKeys = new Set(op.rightKeys);
  const vecs = joined.vecs.filter(
    (_, k) =>
      k < left.columns.length ||
      !rightKeys.has((right.columns[k - left.columns.length] as ColumnSchema).name),
  );
  if (vecs.length !== op.schema.length)
    throw badQuery('This lookup form is not supported by the embedded KQL engine', op.pos);
  return { columns: op.schema, vecs, length: joined.length, base: null };
}
