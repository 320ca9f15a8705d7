/**
 * The embedded engine's own small, typed query AST. `kusto-bridge.ts` builds it from the official
 * parser's syntax tree (types and output column names come from the parser's binder, so they are
 * Kusto's); the rest of the engine never sees a `Kusto.*` object.
 *
 * Every node carries `pos`, the 0-based offset of its text in the query, for error messages.
 */
import type { KnownTableName } from '../schema';
import type { ReshapingOp } from './ast-reshaping';
import type { ScalarType, Value } from './values';

export interface ColumnSchema {
  readonly name: string;
  readonly type: ScalarType;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '=~'
  | '!~'
  | 'and'
  | 'or'
  | StringOp
  | `!${StringOp}`
  | 'matches regex';

/** Kusto string predicates (each also exists negated with a leading `!`). */
export type StringOp =
  | 'has'
  | 'has_cs'
  | 'hasprefix'
  | 'hasprefix_cs'
  | 'hassuffix'
  | 'hassuffix_cs'
  | 'contains'
  | 'contains_cs'
  | 'startswith'
  | 'startswith_cs'
  | 'endswith'
  | 'endswith_cs';

export type Expr =
  | { readonly kind: 'literal'; readonly type: ScalarType; readonly value: Value; readonly pos: number }
  | { readonly kind: 'column'; readonly name: string; readonly type: ScalarType; readonly pos: number }
  /** A scalar `let` name. */
  | { readonly kind: 'var'; readonly name: string; readonly type: ScalarType; readonly pos: number }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly type: ScalarType;
      readonly pos: number;
    }
  | {
      readonly kind: 'unary';
      readonly op: '-' | '+';
      readonly operand: Expr;
      readonly type: ScalarType;
      readonly pos: number;
    }
  | {
      readonly kind: 'in';
      readonly negated: boolean;
      readonly caseInsensitive: boolean;
      readonly operand: Expr;
      readonly values: readonly Expr[];
      readonly type: 'bool';
      readonly pos: number;
    }
  | {
      readonly kind: 'has-any';
      readonly all: boolean;
      readonly operand: Expr;
      readonly values: readonly Expr[];
      readonly type: 'bool';
      readonly pos: number;
    }
  | {
      readonly kind: 'between';
      readonly negated: boolean;
      readonly operand: Expr;
      readonly low: Expr;
      readonly high: Expr;
      readonly type: 'bool';
      readonly pos: number;
    }
  | {
      readonly kind: 'call';
      /** Lower-case function name as the binder resolved it (e.g. `iff`, `parse_json`). */
      readonly name: string;
      readonly args: readonly Expr[];
      readonly type: ScalarType;
      readonly pos: number;
    }
  /** `x.name` on a dynamic value. */
  | {
      readonly kind: 'member';
      readonly target: Expr;
      readonly member: string;
      readonly type: ScalarType;
      readonly pos: number;
    }
  /** `x[expr]` on a dynamic value (`['key']`, `[0]`, `[-1]`). */
  | {
      readonly kind: 'index';
      readonly target: Expr;
      readonly index: Expr;
      readonly type: ScalarType;
      readonly pos: number;
    }
  /** The first column of a tabular subquery as a list (the right side of `x in (T | project c)`). */
  | {
      readonly kind: 'column-values';
      readonly query: TabularExpr;
      readonly type: 'dynamic';
      readonly pos: number;
    }
  /** `toscalar(<tabular>)`. */
  | {
      readonly kind: 'toscalar';
      readonly query: TabularExpr;
      readonly type: ScalarType;
      readonly pos: number;
    }
  /** `*` as an argument (arg_max(x, *), take_any(*)). Lists the columns it stands for. */
  | {
      readonly kind: 'star';
      readonly columns: readonly string[];
      readonly type: ScalarType;
      readonly pos: number;
    };

export interface NamedExpr {
  readonly name: string;
  readonly expr: Expr;
}

