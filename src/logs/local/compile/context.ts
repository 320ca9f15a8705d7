/** What compiled expressions read besides rows: the query's clock, variables, caches and subqueries. */
import { LogsQueryError } from '../../backend';
import type { TabularExpr } from '../ast';
import type { Value } from '../values';

export type Getter = (i: number) => Value;

export interface EvalContext {
  /** now() for the whole query, epoch ms. */
  readonly now: number;
  /** Values of scalar `let`s. */
  readonly vars: ReadonlyMap<string, Value>;
  /** parse_json results of this query, by input text. */
  readonly parseCache: Map<string, Value>;
  /** Runs a `toscalar()` subquery. */
  scalarQuery(query: TabularExpr): Value;
  /** Runs a subquery and returns the values of its first column. */
  columnValues(query: TabularExpr): Value[];
}

export function badQuery(message: string, position: number): LogsQueryError {
  return new LogsQueryError('bad-query', `${message} (at position ${position}).`, { position });
}
