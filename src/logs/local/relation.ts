/**
 * Intermediate results of a query: a {@link Relation} is a list of named, typed column vectors.
 * Vectors over stored table columns are views through a selection of row ids (no copy); computed
 * columns are plain arrays.
 */
import type { ColumnSchema } from './ast';
import { StoredColumn, StoredTable, StringColumn } from './table';
import type { ScalarType, Value } from './values';

export interface Vec {
  readonly type: ScalarType;
  readonly length: number;
  get(i: number): Value;
}

/** A stored column seen through `sel` (row ids), or directly when `sel` is null. */
export class BaseVec implements Vec {
  readonly type: ScalarType;
  constructor(
    readonly column: StoredColumn,
    readonly sel: Int32Array | null,
    readonly length: number,
  ) {
    this.type = column.type;
  }
  get(i: number): Value {
    return this.column.get(this.sel ? (this.sel[i] as number) : i);
  }
  /** Row id of logical row `i`. */
  row(i: number): number {
    return this.sel ? (this.sel[i] as number) : i;
  }
}

/**
 * Values computed from the dictionary code of a stored string column (e.g. `DeviceId =
 * tostring(parse_json(properties_s).deviceId)` when properties_s is dictionary-encoded): each
 * distinct code is computed once, on first use, and shared by every row holding it.
 */
export class DerivedVec implements Vec {
  constructor(
    readonly type: ScalarType,
    readonly column: StringColumn,
    readonly sel: Int32Array | null,
    readonly length: number,
    readonly source: DerivedSource,
  ) {}
  get(i: number): Value {
    const code = this.column.codes[this.sel ? (this.sel[i] as number) : i] as number;
    return this.source.valueOfCode(code);
  }
}

/** Per-code values of a {@link DerivedVec}, memoized (shared by every view of the same computation). */
export class DerivedSource {
  /**
   * Sized up front: codes arrive in row order, not code order, and writes far past the end of a
   * growing array turn it into a slow dictionary-mode array.
   */
  private readonly memo: (Value | undefined)[];
  constructor(
    private readonly compute: (code: number) => Value,
    codeCount: number,
  ) {
    this.memo = new Array<Value | undefined>(codeCount);
  }
  valueOfCode(code: number): Value {
    let v = this.memo[code];
    if (v === undefined) {
      v = this.compute(code);
      this.memo[code] = v;
    }
    return v;
  }
}

/**
 * The dictionary entries of a coded vector, indexed by code: what an expression over that one
 * column is evaluated on to compute per-code values.
 */
export class DictEntriesVec implements Vec {
  constructor(
    readonly type: ScalarType,
    readonly coded: CodedView,
  ) {}
  get length(): number {
    return this.coded.column.dict.length;
  }
  get(code: number): Value {
    return this.coded.valueOfCode(code);
  }
}

/** A vector whose values depend only on the dictionary code of a stored string column. */
export interface CodedView {
  readonly column: StringColumn;
  readonly sel: Int32Array | null;
  /** The stored column itself (its raw dictionary values), not a value derived from it. */
  readonly raw: boolean;
  valueOfCode(code: number): Value;
}

/** The coded view of a vector, if it has one. */
export function codedView(vec: Vec | undefined): CodedView | null {
  if (vec instanceof BaseVec && vec.column instanceof StringColumn && vec.column.isDictionary) {
    const dict = vec.column.dict;
    return { column: vec.column, sel: vec.sel, raw: true, valueOfCode: (code) => dict[code] as string };
  }
  if (vec instanceof DerivedVec) {
    const source = vec.source;
    return { column: vec.column, sel: vec.sel, raw: false, valueOfCode: (code) => source.valueOfCode(code) };
  }
  return null;
}

export class ArrayVec implements Vec {
  constructor(
    readonly type: ScalarType,
    readonly values: Value[],
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): Value {
    const v = this.values[i];
    return v === undefined ? null : v;
  }
}

export class ConstVec implements Vec {
  constructor(
    readonly type: ScalarType,
    readonly value: Value,
    readonly length: number,
  ) {}
  get(): Value {
    return this.value;
  }
}

