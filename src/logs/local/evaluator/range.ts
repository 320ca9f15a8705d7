/** `range x from a to b step s`: a one-column table of a, a+s, ... up to b (inclusive). */
import { badQuery } from '../compile/context';
import { ArrayVec, type Relation } from '../relation';
import type { ColumnSchema } from '../ast';
import type { Value } from '../values';
import { ROWS_PER_CHECKPOINT, checkOperatorOutput, type OperatorGuard } from './limits';

export function range(
  bounds: { readonly from: Value; readonly to: Value; readonly step: Value },
  schema: readonly ColumnSchema[],
  guard: OperatorGuard,
  pos: number,
): Relation {
  const { from, to, step } = bounds;
  if (typeof from !== 'number' || typeof to !== 'number' || typeof step !== 'number')
    throw badQuery('The from, to and step of range must be non-null constants', pos);
  if (step === 0 || !Number.isFinite(step)) throw badQuery('The step of range must not be zero', pos);
  // Values are computed as from + i × step (not by adding up steps, which drifts for reals).
  const count = (to - from) / step < 0 ? 0 : Math.floor((to - from) / step + 1e-9) + 1;
  // Checked before anything is allocated: `range x from 1 to 1e12 step 1` stops here.
  checkOperatorOutput(guard, 'range', count, 1, pos);
  const values = new Array<Value>(count);
  for (let i = 0; i < count; i++) {
    if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) guard.checkpoint();
    values[i] = from + i * step;
  }
  const column = schema[0] as ColumnSchema;
  return { columns: schema, vecs: [new ArrayVec(column.type, values)], length: count, base: null };
}