export interface SortKey {
  readonly expr: Expr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface AggregateCall {
  /**
   * Lower-case aggregate name, or `$expr` for a scalar expression over aggregates
   * (`100.0 * countif(x) / count()`): then `args[0]` is that expression, reading the results of
   * `inner` as columns named by their outputs.
   */
  readonly fn: string;
  readonly inner?: readonly AggregateCall[];
  readonly args: readonly Expr[];
  /** The output columns (more than one for arg_max / arg_min / take_any with several arguments). */
  readonly outputs: readonly AggregateOutput[];
  readonly pos: number;
}

export interface AggregateOutput {
  readonly name: string;
  readonly type: ScalarType;
  /** For arg_max/arg_min/take_any(*): the input column this output copies (null for the aggregated expression itself). */
  readonly source: string | null;
}

export type JoinKind =
  | 'inner'
  | 'innerunique'
  | 'leftouter'
  | 'leftsemi'
  | 'leftanti'
  | 'rightouter'
  | 'fullouter'
  | 'rightsemi'
  | 'rightanti';

export type QueryOp = { readonly pos: number; readonly schema: readonly ColumnSchema[] } & (
  | { readonly kind: 'where'; readonly predicate: Expr }
  | { readonly kind: 'extend'; readonly items: readonly NamedExpr[] }
  | { readonly kind: 'project'; readonly items: readonly NamedExpr[] }
  /** project-away, project-rename, project-keep, project-reorder: pick input columns by name. */
  | {
      readonly kind: 'select';
      readonly operator: string;
      readonly columns: readonly { readonly name: string; readonly from: string }[];
    }
  | {
      readonly kind: 'summarize';
      readonly by: readonly NamedExpr[];
      readonly aggregates: readonly AggregateCall[];
    }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[] }
  | { readonly kind: 'top'; readonly count: Expr; readonly keys: readonly SortKey[] }
  | { readonly kind: 'take'; readonly count: Expr }
  | { readonly kind: 'distinct'; readonly items: readonly NamedExpr[] }
  | { readonly kind: 'count'; readonly name: string }
  | { readonly kind: 'serialize'; readonly items: readonly NamedExpr[] }
  | { readonly kind: 'union'; readonly inputs: readonly TabularExpr[]; readonly withSource: string | null }
  | {
      readonly kind: 'join';
      readonly joinKind: JoinKind;
      readonly right: TabularExpr;
      readonly leftKeys: readonly string[];
      readonly rightKeys: readonly string[];
    }
  | ReshapingOp
  /** `lookup`: a join whose output keeps the left rows and omits the right key columns. */
  | {
      readonly kind: 'lookup';
      readonly lookupKind: 'leftouter' | 'inner';
      readonly right: TabularExpr;
      readonly leftKeys: readonly string[];
      readonly rightKeys: readonly string[];
    }
  /** `getschema`: one row per input column (ColumnName, ColumnOrdinal, DataType, ColumnType). */
  | { readonly kind: 'getschema' }
  | { readonly kind: 'sample'; readonly count: Expr }
  /**
   * `evaluate bag_unpack(column [, prefix])`: a column per top-level slot of the bags. Without an
   * output schema (`declared` false) the new columns are only known at run time; `schema` then
   * lists the input's other columns.
   */
  | {
      readonly kind: 'bag-unpack';
      readonly column: string;
      readonly prefix: string;
      readonly conflict: 'error' | 'replace_source' | 'keep_source';
      readonly declared: boolean;
    }
  /** `as Name`: later references to `Name` in the query read this operator's input. */
  | { readonly kind: 'as'; readonly name: string }
);

export type TabularExpr =
  | {
      readonly kind: 'table';
      readonly table: KnownTableName;
      readonly schema: readonly ColumnSchema[];
      readonly pos: number;
    }
  | {
      readonly kind: 'table-var';
      readonly name: string;
      readonly schema: readonly ColumnSchema[];
      readonly pos: number;
    }
  | {
      readonly kind: 'pipe';
      readonly input: TabularExpr;
      readonly op: QueryOp;
      readonly schema: readonly ColumnSchema[];
      readonly pos: number;
    }
  | {
      readonly kind: 'union';
      readonly inputs: readonly TabularExpr[];
      readonly withSource: string | null;
      readonly schema: readonly ColumnSchema[];
      readonly pos: number;
    }
  | {
      readonly kind: 'datatable';
      readonly rows: readonly (readonly Value[])[];
      readonly schema: readonly ColumnSchema[];
      readonly pos: number;
    }
  /** `range x from a to b step s` (numbers, or datetimes with a timespan step). */
  | {
      readonly kind: 'range';
      readonly from: Expr;
      readonly to: Expr;
      readonly step: Expr;
      readonly schema: readonly ColumnSchema[];
      readonly pos: number;
    }
  | {
      readonly kind: 'print';
      readonly items: readonly NamedExpr[];
      readonly schema: readonly ColumnSchema[];
      readonly pos: number;
    };

export type Statement =
  | { readonly kind: 'let-scalar'; readonly name: string; readonly expr: Expr; readonly pos: number }
  | { readonly kind: 'let-tabular'; readonly name: string; readonly expr: TabularExpr; readonly pos: number }
  | { readonly kind: 'query'; readonly expr: TabularExpr; readonly pos: number };

export interface ParsedQuery {
  readonly text: string;
  readonly statements: readonly Statement[];
}

/** Visits every scalar expression below `expr` (including `expr`), not descending into toscalar subqueries. */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'binary':
      walkExpr(expr.left, visit);
      walkExpr(expr.right, visit);
      break;
    case 'unary':
      walkExpr(expr.operand, visit);
      break;
    case 'in':
    case 'has-any':
      walkExpr(expr.operand, visit);
      for (const v of expr.values) walkExpr(v, visit);
      break;
    case 'between':
      walkExpr(expr.operand, visit);
      walkExpr(expr.low, visit);
      walkExpr(expr.high, visit);
      break;
    case 'call':
      for (const a of expr.args) walkExpr(a, visit);
      break;
    case 'member':
      walkExpr(expr.target, visit);
      break;
    case 'index':
      walkExpr(expr.target, visit);
      walkExpr(expr.index, visit);
      break;
    default:
      break;
  }
}

/** Column names an expression reads, and whether it depends on row positions (prev/next/row_number) or `*`. */
export function exprColumns(expr: Expr): { names: Set<string>; positional: boolean } {
  const names = new Set<string>();
  let positional = false;
  walkExpr(expr, (e) => {
    if (e.kind === 'column') names.add(e.name);
    else if (e.kind === 'star') positional = true;
    else if (e.kind === 'call' && (e.name === 'prev' || e.name === 'next' || e.name === 'row_number'))
      positional = true;
  });
  return { names, positional };
}
