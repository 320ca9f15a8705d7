/**
 * Runs a parsed query: `let` statements, tabular sources and the pipeline of operators, over
 * {@link Relation}s. `where` on stored tables goes through the planner (`planner.ts`); everything
 * else is columnar loops over compiled expressions (`compile.ts`), with the heavier operators in
 * `evaluator/` (summarize, sort/top, join, union).
 */
import type { LogsTable } from '../backend';
import type { KnownTableName } from '../schema';
import {
  type ColumnSchema,
  type Expr,
  type NamedExpr,
  type ParsedQuery,
  type QueryOp,
  type TabularExpr,
} from './ast';
import { codedInput, compileExpr, evaluateConstant, isConstantExpr } from './compile';
import { badQuery, type EvalContext } from './compile/context';
import { bagUnpack } from './evaluator/bag-unpack';
import { getschema } from './evaluator/getschema';
import { join } from './evaluator/join';
import { makeSeries } from './evaluator/make-series';
import { mvApply } from './evaluator/mv-apply';
import { mvExpand } from './evaluator/mv-expand';
import { parseRows } from './evaluator/parse';
import { topNested } from './evaluator/top-nested';
import { lookup } from './evaluator/lookup';
import { range } from './evaluator/range';
import { sample } from './evaluator/sample';
import { ROWS_PER_CHECKPOINT, type QueryLimits } from './evaluator/limits';
import { summarize } from './evaluator/summarize';
import { sortIndices, top } from './evaluator/top';
import { union } from './evaluator/union';
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
import { type StoredTable } from './table';
import { toCell, type ScalarType, type Value } from './values';

export interface RunOptions {
  /** now() / ago() reference, epoch ms. */
  readonly now: number;
  /** Restricts TimeGenerated of every table the query reads (the API `timespan`). */
  readonly timeRange: { readonly start: number; readonly end: number } | null;
  /** Called between operators and every few thousand rows inside them; throws to stop the query (abort, timeout). */
  readonly checkpoint: () => void;
  /** Operator and result limits, checked while rows are produced. */
  readonly limits: QueryLimits;
}

/** Why a result table was cut short, when it was (Log Analytics' partial failure). */
export interface Truncation {
  readonly rows: number;
  readonly reason: 'rows' | 'bytes';
}

/** A `let` table (evaluated on first use), or the rows an `as` operator named (`expr` absent). */
interface LetTable {
  readonly expr?: TabularExpr;
  value: Relation | undefined;
}

