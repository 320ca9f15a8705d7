/**
 * Runs a parsed query: `let` statements, tabular sources and the pipeline of operators, over
 * {@link Relation}s. `where` on stored tables goes through the planner (`planner.ts`); everything
 * else is columnar loops over compiled expressions (`compile.ts`).
 */
import type { LogsTable } from '../backend';
import type { KnownTableName } from '../schema';
import { makeAggregator } from './aggregates';
import {
  type AggregateCall,
  type ColumnSchema,
  type Expr,
  type NamedExpr,
  type ParsedQuery,
  type QueryOp,
  type SortKey,
  type TabularExpr,
} from './ast';
import {
  badQuery,
  binValue,
  codedInput,
  compileExpr,
  evaluateConstant,
  isConstantExpr,
  type Coded,
  type EvalContext,
  type Getter,
} from './compile';
import { filterBase } from './planner';
import {
  ArrayVec,
  BaseVec,
  ConstVec,
  DerivedSource,
  DerivedVec,
  columnIndex,
  gatherRelation,
  tableRelation,
  type Relation,
  type Vec,
} from './relation';
import { NumberColumn, type StoredTable } from './table';
import { EPOCH_OFFSET_MS, compareValues, toCell, valueKey, type ScalarType, type Value } from './values';

export interface RunOptions {
  /** now() / ago() reference, epoch ms. */
  readonly now: number;
  /** Restricts TimeGenerated of every table the query reads (the API `timespan`). */
  readonly timeRange: { readonly start: number; readonly end: number } | null;
  /** Called between operators; throws to stop the query (abort, timeout). */
  readonly checkpoint: () => void;
}

interface LetTable {
  readonly expr: TabularExpr;
  value: Relation | undefined;
}

export class QueryRunner implements EvalContext {
  readonly now: number;
  readonly vars = new Map<string, Value>();
  readonly parseCache = new Map<string, Value>();
  private readonly tableVars = new Map<string, LetTable>();
  private readonly emptyRelation: Relation = { columns: [], vecs: [], length: 1, base: null };

  constructor(
    private readonly tables: ReadonlyMap<KnownTableName, StoredTable>,
    private readonly options: RunOptions,
  ) {
    this.now = options.now;
  }

  run(query: ParsedQuery): LogsTable[] {
    const results: LogsTable[] = [];
    for (const statement of query.statements) {
      this.options.checkpoint();
      switch (statement.kind) {
        case 'let-scalar':
          if (!isConstantExpr(statement.expr))
            throw badQuery(`The value of '${statement.name}' must not depend on table rows`, statement.pos);
          this.vars.set(statement.name, evaluateConstant(statement.expr, this.emptyRelation, this));
          this.tableVars.delete(statement.name);
          break;
        case 'let-tabular':
          this.tableVars.set(statement.name, { expr: statement.expr, value: undefined });
          this.vars.delete(statement.name);
          break;
        case 'query': {
          const rel = this.tabular(statement.expr);
          results.push(toLogsTable(results.length === 0 ? 'PrimaryResult' : `Table_${results.length}`, rel));
          break;
        }
      }
    }
    return results;
  }

  scalarQuery(query: TabularExpr): Value {
    const rel = this.tabular(query);
    if (rel.length === 0 || rel.vecs.length === 0) return null;
    return (rel.vecs[0] as Vec).get(0);
  }

  columnValues(query: TabularExpr): Value[] {
    const rel = this.tabular(query);
    const vec = rel.vecs[0];
    if (!vec) return [];
    const values = new Array<Value>(rel.length);
    for (let i = 0; i < rel.length; i++) values[i] = vec.get(i);
    return values;
  }