export interface Relation {
  readonly columns: readonly ColumnSchema[];
  readonly vecs: readonly Vec[];
  readonly length: number;
  /**
   * Set when every vector is a stored column of `table` seen through the same `sel` (sorted row
   * ids, null = all rows): filters on such a relation can use the table's indexes.
   */
  readonly base: { readonly table: StoredTable; readonly sel: Int32Array | null } | null;
}

export function tableRelation(table: StoredTable, columns: readonly ColumnSchema[]): Relation {
  const vecs = columns.map((c) => {
    const column = table.column(c.name);
    if (!column) throw new Error(`table ${table.name} has no column ${c.name}`);
    return new BaseVec(column, null, table.rowCount);
  });
  return { columns, vecs, length: table.rowCount, base: { table, sel: null } };
}

function composeSel(sel: Int32Array | null, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  if (sel) for (let i = 0; i < idx.length; i++) out[i] = sel[idx[i] as number] as number;
  else out.set(idx);
  return out;
}

/** The rows `idx` (indexes into `rel`) of every vector. */
export function gatherVec(vec: Vec, idx: Int32Array): Vec {
  if (vec instanceof BaseVec) {
    const sel = new Int32Array(idx.length);
    if (vec.sel) {
      const from = vec.sel;
      for (let i = 0; i < idx.length; i++) sel[i] = from[idx[i] as number] as number;
    } else sel.set(idx);
    return new BaseVec(vec.column, sel, idx.length);
  }
  if (vec instanceof ConstVec) return new ConstVec(vec.type, vec.value, idx.length);
  if (vec instanceof DerivedVec)
    return new DerivedVec(vec.type, vec.column, composeSel(vec.sel, idx), idx.length, vec.source);
  const out = new Array<Value>(idx.length);
  if (vec instanceof ArrayVec) {
    const values = vec.values;
    for (let i = 0; i < idx.length; i++) {
      const v = values[idx[i] as number];
      out[i] = v === undefined ? null : v;
    }
  } else {
    for (let i = 0; i < idx.length; i++) out[i] = vec.get(idx[i] as number);
  }
  return new ArrayVec(vec.type, out);
}

/**
 * Keeps rows `idx` of `rel`. `sortedSubset` says idx is increasing, which keeps a base relation's
 * selection sorted (so it stays usable with the indexes).
 */
export function gatherRelation(rel: Relation, idx: Int32Array, sortedSubset: boolean): Relation {
  // Vectors over stored columns usually share one selection: compose it once.
  const composed = new Map<Int32Array | null, Int32Array>();
  const compose = (sel: Int32Array | null): Int32Array => {
    let out = composed.get(sel);
    if (!out) {
      out = new Int32Array(idx.length);
      if (sel) for (let i = 0; i < idx.length; i++) out[i] = sel[idx[i] as number] as number;
      else out.set(idx);
      composed.set(sel, out);
    }
    return out;
  };
  const vecs = rel.vecs.map((v) =>
    v instanceof BaseVec
      ? new BaseVec(v.column, compose(v.sel), idx.length)
      : v instanceof DerivedVec
        ? new DerivedVec(v.type, v.column, compose(v.sel), idx.length, v.source)
        : gatherVec(v, idx),
  );
  const base = rel.base && sortedSubset ? { table: rel.base.table, sel: compose(rel.base.sel) } : null;
  return { columns: rel.columns, vecs, length: idx.length, base };
}

/** A base relation restricted to `rows` (sorted row ids of its table). */
export function withSelection(rel: Relation, rows: Int32Array): Relation {
  if (!rel.base) throw new Error('withSelection needs a base relation');
  const vecs = rel.vecs.map((v) => new BaseVec((v as BaseVec).column, rows, rows.length));
  return { columns: rel.columns, vecs, length: rows.length, base: { table: rel.base.table, sel: rows } };
}

export function columnIndex(rel: Relation, name: string): number {
  for (let i = 0; i < rel.columns.length; i++) if ((rel.columns[i] as ColumnSchema).name === name) return i;
  return -1;
}