export class QueryRunner implements EvalContext {
  readonly now: number;
  readonly vars = new Map<string, Value>();
  readonly parseCache = new Map<string, Value>();
  private readonly tableVars = new Map<string, LetTable>();
  private readonly emptyRelation: Relation = { columns: [], vecs: [], length: 1, base: null };
  /** Set when a result table was truncated at a result limit. */
  truncation: Truncation | undefined;

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
          const name = results.length === 0 ? 'PrimaryResult' : `Table_${results.length}`;
          const { table, truncation } = limitedLogsTable(name, rel, this.options);
          results.push(table);
          if (truncation && !this.truncation) this.truncation = truncation;
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
        if (!entry || (!entry.value && !entry.expr))
          throw badQuery(`'${expr.name}' is not a table`, expr.pos);
        entry.value ??= this.tabular(entry.expr as TabularExpr);
        return entry.value;
      }
      case 'pipe':
        return this.pipeline(expr);
      case 'union':
        return union(
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
      case 'range':
        return range(
          {
            from: this.constant(expr.from, 'range'),
            to: this.constant(expr.to, 'range'),
            step: this.constant(expr.step, 'range'),
          },
          expr.schema,
          this.options,
          expr.pos,
        );
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
    return filterBase(rel, predicate, this, this.options.checkpoint);
  }

  /** Evaluates a chain of pipes left to right, fusing `sort | take` into a top-N. */
  private pipeline(expr: Extract<TabularExpr, { kind: 'pipe' }>): Relation {
    const ops: QueryOp[] = [];
    // inputs[k]: the expression whose rows ops[k] reads (union's withsource names it).
    const inputs: TabularExpr[] = [];
    let source: TabularExpr = expr;
    while (source.kind === 'pipe') {
      ops.push(source.op);
      inputs.push(source.input);
      source = source.input;
    }
    ops.reverse();
    inputs.reverse();
    return this.runOperators(this.tabular(source), ops, inputs);
  }

  /**
   * Runs `ops` left to right over `rel` (a pipeline's operators, or mv-apply's subquery over one
   * row's sub-table). `inputs[k]` is the expression ops[k] reads, when there is one (union's
   * withsource names it).
   */
  runOperators(input: Relation, ops: readonly QueryOp[], inputs: readonly TabularExpr[] = []): Relation {
    let rel = input;
    for (let k = 0; k < ops.length; k++) {
      this.options.checkpoint();
      const op = ops[k] as QueryOp;
      const next = ops[k + 1];
      if (op.kind === 'sort' && next?.kind === 'take') {
        rel = top(this, rel, this.countArg(next.count, 'top'), op.keys);
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
      rel = this.operator(rel, op, inputs[k] ?? null);
    }
    return rel;
  }

  private operator(rel: Relation, op: QueryOp, input: TabularExpr | null): Relation {
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
        return summarize(this, rel, op.by, op.aggregates, op.schema, this.options);
      case 'distinct':
        return summarize(this, rel, op.items, [], op.schema, this.options);
      case 'sort':
        return gatherRelation(rel, sortIndices(this, rel, op.keys), false);
      case 'top':
        return top(this, rel, this.countArg(op.count, 'top'), op.keys);
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
        return union(
          [rel, ...op.inputs.map((i) => this.tabular(i))],
          [input, ...op.inputs],
          op.withSource,
          op.schema,
        );
      case 'join':
        return join(rel, this.tabular(op.right), op, this.options);
      case 'parse':
        return parseRows(this, rel, op, this.options);
      case 'mv-expand':
        return mvExpand(this, rel, op, this.options);
      case 'mv-apply':
        return mvApply(this, rel, op, this.options);
      case 'make-series':
        return makeSeries(this, rel, op, this.options);
      case 'top-nested':
        return topNested(this, rel, op, this.options);
      case 'lookup':
        return lookup(rel, this.tabular(op.right), op, this.options);
      case 'getschema':
        return getschema(rel, op.schema);
      case 'bag-unpack':
        return bagUnpack(rel, op, this.options);
      case 'sample':
        return sample(rel, this.countArg(op.count, 'sample'));
      case 'as':
        this.tableVars.set(op.name, { value: rel });
        this.vars.delete(op.name);
        return rel;
    }
  }

  private constant(expr: Expr, operator: string): Value {
    if (!isConstantExpr(expr)) throw badQuery(`The arguments of '${operator}' must be constants`, expr.pos);
    return evaluateConstant(expr, this.emptyRelation, this);
  }

  /** The constant, non-negative row count of `take` / `top` / `sample`. */
  private countArg(expr: Expr, operator: string): number {
    if (!isConstantExpr(expr)) throw badQuery(`The row count of '${operator}' must be a constant`, expr.pos);
    const v = evaluateConstant(expr, this.emptyRelation, this);
    if (typeof v !== 'number' || v < 0)
      throw badQuery(`The row count of '${operator}' must be a non-negative number`, expr.pos);
    return Math.floor(v);
  }

  private where(rel: Relation, predicate: Expr): Relation {
    if (rel.base) return filterBase(rel, predicate, this, this.options.checkpoint);
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
        if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) this.options.checkpoint();
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
      // Derived rows (after join, summarize, mv-expand) can be many: read the clock inside the loop.
      for (let i = 0; i < rel.length; i++) {
        if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) this.options.checkpoint();
        if (g(i) === true) idx[k++] = i;
      }
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
      return new DerivedVec(
        type,
        view.column,
        view.sel,
        rel.length,
        new DerivedSource((code) => g(code), view.column.dict.length),
      );
    }
    const g = compileExpr(expr, rel, this);
    const n = rel.length;
    const values = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) this.options.checkpoint();
      values[i] = g(i);
    }
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
}

function typeOfColumn(schema: readonly ColumnSchema[], name: string, fallback: ScalarType): ScalarType {
  return schema.find((c) => c.name === name)?.type ?? fallback;
}

/**
 * The result table of `rel`, cut at the result limits (rows, approximate bytes) while it is built:
 * rows past them are never converted.
 */
export function limitedLogsTable(
  name: string,
  rel: Relation,
  options: Pick<RunOptions, 'limits' | 'checkpoint'>,
): { table: LogsTable; truncation?: Truncation } {
  const { maxResultRows, maxResultBytes } = options.limits;
  const columns = rel.columns.map((c) => ({ name: c.name, type: c.type }));
  const vecs = rel.vecs;
  const types = rel.columns.map((c) => c.type);
  const n = Math.min(rel.length, maxResultRows);
  const rows: CellRow[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const row = new Array<ReturnType<typeof toCell>>(vecs.length);
    for (let c = 0; c < vecs.length; c++) {
      const cell = toCell((vecs[c] as Vec).get(i), types[c] as ScalarType);
      row[c] = cell;
      bytes += cellBytes(cell);
    }
    if (bytes > maxResultBytes) {
      return { table: { name, columns, rows }, truncation: { rows: rows.length, reason: 'bytes' } };
    }
    rows.push(row);
    if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) options.checkpoint();
  }
  const table = { name, columns, rows };
  return rel.length > maxResultRows ? { table, truncation: { rows: n, reason: 'rows' } } : { table };
}

/** About what a cell costs in a result: UTF-16 text, 8 bytes a number or instant, JSON text for dynamic. */
function cellBytes(cell: ReturnType<typeof toCell>): number {
  if (cell === null) return 1;
  if (typeof cell === 'string') return 2 * cell.length;
  if (typeof cell === 'number' || typeof cell === 'boolean' || cell instanceof Date) return 8;
  return 2 * JSON.stringify(cell).length;
}

type CellRow = ReturnType<typeof toCell>[];