  tabular(expr: TabularExpr): Relation {
    switch (expr.kind) {
      case 'table':
        return this.tableSource(expr.table, expr.schema, expr.pos);
      case 'table-var': {
        const entry = this.tableVars.get(expr.name);
        if (!entry) throw badQuery(`'${expr.name}' is not a table`, expr.pos);
        entry.value ??= this.tabular(entry.expr);
        return entry.value;
      }
      case 'pipe':
        return this.pipeline(expr);
      case 'union':
        return this.union(
          expr.inputs.map((i) => this.tabular(i)),
          expr.inputs,
          expr.withSource,
          expr.schema,
        );
      case 'datatable':
        return {
          columns: expr.schema,
          vecs: expr.schema.map(
            (c, k) =>
              new ArrayVec(
                c.type,
                expr.rows.map((row) => row[k] ?? null),
              ),
          ),
          length: expr.rows.length,
          base: null,
        };
      case 'print': {
        const vecs = expr.items.map((item, k) => {
          const g = compileExpr(item.expr, this.emptyRelation, this);
          return new ArrayVec((expr.schema[k] as ColumnSchema).type, [g(0)]);
        });
        return { columns: expr.schema, vecs, length: 1, base: null };
      }
    }
  }

  private tableSource(name: KnownTableName, schema: readonly ColumnSchema[], pos: number): Relation {
    const table = this.tables.get(name);
    if (!table) throw badQuery(`The table '${name}' is not loaded`, pos);
    const rel = tableRelation(table, schema);
    const range = this.options.timeRange;
    if (!range || !schema.some((c) => c.name === 'TimeGenerated')) return rel;
    // Like the Log Analytics API: start inclusive, end exclusive.
    const column: Expr = { kind: 'column', name: 'TimeGenerated', type: 'datetime', pos };
    const bound = (op: '>=' | '<', value: number): Expr => ({
      kind: 'binary',
      op,
      left: column,
      right: { kind: 'literal', type: 'datetime', value, pos },
      type: 'bool',
      pos,
    });
    const predicate: Expr = {
      kind: 'binary',
      op: 'and',
      left: bound('>=', range.start),
      right: bound('<', range.end),
      type: 'bool',
      pos,
    };
    return filterBase(rel, predicate, this);
  }

  /** Evaluates a chain of pipes left to right, fusing `sort | take` into a top-N. */
  private pipeline(expr: Extract<TabularExpr, { kind: 'pipe' }>): Relation {
    const ops: QueryOp[] = [];
    let source: TabularExpr = expr;
    while (source.kind === 'pipe') {
      ops.push(source.op);
      source = source.input;
    }
    ops.reverse();
    let rel = this.tabular(source);
    for (let k = 0; k < ops.length; k++) {
      this.options.checkpoint();
      const op = ops[k] as QueryOp;
      const next = ops[k + 1];
      if (op.kind === 'sort' && next?.kind === 'take') {
        rel = this.top(rel, next.count, op.keys, op.pos);
        k++;
        continue;
      }
      if (op.kind === 'where' && next?.kind === 'where') {
        // `where a | where b` is `where a and b`: plan the conjunction once (indexes, one pass).
        let predicate = op.predicate;
        while (ops[k + 1]?.kind === 'where') {
          const following = ops[++k] as Extract<QueryOp, { kind: 'where' }>;
          predicate = {
            kind: 'binary',
            op: 'and',
            left: predicate,
            right: following.predicate,
            type: 'bool',
            pos: following.pos,
          };
        }
        rel = this.where(rel, predicate);
        continue;
      }
      rel = this.operator(rel, op);
    }
    return rel;
  }

  private operator(rel: Relation, op: QueryOp): Relation {
    switch (op.kind) {
      case 'where':
        return this.where(rel, op.predicate);
      case 'extend':
      case 'serialize':
        return this.extend(rel, op.items, op.schema);
      case 'project':
        return this.project(rel, op.items, op.schema);
      case 'select': {
        const vecs = op.columns.map((c) => {
          const index = columnIndex(rel, c.from);
          if (index < 0) throw badQuery(`The column '${c.from}' is not available in ${op.operator}`, op.pos);
          return rel.vecs[index] as Vec;
        });
        return { columns: op.schema, vecs, length: rel.length, base: rel.base };
      }
      case 'summarize':
        return this.summarize(rel, op.by, op.aggregates, op.schema);
      case 'distinct':
        return this.summarize(rel, op.items, [], op.schema);
      case 'sort':
        return gatherRelation(rel, this.sortIndices(rel, op.keys), false);
      case 'top':
        return this.top(rel, op.count, op.keys, op.pos);
      case 'take': {
        const n = this.countArg(op.count, 'take');
        if (n >= rel.length) return rel;
        const idx = new Int32Array(n);
        for (let i = 0; i < n; i++) idx[i] = i;
        return gatherRelation(rel, idx, true);
      }
      case 'count':
        return { columns: op.schema, vecs: [new ArrayVec('long', [rel.length])], length: 1, base: null };
      case 'union':
        return this.union(
          [rel, ...op.inputs.map((i) => this.tabular(i))],
          [null, ...op.inputs],
          op.withSource,
          op.schema,
        );
      case 'join':
        return this.join(rel, op);
    }
  }

