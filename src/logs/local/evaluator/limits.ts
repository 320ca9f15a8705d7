/**
 * The embedded engine's query limits, modelled on Log Analytics': a result is truncated past
 * 500,000 rows or 64 MB (a partial failure), a query stops at its time limit, and an operator
 * whose output would not fit in memory stops the query with an error that names the limit, its
 * value and what to change. The operator limits are checked while the operator produces rows, so
 * a self-join that would make 45 million rows stops at the limit instead of exhausting the heap.
 */
import { LogsQueryError } from '../../backend';

export interface QueryLimits {
  /** Rows of a result table; past it the result is truncated (a partial failure, as in Log Analytics). */
  readonly maxResultRows: number;
  /** Approximate bytes of a result table (UTF-16 strings, 8 bytes a number); past it, truncated. */
  readonly maxResultBytes: number;
  /** Rows one operator (join, union) may produce. */
  readonly maxOperatorRows: number;
  /** Cells (rows × columns) one operator may produce: wide rows cost more memory than narrow ones. */
  readonly maxOperatorCells: number;
}

/** Log Analytics' result limits (500,000 records, 64 MB) and operator limits that fit a 1.5 GB heap. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxResultRows: 500_000,
  maxResultBytes: 64 * 1024 * 1024,
  maxOperatorRows: 5_000_000,
  maxOperatorCells: 20_000_000,
};

/** The Log Analytics API's default server timeout; callers pass a smaller `serverTimeoutInSeconds`. */
export const DEFAULT_QUERY_TIME_LIMIT_SECONDS = 180;

/** The error code of every limit error, for logs and tests. */
export const QUERY_LIMIT_CODE = 'QueryLimitExceeded';

/** What an operator needs to stay inside the limits while it produces rows. */
export interface OperatorGuard {
  readonly limits: QueryLimits;
  /** Throws to stop the query (abort, time limit); cheap enough to call every few thousand rows. */
  readonly checkpoint: () => void;
}

/** How many rows an operator produces between two checkpoints. */
export const ROWS_PER_CHECKPOINT = 8192;

/**
 * Stops `operator` when `rows` rows of `columns` columns exceed a limit. The advice says what
 * usually fixes it: fewer rows in (a where before the operator) or fewer copies per key (summarize).
 */
export function checkOperatorOutput(
  guard: OperatorGuard,
  operator: string,
  rows: number,
  columns: number,
  position?: number,
): void {
  const { maxOperatorRows, maxOperatorCells } = guard.limits;
  const advice =
    operator === 'join'
      ? 'Add a where before the join so each side has fewer rows, or summarize first so each key appears once.'
      : 'Add a where before it, or summarize first.';
  if (rows > maxOperatorRows) {
    throw limitError(
      `The ${operator} produced more than ${count(maxOperatorRows)} rows, the embedded engine's limit for one operator. ${advice}`,
      position,
    );
  }
  if (rows * columns > maxOperatorCells) {
    throw limitError(
      `The ${operator} produced more than ${count(maxOperatorCells)} cells (rows × columns), the embedded engine's limit for one operator. Project only the columns you need before it. ${advice}`,
      position,
    );
  }
}

/** The answer to a query whose worker ran out of memory (its heap limit is the last line of defence). */
export function outOfMemoryError(heapLimitMb: number): LogsQueryError {
  return limitError(
    `The query needed more memory than the embedded engine allows (${count(heapLimitMb)} MB) and was stopped. Add a where before joins, or summarize first.`,
  );
}

function limitError(message: string, position?: number): LogsQueryError {
  return new LogsQueryError('bad-query', message, {
    code: QUERY_LIMIT_CODE,
    ...(position !== undefined ? { position } : {}),
  });
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
