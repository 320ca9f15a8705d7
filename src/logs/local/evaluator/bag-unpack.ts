/**
 * `evaluate bag_unpack(column [, prefix])`: the input without `column`, plus one column per
 * top-level slot of its property bags, sorted by name; a slot's column has the slot's type when
 * every (non-null) value has the same one, dynamic otherwise (the Kusto documentation's rules).
 * With an output schema, exactly its columns, the slot values converted to the declared types.
 */
import type { ColumnSchema, QueryOp } from '../ast';
import { badQuery } from '../compile/context';
import { toLong, toReal } from '../compile/convert';
import { ArrayVec, columnIndex, type Relation, type Vec } from '../relation';
import type { DynamicValue } from '../../backend';
import {
  type ScalarType,
  type Value,
  dynamicToString,
  parseDatetimeText,
  parseTimespanText,
} from '../values';
import { ROWS_PER_CHECKPOINT, checkOperatorOutput, type OperatorGuard } from './limits';

type BagUnpack = Extract<QueryOp, { kind: 'bag-unpack' }>;

export function bagUnpack(input: Relation, op: BagUnpack, guard: OperatorGuard): Relation {
  const bagIndex = columnIndex(input, op.column);
  if (bagIndex < 0) throw badQuery(`The column '${op.column}' is not available in bag_unpack`, op.pos);
  const bags = input.vecs[bagIndex] as Vec;
  const bagOf = (i: number): Readonly<Record<string, DynamicValue>> | null => {
    const v = bags.get(i);
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, DynamicValue>)
      : null;
  };
  const kept = input.columns
    .map((column, k) => ({ column, vec: input.vecs[k] as Vec }))
    .filter((_, k) => k !== bagIndex);
  const slots = op.declared ? declaredSlots(op, kept) : inferredSlots(input.length, bagOf, op.prefix, guard);
  const keptNames = new Set(kept.map((c) => c.column.name));
  const columns: ColumnSchema[] = [];
  const vecs: Vec[] = [];
  const addSlot = (slot: Slot): void => {
    const values = new Array<Value>(input.length);
    for (let i = 0; i < input.length; i++) {
      if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) guard.checkpoint();
      const bag = bagOf(i);
      values[i] = slotValue(bag ? bag[slot.key] : undefined, slot.type);
    }
    columns.push({ name: slot.name, type: slot.type });
    vecs.push(new ArrayVec(slot.type, values));
  };
  if (op.declared) {
    // Exactly the output schema, in its order: input columns by name, the rest from the slots.
    const byName = new Map(slots.map((s) => [s.name, s]));
    const keptByName = new Map(kept.map((c) => [c.column.name, c]));
    for (const column of op.schema) {
      const slot = byName.get(column.name);
      const source = keptByName.get(column.name);
      if (slot) addSlot(slot);
      else if (source) {
        columns.push(column);
        vecs.push(source.vec);
      } else
        throw badQuery(`The column '${column.name}' of the bag_unpack output schema has no source`, op.pos);
    }
  } else {
    const clashing = slots.filter((s) => keptNames.has(s.name));
    if (clashing.length > 0 && op.conflict === 'error') {
      throw badQuery(
        `bag_unpack would make a column named like an existing one (${clashing.map((s) => `'${s.name}'`).join(', ')}); ` +
          `pass columnsConflict='replace_source' or 'keep_source', or an output column prefix`,
        op.pos,
      );
    }
    const replaced =
      op.conflict === 'replace_source' ? new Set(clashing.map((s) => s.name)) : new Set<string>();
    for (const { column, vec } of kept) {
      if (replaced.has(column.name)) continue;
      columns.push(column);
      vecs.push(vec);
    }
    for (const slot of slots) if (!keptNames.has(slot.name) || replaced.has(slot.name)) addSlot(slot);
  }
  checkOperatorOutput(guard, 'bag_unpack', input.length, columns.length, op.pos);
  return { columns, vecs, length: input.length, base: null };
}

interface Slot {
  /** The property name in the bags. */
  readonly key: string;
  /** The output column's name (prefix + key). */
  readonly name: string;
  readonly type: ScalarType;
}

function declaredSlots(op: BagUnpack, kept: readonly { column: ColumnSchema }[]): Slot[] {
  const keptNames = new Set(kept.map((c) => c.column.name));
  return op.schema
    .filter((c) => !keptNames.has(c.name) && c.name.startsWith(op.prefix))
    .map((c) => ({ key: c.name.slice(op.prefix.length), name: c.name, type: c.type }));
}

function inferredSlots(
  rows: number,
  bagOf: (i: number) => Readonly<Record<string, DynamicValue>> | null,
  prefix: string,
  guard: OperatorGuard,
): Slot[] {
  const types = new Map<string, ScalarType>();
  for (let i = 0; i < rows; i++) {
    if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) guard.checkpoint();
    const bag = bagOf(i);
    if (!bag) continue;
    for (const [key, value] of Object.entries(bag)) {
      if (value === null) continue;
      const type = jsonType(value);
      const seen = types.get(key);
      if (seen === undefined) types.set(key, type);
      else if (seen !== type) types.set(key, 'dynamic');
    }
  }
  return [...types.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, type]) => ({ key, name: `${prefix}${key}`, type }));
}

function jsonType(value: DynamicValue): ScalarType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
  return 'dynamic';
}

/** A slot's value as a cell of `type` (a missing slot is null, "" for strings). */
function slotValue(value: DynamicValue | undefined, type: ScalarType): Value {
  if (value === undefined || value === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'dynamic':
      return value;
    case 'string':
      return dynamicToString(value);
    case 'long':
    case 'int':
      return toLong(value, 'dynamic');
    case 'real':
      return toReal(value, 'dynamic');
    case 'bool':
      return typeof value === 'boolean' ? value : null;
    case 'datetime':
      return typeof value === 'string' ? parseDatetimeText(value) : null;
    case 'timespan':
      return typeof value === 'string' ? (parseTimespanText(value) ?? null) : null;
  }
}