  private countArg(expr: Expr, operator: string): number {
    if (!isConstantExpr(expr)) throw badQuery(`The row count of '${operator}' must be a constant`, expr.pos);
    const v = evaluateConstant(expr, this.emptyRelation, this);
    if (typeof v !== 'number' || v < 0)
      throw badQuery(`The row count of '${operator}' must be a non-negative number`, expr.pos);
    return Math.floor(v);
  }

  private where(rel: Relation, predicate: Expr): Relation {
    if (rel.base) return filterBase(rel, predicate, this);
    const idx = new Int32Array(rel.length);
    let k = 0;
    const coded = codedInput(predicate, rel, this);
    if (coded) {
      // The predicate reads one dictionary-coded column: evaluate it once per distinct code.
      const { view, g } = coded;
      const verdict = new Int8Array(view.column.dict.length).fill(-1);
      const codes = view.column.codes;
      const sel = view.sel;
      for (let i = 0; i < rel.length; i++) {
        const code = codes[sel ? (sel[i] as number) : i] as number;
        let v = verdict[code] as number;
        if (v < 0) {
          v = g(code) === true ? 1 : 0;
          verdict[code] = v;
        }
        if (v === 1) idx[k++] = i;
      }
    } else {
      const g = compileExpr(predicate, rel, this);
      for (let i = 0; i < rel.length; i++) if (g(i) === true) idx[k++] = i;
    }
    if (k === rel.length) return rel;
    return gatherRelation(rel, idx.subarray(0, k), true);
  }

  private materialize(expr: Expr, rel: Relation, type: ScalarType): Vec {
    if (expr.kind === 'column') {
      const index = columnIndex(rel, expr.name);
      if (index >= 0) return rel.vecs[index] as Vec;
    }
    if (isConstantExpr(expr)) return new ConstVec(type, evaluateConstant(expr, rel, this), rel.length);
    const coded = codedInput(expr, rel, this);
    if (coded) {
      const { view, g } = coded;
      return new DerivedVec(type, view.column, view.sel, rel.length, new DerivedSource((code) => g(code)));
    }
    const g = compileExpr(expr, rel, this);
    const n = rel.length;
    const values = new Array<Value>(n);
    for (let i = 0; i < n; i++) values[i] = g(i);
    return new ArrayVec(type, values);
  }

  private extend(rel: Relation, items: readonly NamedExpr[], schema: readonly ColumnSchema[]): Relation {
    let current = rel;
    for (const item of items) {
      const type = typeOfColumn(schema, item.name, item.expr.type);
      const vec = this.materialize(item.expr, current, type);
      const columns = [...current.columns];
      const vecs = [...current.vecs];
      const index = columnIndex(current, item.name);
      if (index >= 0) {
        columns[index] = { name: item.name, type };
        vecs[index] = vec;
      } else {
        columns.push({ name: item.name, type });
        vecs.push(vec);
      }
      const keepsBase = current.base !== null && vec instanceof BaseVec && vec.sel === current.base.sel;
      current = { columns, vecs, length: current.length, base: keepsBase ? current.base : null };
    }
    const names = current.columns.map((c) => c.name).join(',');
    if (names !== schema.map((c) => c.name).join(',')) {
      throw badQuery('This extend form is not supported by the embedded KQL engine', 0);
    }
    return { ...current, columns: schema };
  }

  private project(rel: Relation, items: readonly NamedExpr[], schema: readonly ColumnSchema[]): Relation {
    const vecs = items.map((item, k) => this.materialize(item.expr, rel, (schema[k] as ColumnSchema).type));
    const keepsBase = rel.base !== null && vecs.every((v) => v instanceof BaseVec && v.sel === rel.base?.sel);
    return { columns: schema, vecs, length: rel.length, base: keepsBase ? rel.base : null };
  }

