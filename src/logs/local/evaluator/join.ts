/** `join` of every kind the engine runs, on equality of key columns (null never matches). */
import type { QueryOp } from '../ast';
import { badQuery, type Getter } from '../compile/context';
import { ArrayVec, columnIndex, gatherRelation, type Relation, type Vec } from '../relation';
import type { Value } from '../values';
import { ROWS_PER_CHECKPOINT, checkOperatorOutput, type OperatorGuard } from './limits';

/**
 * Joins `left` with `right` (the operator's right side, already evaluated). The output is counted
 * as it is paired, so a join that multiplies rows stops at the operator limit, not out of memory.
 */
export function join(
  left: Relation,
  right: Relation,
  op: Extract<QueryOp, { kind: 'join' }>,
  guard: OperatorGuard,
): Relation {
  const columns = op.schema.length;
  let nextCheck = ROWS_PER_CHECKPOINT;
  const checkOutput = (rows: number): void => {
    checkOperatorOutput(guard, 'join', rows, columns, op.pos);
    guard.checkpoint();
    nextCheck = rows + ROWS_PER_CHECKPOINT;
  };
  const keyGetters = (rel: Relation, names: readonly string[]): Getter[] =>
    names.map((name) => {
      const index = columnIndex(rel, name);
      if (index < 0) throw badQuery(`The join key '${name}' is not a column`, op.pos);
      const vec = rel.vecs[index] as Vec;
      return (i: number) => vec.get(i);
    });
  const leftKeys = keyGetters(left, op.leftKeys);
  const rightKeys = keyGetters(right, op.rightKeys);
  const keyOf = (getters: Getter[], i: number): string | null => {
    let key = '';
    for (const g of getters) {
      const v = g(i);
      if (v === null) return null; // null never equals anything in a join
      key += tagged(v);
    }
    return key;
  };
  const rightRows = new Map<string, number[]>();
  for (let j = 0; j < right.length; j++) {
    const key = keyOf(rightKeys, j);
    if (key === null) continue;
    const list = rightRows.get(key);
    if (list) list.push(j);
    else rightRows.set(key, [j]);
  }
  const leftIdx: number[] = [];
  const rightIdx: number[] = [];
  const seenLeftKeys = new Set<string>();
  // Right rows some left row matched (for the right and full kinds).
  const matchedRight = new Uint8Array(right.length);
  const pair = (i: number, matches: readonly number[]): void => {
    if (leftIdx.length + matches.length >= nextCheck) checkOutput(leftIdx.length + matches.length);
    for (const j of matches) {
      leftIdx.push(i);
      rightIdx.push(j);
      if (j >= 0) matchedRight[j] = 1;
    }
  };
  const kind = op.joinKind;
  for (let i = 0; i < left.length; i++) {
    const key = keyOf(leftKeys, i);
    const matches = key === null ? undefined : rightRows.get(key);
    switch (kind) {
      case 'innerunique':
        if (key === null || seenLeftKeys.has(key)) continue;
        seenLeftKeys.add(key);
        if (matches) pair(i, matches);
        break;
      case 'inner':
      case 'rightouter':
      case 'rightsemi':
      case 'rightanti':
        if (matches) pair(i, matches);
        break;
      case 'leftouter':
      case 'fullouter':
        if (matches) pair(i, matches);
        else pair(i, NO_MATCH);
        break;
      case 'leftsemi':
        if (matches) leftIdx.push(i);
        break;
      case 'leftanti':
        if (!matches) leftIdx.push(i);
        break;
    }
    // Semi and anti joins never multiply rows, but a long left side still needs the clock read.
    if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) guard.checkpoint();
  }
  if (kind === 'rightsemi' || kind === 'rightanti') {
    // Right rows only, once each, in their own order.
    const wanted = kind === 'rightsemi' ? 1 : 0;
    const idx: number[] = [];
    for (let j = 0; j < right.length; j++) if (matchedRight[j] === wanted) idx.push(j);
    const vecs = gatherRelation(right, Int32Array.from(idx), true).vecs;
    if (vecs.length !== op.schema.length)
      throw badQuery('This join form is not supported by the embedded KQL engine', op.pos);
    return { columns: op.schema, vecs, length: idx.length, base: null };
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (let j = 0; j < right.length; j++) {
      if (matchedRight[j] === 1) continue;
      leftIdx.push(-1);
      rightIdx.push(j);
      if (leftIdx.length >= nextCheck) checkOutput(leftIdx.length);
    }
  }
  checkOperatorOutput(guard, 'join', leftIdx.length, columns, op.pos);
  const leftPart =
    kind === 'rightouter' || kind === 'fullouter'
      ? left.vecs.map((v) => gatherNullable(v, leftIdx))
      : gatherRelation(left, Int32Array.from(leftIdx), true).vecs;
  const rightPart =
    kind === 'leftsemi' || kind === 'leftanti' ? [] : right.vecs.map((v) => gatherNullable(v, rightIdx));
  const vecs = [...leftPart, ...rightPart];
  if (vecs.length !== op.schema.length)
    throw badQuery('This join form is not supported by the embedded KQL engine', op.pos);
  return { columns: op.schema, vecs, length: leftIdx.length, base: null };
}

const NO_MATCH: readonly number[] = [-1];

/** Rows `idx` of a vector, where -1 gives null ("" for strings). */
function gatherNullable(vec: Vec, idx: readonly number[]): Vec {
  const empty: Value = vec.type === 'string' ? '' : null;
  const values = new Array<Value>(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i] as number;
    values[i] = j < 0 ? empty : vec.get(j);
  }
  return new ArrayVec(vec.type, values);
}

/** A string that identifies a value and its kind (for composite keys). */
function tagged(v: Value): string {
  if (v === null) return 'n\u0001';
  switch (typeof v) {
    case 'string':
      return `s${v}\u0001`;
    case 'number':
      return `d${v}\u0001`;
    case 'boolean':
      return v ? 't\u0001' : 'f\u0001';
    default:
      return `o${JSON.stringify(v)}\u0001`;
  }
}
