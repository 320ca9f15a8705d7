/**
 * `mv-expand`: each input row becomes one row per element of its arrays or bags, expanded in
 * parallel (the longest one sets the row count; shorter ones give null past their end). A null
 * value gives one row (null), an empty array or bag none, any other scalar one row (itself). The
 * rows are produced under the operator limits, checked as they grow, so an expansion that would
 * not fit in memory stops with the limit error instead of exhausting the heap.
 */
import type { ColumnSchema, QueryOp } from '../ast';
import type { Expansion } from '../ast-reshaping';
import { compileExpr } from '../compile';
import { badQuery, type EvalContext } from '../compile/context';
import { ArrayVec, columnIndex, gatherVec, type Relation, type Vec } from '../relation';
import { IntBuffer } from '../row-sets';
import {
  dynamicToString,
  parseDatetimeText,
  parseTimespanText,
  type ScalarType,
  type Value,
} from '../values';
import { checkOperatorOutput, ROWS_PER_CHECKPOINT, type OperatorGuard } from './limits';

type MvExpandOp = Extract<QueryOp, { kind: 'mv-expand' }>;

export function mvExpand(ctx: EvalContext, rel: Relation, op: MvExpandOp, guard: OperatorGuard): Relation {
  return expandRows(ctx, rel, op, op.schema, guard, 'mv-expand', op.pos).relation;
}

/**
 * The expansion of every row of `rel` under `schema`, and for each output row the input row it
 * came from (mv-apply cuts the result into each row's sub-table by it).
 */
export function expandRows(
  ctx: EvalContext,
  rel: Relation,
  expansion: Expansion,
  schema: readonly ColumnSchema[],
  guard: OperatorGuard,
  operator: string,
  position: number,
): { relation: Relation; sourceRows: Int32Array } {
  const getters = expansion.items.map((item) => compileExpr(item.expr, rel, ctx));
  const sourceRows = new IntBuffer(Math.max(16, rel.length));
  const indexes: number[] = [];
  const elements: Value[][] = expansion.items.map(() => []);
  const n = rel.length;
  for (let i = 0; i < n; i++) {
    let count = 0;
    const lists = getters.map((g) => {
      const list = elementsOf(g(i), expansion.bagAsArray);
      if (list.length > count) count = list.length;
      return list;
    });
    count = Math.min(count, expansion.rowLimit);
    for (let k = 0; k < count; k++) {
      sourceRows.push(i);
      indexes.push(k);
      lists.forEach((list, j) => {
        const item = expansion.items[j] as Expansion['items'][number];
        (elements[j] as Value[]).push(castElement(k < list.length ? (list[k] as Value) : null, item.type));
      });
    }
    if ((i & (ROWS_PER_CHECKPOINT - 1)) === ROWS_PER_CHECKPOINT - 1 || i === n - 1) {
      checkOperatorOutput(guard, operator, sourceRows.length, schema.length, position);
      guard.checkpoint();
    }
  }
  const rows = sourceRows.toArray();
  const expanded = new Map<string, Vec>();
  expansion.items.forEach((item, j) =>
    expanded.set(item.name, new ArrayVec(item.type, elements[j] as Value[])),
  );
  if (expansion.indexColumn !== null) expanded.set(expansion.indexColumn, new ArrayVec('long', indexes));
  const vecs = schema.map((column) => {
    const vec = expanded.get(column.name);
    if (vec) return vec;
    const index = columnIndex(rel, column.name);
    if (index < 0) throw badQuery(`The column '${column.name}' is not available in ${operator}`, position);
    return gatherVec(rel.vecs[index] as Vec, rows);
  });
  return { relation: { columns: schema, vecs, length: rows.length, base: null }, sourceRows: rows };
}

/** The elements one dynamic value expands to. */
function elementsOf(value: Value, bagAsArray: boolean): readonly Value[] {
  if (value === null) return [null];
  if (Array.isArray(value)) return value as Value[];
  if (typeof value === 'object') {
    return Object.entries(value).map(([key, v]) => (bagAsArray ? [key, v] : { [key]: v }) as Value);
  }
  return [value];
}

/**
 * `to typeof(T)` is a cast, not a conversion: an element that isn't a T is null (a string column
 * takes the text of any scalar, as tostring() would; datetimes and timespans in dynamic values
 * are text, so they are read back from it).
 */
function castElement(value: Value, type: ScalarType): Value {
  if (value === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'dynamic':
      return value;
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : dynamicToString(value);
    case 'long':
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'real':
      return typeof value === 'number' ? value : null;
    case 'bool':
      return typeof value === 'boolean' ? value : null;
    case 'datetime':
      return typeof value === 'string' ? parseDatetimeText(value) : null;
    case 'timespan':
      return typeof value === 'string' ? (parseTimespanText(value) ?? null) : null;
  }
}