  private summarize(
    rel: Relation,
    by: readonly NamedExpr[],
    aggregates: readonly AggregateCall[],
    schema: readonly ColumnSchema[],
  ): Relation {
    const n = rel.length;
    const [only] = by;
    if (
      by.length === 1 &&
      only &&
      aggregates.length > 0 &&
      aggregates.every((a) => a.fn === 'count' && a.args.length === 0)
    ) {
      const coded = codedInput(only.expr, rel, this);
      if (coded) return this.countByCode(rel, coded, aggregates.length, schema);
    }
    const aggs = aggregates.map((a) => makeAggregator(a, rel, this));
    const firstRow: number[] = [];
    const newGroup = (i: number): number => {
      firstRow.push(i);
      for (const a of aggs) a.newGroup();
      return firstRow.length - 1;
    };
    if (by.length === 0) {
      newGroup(-1);
      for (let i = 0; i < n; i++) for (const a of aggs) a.add(0, i);
    } else {
      const groupOf = this.groupKeyFunction(rel, by, newGroup);
      const [only] = aggs;
      if (aggs.length === 1 && only) {
        const add = only.add;
        for (let i = 0; i < n; i++) add(groupOf(i), i);
      } else if (aggs.length === 0) {
        for (let i = 0; i < n; i++) groupOf(i);
      } else {
        for (let i = 0; i < n; i++) {
          const g = groupOf(i);
          for (const a of aggs) a.add(g, i);
        }
      }
    }
    const groupCount = firstRow.length;
    const vecs: Vec[] = [];
    by.forEach((item, k) => {
      const g = compileExpr(item.expr, rel, this);
      const values = new Array<Value>(groupCount);
      for (let j = 0; j < groupCount; j++) values[j] = g(firstRow[j] as number);
      vecs.push(new ArrayVec((schema[k] as ColumnSchema).type, values));
    });
    let k = by.length;
    for (const a of aggs) {
      for (const values of a.results(groupCount)) {
        vecs.push(new ArrayVec((schema[k] as ColumnSchema).type, values));
        k++;
      }
    }
    if (vecs.length !== schema.length)
      throw badQuery('This summarize form is not supported by the embedded KQL engine', 0);
    return { columns: schema, vecs, length: groupCount, base: null };
  }

  /**
   * `summarize count() by X` where X depends on one dictionary-coded column: count rows per code in
   * one tight loop, then fold codes into groups by X's value (groups in first-seen row order).
   */
  private countByCode(
    rel: Relation,
    coded: Coded,
    countColumns: number,
    schema: readonly ColumnSchema[],
  ): Relation {
    const { view, g } = coded;
    const codes = view.column.codes;
    const sel = view.sel;
    const dictSize = view.column.dict.length;
    const counts = new Int32Array(dictSize);
    const n = rel.length;
    if (sel) {
      for (let i = 0; i < n; i++) {
        const c = codes[sel[i] as number] as number;
        counts[c] = (counts[c] as number) + 1;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const c = codes[i] as number;
        counts[c] = (counts[c] as number) + 1;
      }
    }
    // Codes → groups by value (raw dictionary values are already distinct).
    const groupOfCode = new Int32Array(dictSize).fill(-1);
    const values: Value[] = [];
    const totals: number[] = [];
    const byValue = view.raw ? null : new Map<Value, number>();
    for (let c = 0; c < dictSize; c++) {
      const count = counts[c] as number;
      if (count === 0) continue;
      const v = g(c);
      let group: number | undefined;
      if (byValue) {
        const key = valueKey(v);
        group = byValue.get(key);
        if (group === undefined) byValue.set(key, (group = values.length));
      }
      if (group === undefined || group === values.length) {
        group = values.length;
        values.push(v);
        totals.push(0);
      }
      groupOfCode[c] = group;
      totals[group] = (totals[group] as number) + count;
    }
    // Groups in first-seen row order (like the general path): one pass until every group is placed.
    const order: number[] = [];
    const placed = new Uint8Array(values.length);
    for (let i = 0; i < n && order.length < values.length; i++) {
      const group = groupOfCode[codes[sel ? (sel[i] as number) : i] as number] as number;
      if (placed[group] === 0) {
        placed[group] = 1;
        order.push(group);
      }
    }
    const vecs: Vec[] = [
      new ArrayVec(
        (schema[0] as ColumnSchema).type,
        order.map((k) => values[k] as Value),
      ),
    ];
    const countValues = order.map((k) => totals[k] as number);
    for (let k = 0; k < countColumns; k++) vecs.push(new ArrayVec('long', countValues));
    return { columns: schema, vecs, length: order.length, base: null };
  }

