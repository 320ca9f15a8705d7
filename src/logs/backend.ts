/**
 * The one seam between the bot and wherever its logs live.
 *
 * It mirrors `LogsQueryClient.queryWorkspace` / `queryBatch` from `@azure/monitor-query-logs`
 * so that the Azure implementation is a thin adapter and the embedded engine can be swapped in
 * without the callers noticing: both run the SAME KQL text.
 */

/** Kusto scalar types as they appear in Log Analytics result columns. */
export type KustoType =
  'string' | 'datetime' | 'long' | 'int' | 'real' | 'bool' | 'dynamic' | 'timespan' | 'guid' | 'decimal';

/** A dynamic (JSON) value. */
export type DynamicValue =
  null | boolean | number | string | DynamicValue[] | { [key: string]: DynamicValue };

/**
 * One cell of a result table, as `LogsQueryClient` hands it out: datetime columns are `Date`,
 * numbers are `number`, dynamic columns are parsed JSON, timespans are Kusto timespan text
 * (e.g. `00:05:00`), empty cells are `null`.
 */
export type CellValue = string | number | boolean | Date | null | DynamicValue;

export interface LogsColumn {
  readonly name: string;
  readonly type: KustoType;
}

export interface LogsTable {
  readonly name: string;
  readonly columns: readonly LogsColumn[];
  readonly rows: readonly (readonly CellValue[])[];
}

/** Same shapes as `QueryTimeInterval` in the Azure SDK. `duration` is ISO 8601 (e.g. `PT24H`). */
export type QueryTimespan =
  | { readonly startTime: Date; readonly endTime: Date }
  | { readonly startTime: Date; readonly duration: string }
  | { readonly duration: string };

export interface QueryOptions {
  readonly abortSignal?: AbortSignal;
  readonly serverTimeoutInSeconds?: number;
  /** Log Analytics workspace (GUID) to ask; defaults to the configured workspace. Ignored by the embedded engine. */
  readonly workspaceId?: string;
}

export interface PartialError {
  readonly code: string;
  readonly message: string;
}

export type LogsQueryResult =
  | { readonly status: 'Success'; readonly tables: readonly LogsTable[] }
  | {
      readonly status: 'PartialFailure';
      readonly tables: readonly LogsTable[];
      readonly partialError: PartialError;
    };

export interface BatchQuery {
  readonly kql: string;
  readonly timespan: QueryTimespan;
  readonly workspaceId?: string;
  readonly serverTimeoutInSeconds?: number;
}

/** In a batch one query can fail while the others succeed; its failure is data, not an exception. */
export type BatchQueryResult =
  LogsQueryResult | { readonly status: 'Failure'; readonly error: LogsQueryError };

export interface LogsBackend {
  /** `azure` (Log Analytics) or `local` (embedded engine); shown to users in data-source notes. */
  readonly kind: 'azure' | 'local';
  queryWorkspace(kql: string, timespan: QueryTimespan, options?: QueryOptions): Promise<LogsQueryResult>;
  /** Several queries in one round trip, results in the same order as the queries. */
  queryBatch(
    queries: readonly BatchQuery[],
    options?: Pick<QueryOptions, 'abortSignal'>,
  ): Promise<BatchQueryResult[]>;
}

/** What a caller can do about a failed query. */
export type LogsQueryErrorKind = 'throttled' | 'timeout' | 'forbidden' | 'bad-query' | 'unavailable';

/**
 * A query that failed. `message` is safe to show a user (no tokens, no secrets); `kind` says what to do next.
 */
export class LogsQueryError extends Error {
  override readonly name = 'LogsQueryError';
  constructor(
    readonly kind: LogsQueryErrorKind,
    message: string,
    readonly details: {
      /** For `throttled`: when the service says to come back. */
      readonly retryAfterInMs?: number;
      /** Service error code, e.g. `BadArgumentError`, `SYN0002`, `InsufficientAccessError`. */
      readonly code?: string;
      /** For `bad-query`: 0-based offset in the KQL text where the problem is, when known. */
      readonly position?: number;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message);
  }
}
