/**
 * The AST of the operators that reshape rows rather than filter or compute them: `parse` (new
 * columns cut out of a text), `mv-expand` / `mv-apply` (one row per element of a dynamic array or
 * bag), `make-series` (one row per series, its values as arrays) and `top-nested` (hierarchical
 * top-N). They live apart from `ast.ts` so that the operators of the core stay short to read.
 */
import type { AggregateCall, ColumnSchema, Expr, NamedExpr, QueryOp } from './ast';
import type { ScalarType } from './values';

/** One element of a `parse ... with` pattern. */
export type ParsePart =
  | { readonly kind: 'skip' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'column'; readonly name: string; readonly type: ScalarType };

/** `simple` (strict, literal delimiters), `regex` (delimiters are regular expressions), `relaxed` (a column that doesn't convert is null, the others stay). */
export type ParseKind = 'simple' | 'regex' | 'relaxed';

/** One array or bag `mv-expand` / `mv-apply` expands, and the column its elements go to. */
export interface ExpandItem {
  readonly name: string;
  readonly expr: Expr;
  /** `to typeof(...)`: elements that aren't of this type become null (dynamic: kept as they are). */
  readonly type: ScalarType;
}

/** What `mv-expand` and `mv-apply` share: the expansion of each input row. */
export interface Expansion {
  readonly items: readonly ExpandItem[];
  /** `kind=array`: a bag's entries become `[key, value]` arrays instead of one-entry bags. */
  readonly bagAsArray: boolean;
  /** `with_itemindex=`: the column holding each element's 0-based index. */
  readonly indexColumn: string | null;
  /** `limit`: at most this many rows from one input row. */
  readonly rowLimit: number;
}

export interface SeriesAggregate {
  readonly call: AggregateCall;
  /** `default=`: the value of a bin no row fell in (null: 0). */
  readonly fallback: Expr | null;
}

/** One `top-nested N of Expr [with others=C] by Aggregate [asc|desc]` clause. */
export interface TopNestedLevel {
  /** null: every distinct value. */
  readonly count: Expr | null;
  readonly of: NamedExpr;
  /** `with others=`: the value of the extra row that aggregates the values past the top N. */
  readonly others: Expr | null;
  readonly aggregate: AggregateCall;
  readonly descending: boolean;
}

export type ReshapingOp =
  | {
      readonly kind: 'parse';
      readonly parseKind: ParseKind;
      /** Regex flags of `kind=regex flags=...` (RE2 letters: U, i, m, s). */
      readonly flags: string;
      readonly source: Expr;
      readonly parts: readonly ParsePart[];
    }
  | ({ readonly kind: 'mv-expand' } & Expansion)
  | ({
      readonly kind: 'mv-apply';
      /** The operators of `on (...)`, run over each input row's expanded sub-table. */
      readonly subquery: readonly QueryOp[];
      /** The sub-table's columns: the input's, expanded ones replaced or added, then the index column. */
      readonly subSchema: readonly ColumnSchema[];
    } & Expansion)
  | {
      readonly kind: 'make-series';
      readonly aggregates: readonly SeriesAggregate[];
      readonly axis: Expr;
      readonly from: Expr | null;
      readonly to: Expr | null;
      readonly step: Expr;
      /** `on X in range(start, stop, step)`: stop is inclusive and bins are bin(X, step). */
      readonly inRange: boolean;
      readonly by: readonly NamedExpr[];
      /** `kind=nonempty`: an empty input still makes one row of defaults (when there are no by keys). */
      readonly nonEmpty: boolean;
    }
  | { readonly kind: 'top-nested'; readonly levels: readonly TopNestedLevel[] };