  /**
   * Row → group id. Each `by` expression maps rows to dense part ids: a dictionary-coded input is
   * looked up once per code (flat table), anything else by value. Part ids combine into the group key.
   */
  private groupKeyFunction(
    rel: Relation,
    by: readonly NamedExpr[],
    newGroup: (row: number) => number,
  ): (i: number) => number {
    const parts = by.map((item) => this.partFunction(item.expr, rel));
    if (parts.length === 1) {
      const part = parts[0] as (i: number) => number;
      const groups: number[] = [];
      return (i) => {
        const p = part(i);
        let g = groups[p];
        if (g === undefined) {
          g = newGroup(i);
          groups[p] = g;
        }
        return g;
      };
    }
    if (parts.length === 2) {
      const [a, b] = parts as [(i: number) => number, (i: number) => number];
      // Part ids are dense: a table per first part, indexed by the second (hashing a combined
      // key past the small-integer range cost more than the rest of the loop).
      const tables: number[][] = [];
      return (i) => {
        const first = a(i);
        const second = b(i);
        let table = tables[first];
        if (table === undefined) {
          table = [];
          tables[first] = table;
        }
        let g = table[second];
        if (g === undefined) {
          g = newGroup(i);
          table[second] = g;
        }
        return g;
      };
    }
    const map = new Map<string, number>();
    return (i) => {
      let key = '';
      for (const part of parts) key += `${part(i)},`;
      let g = map.get(key);
      if (g === undefined) {
        g = newGroup(i);
        map.set(key, g);
      }
      return g;
    };
  }

  /** Rows → dense ids of the distinct values of `expr` (ids in first-seen order). */
  private partFunction(expr: Expr, rel: Relation): (i: number) => number {
    const ids = new Map<Value, number>();
    const idOf = (v: Value): number => {
      const key = valueKey(v);
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      return id;
    };
    const binned = this.binPart(expr, rel, idOf);
    if (binned) return binned;
    const coded = codedInput(expr, rel, this);
    if (coded) {
      const { view, g } = coded;
      const codes = view.column.codes;
      const sel = view.sel;
      const byCode = new Int32Array(view.column.dict.length).fill(-1);
      return (i) => {
        const code = codes[sel ? (sel[i] as number) : i] as number;
        let id = byCode[code] as number;
        if (id < 0) {
          id = idOf(g(code));
          byCode[code] = id;
        }
        return id;
      };
    }
    const g = compileExpr(expr, rel, this);
    return (i) => idOf(g(i));
  }

  /**
   * `bin(col, size)` of a stored number/datetime column: bucket numbers index a flat table of part
   * ids (buckets span the column's min..max), so no hashing per row.
   */
  private binPart(expr: Expr, rel: Relation, idOf: (v: Value) => number): ((i: number) => number) | null {
    if (expr.kind !== 'call' || (expr.name !== 'bin' && expr.name !== 'floor') || expr.args.length !== 2)
      return null;
    const [column, sizeExpr] = expr.args as [Expr, Expr];
    if (column.kind !== 'column' || !isConstantExpr(sizeExpr)) return null;
    const vec = rel.vecs[columnIndex(rel, column.name)];
    if (!(vec instanceof BaseVec) || !(vec.column instanceof NumberColumn)) return null;
    const size = evaluateConstant(sizeExpr, rel, this);
    const range = vec.column.range();
    if (typeof size !== 'number' || !(size > 0) || !range) return null;
    const offset = column.type === 'datetime' ? EPOCH_OFFSET_MS : 0;
    const first = Math.floor((range.min + offset) / size);
    const span = Math.floor((range.max + offset) / size) - first + 1;
    if (!(span > 0 && span <= 1 << 20)) return null;
    const ids = new Int32Array(span).fill(-1);
    const data = vec.column.data;
    const sel = vec.sel;
    const type = column.type;
    return (i) => {
      const v = data[sel ? (sel[i] as number) : i] as number;
      if (v !== v) return idOf(null);
      const bucket = Math.floor((v + offset) / size) - first;
      let id = ids[bucket] as number;
      if (id < 0) {
        id = idOf(binValue(v, size, type));
        ids[bucket] = id;
      }
      return id;
    };
  }

  private sortKeyArrays(rel: Relation, keys: readonly SortKey[]): { values: Value[]; key: SortKey }[] {
    return keys.map((key) => {
      const g = compileExpr(key.expr, rel, this);
      const values = new Array<Value>(rel.length);
      for (let i = 0; i < rel.length; i++) values[i] = g(i);
      return { values, key };
    });
  }

  private sortIndices(rel: Relation, keys: readonly SortKey[]): Int32Array {
    const compare = rowComparator(this.sortKeyArrays(rel, keys));
    const idx = new Array<number>(rel.length);
    for (let i = 0; i < rel.length; i++) idx[i] = i;
    idx.sort(compare);
    return Int32Array.from(idx);
  }

  /** The first `count` rows in `keys` order, without sorting everything. */
  private top(rel: Relation, countExpr: Expr, keys: readonly SortKey[], pos: number): Relation {
    const count = this.countArg(countExpr, 'top');
    if (count === 0) return gatherRelation(rel, new Int32Array(0), true);
    if (count * 4 >= rel.length) {
      const all = this.sortIndices(rel, keys);
      return gatherRelation(rel, all.subarray(0, Math.min(count, all.length)), false);
    }
    void pos;
    const [only] = keys;
    if (keys.length === 1 && only && isNumberLike(only.expr.type)) {
      return gatherRelation(rel, this.topByNumber(rel, count, only), false);
    }
    const compare = rowComparator(this.sortKeyArrays(rel, keys));
    // Bounded, sorted buffer of the best rows so far (stable: earlier rows win ties).
    const best: number[] = [];
    for (let i = 0; i < rel.length; i++) {
      if (best.length === count && compare(i, best[count - 1] as number) >= 0) continue;
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(best[mid] as number, i) <= 0) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, i);
      if (best.length > count) best.pop();
    }
    return gatherRelation(rel, Int32Array.from(best), false);
  }

  /**
   * Top `count` rows by one numeric key in O(n): quickselect the threshold value, keep the rows
   * better than it (then ties, earlier rows first), sort only those. Nulls go first or last as asked.
   */
  private topByNumber(rel: Relation, count: number, key: SortKey): Int32Array {
    const g = compileExpr(key.expr, rel, this);
    const n = rel.length;
    const keyOf = new Float64Array(n);
    const nullRows: number[] = [];
    let nonNull = 0;
    for (let i = 0; i < n; i++) {
      const v = g(i);
      if (typeof v !== 'number' || v !== v) {
        nullRows.push(i);
        keyOf[i] = NaN;
      } else {
        keyOf[i] = key.descending ? -v : v; // smaller is better
        nonNull++;
      }
    }
    const picked: number[] = key.nullsFirst ? nullRows.slice(0, count) : [];
    const wanted = Math.min(count - picked.length, nonNull);
    if (wanted > 0) {
      const values = new Float64Array(nonNull);
      let k = 0;
      for (let i = 0; i < n; i++) if (keyOf[i] === keyOf[i]) values[k++] = keyOf[i] as number;
      const threshold = wanted === nonNull ? Infinity : quickselect(values, wanted - 1);
      const chosen: number[] = [];
      let ties = 0;
      for (let i = 0; i < n; i++) if ((keyOf[i] as number) < threshold) chosen.push(i);
      for (let i = 0; i < n && chosen.length < wanted; i++) {
        if (keyOf[i] === threshold) {
          chosen.push(i);
          ties++;
        }
      }
      void ties;
      chosen.sort((a, b) => (keyOf[a] as number) - (keyOf[b] as number) || a - b);
      picked.push(...chosen.slice(0, wanted));
    }
    if (!key.nullsFirst) for (const i of nullRows) if (picked.length < count) picked.push(i);
    return Int32Array.from(picked);
  }

  private union(
    rels: readonly Relation[],
    sources: readonly (TabularExpr | null)[],
    withSource: string | null,
    schema: readonly ColumnSchema[],
  ): Relation {
    const total = rels.reduce((s, r) => s + r.length, 0);
    const vecs: Vec[] = schema.map((column) => {
      const values = new Array<Value>(total);
      let offset = 0;
      rels.forEach((rel, k) => {
        const n = rel.length;
        if (withSource !== null && column.name === withSource) {
          const source = sources[k];
          const label =
            source && source.kind === 'table'
              ? source.table
              : source && source.kind === 'table-var'
                ? source.name
                : `union_arg${k}`;
          for (let i = 0; i < n; i++) values[offset + i] = label;
        } else {
          const index = rel.columns.findIndex(
            (c) =>
              (c.name === column.name && c.type === column.type) || `${c.name}_${c.type}` === column.name,
          );
          const vec = index >= 0 ? (rel.vecs[index] as Vec) : null;
          const empty: Value = column.type === 'string' ? '' : null;
          for (let i = 0; i < n; i++) values[offset + i] = vec ? vec.get(i) : empty;
        }
        offset += n;
      });
      return new ArrayVec(column.type, values);
    });
    return { columns: schema, vecs, length: total, base: null };
  }

  private join(left: Relation, op: Extract<QueryOp, { kind: 'join' }>): Relation {
    const right = this.tabular(op.right);
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
    const pair = (i: number, matches: readonly number[]): void => {
      for (const j of matches) {
        leftIdx.push(i);
        rightIdx.push(j);
      }
    };
    for (let i = 0; i < left.length; i++) {
      const key = keyOf(leftKeys, i);
      const matches = key === null ? undefined : rightRows.get(key);
      switch (op.joinKind) {
        case 'innerunique':
          if (key === null || seenLeftKeys.has(key)) continue;
          seenLeftKeys.add(key);
          if (matches) pair(i, matches);
          break;
        case 'inner':
          if (matches) pair(i, matches);
          break;
        case 'leftouter':
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
    }
    const leftPart = gatherRelation(left, Int32Array.from(leftIdx), true).vecs;
    const rightPart =
      op.joinKind === 'leftsemi' || op.joinKind === 'leftanti'
        ? []
        : right.vecs.map((v) => gatherNullable(v, rightIdx));
    const vecs = [...leftPart, ...rightPart];
    if (vecs.length !== op.schema.length)
      throw badQuery('This join form is not supported by the embedded KQL engine', op.pos);
    return { columns: op.schema, vecs, length: leftIdx.length, base: null };
  }
}

const NO_MATCH: readonly number[] = [-1];

function isNumberLike(type: ScalarType): boolean {
  return type === 'long' || type === 'int' || type === 'real' || type === 'datetime' || type === 'timespan';
}

/** The k-th smallest (0-based) of `values` (reordered in place). */
function quickselect(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

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

/** Kusto order: per key, nulls first/last as asked, then ascending or descending. */
function rowComparator(keys: { values: Value[]; key: SortKey }[]): (a: number, b: number) => number {
  return (a, b) => {
    for (const { values, key } of keys) {
      const x = values[a] as Value;
      const y = values[b] as Value;
      if (x === y) continue;
      if (x === null) return key.nullsFirst ? -1 : 1;
      if (y === null) return key.nullsFirst ? 1 : -1;
      const c = compareValues(x, y);
      if (c !== 0) return key.descending ? -c : c;
    }
    return 0;
  };
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

function typeOfColumn(schema: readonly ColumnSchema[], name: string, fallback: ScalarType): ScalarType {
  return schema.find((c) => c.name === name)?.type ?? fallback;
}

export function toLogsTable(name: string, rel: Relation): LogsTable {
  const columns = rel.columns.map((c) => ({ name: c.name, type: c.type }));
  const n = rel.length;
  const rows: CellRow[] = new Array<CellRow>(n);
  const vecs = rel.vecs;
  const types = rel.columns.map((c) => c.type);
  for (let i = 0; i < n; i++) {
    const row = new Array<ReturnType<typeof toCell>>(vecs.length);
    for (let c = 0; c < vecs.length; c++) row[c] = toCell((vecs[c] as Vec).get(i), types[c] as ScalarType);
    rows[i] = row;
  }
  return { name, columns, rows };
}

type CellRow = ReturnType<typeof toCell>[];
