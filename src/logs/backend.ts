/**
 * The one seam between the bot and wherever its logs live.
 *
 * It mirrors `LogsQueryClient.queryWorkspace` / `queryResource` / `queryBatch` from
 * `@azure/monitor-query-logs` — every query names its target — so that the Azure implementation is
 * a thin adapter and the embedded engine can be swapped in without the callers noticing: both run
 * the SAME KQL text. Callers never ask which implementation they hold; they read its
 * {@link LogsBackendDescription}.
 */
import type { LogTables } from './schema';

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

/**
 * The data set a query reads, named as the Azure SDK names it: a Log Analytics workspace
 * (`queryWorkspace(id)`, the GUID) or one Azure resource's logs (`queryResource(id)`, its ARM id).
 * Plain JSON, so it travels in a Diagnosis.
 */
export interface LogsTarget {
  readonly kind: 'workspace' | 'resource';
  readonly id: string;
}

export interface QueryOptions {
  readonly abortSignal?: AbortSignal;
  readonly serverTimeoutInSeconds?: number;
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
  readonly target: LogsTarget;
  readonly kql: string;
  readonly timespan: QueryTimespan;
  readonly serverTimeoutInSeconds?: number;
}

/** In a batch one query can fail while the others succeed; its failure is data, not an exception. */
export type BatchQueryResult =
  LogsQueryResult | { readonly status: 'Failure'; readonly error: LogsQueryError };

/** A window as the answers carry it (ISO 8601 instants). */
export interface IsoWindow {
  readonly start: string;
  readonly end: string;
}

/** Opens a query in the service's own UI, so an engineer sees the rows the bot saw. */
export interface QueryLinks {
  /** The UI the links open, for the button ("Open in Log Analytics"). */
  readonly serviceName: string;
  /**
   * The link for `kql` over `window` in `target` (absent: the default target, for answers stored
   * before queries recorded theirs); undefined when the bot cannot address that target's UI.
   */
  link(kql: string, window: IsoWindow, target?: LogsTarget): string | undefined;
}

/** What a backend is and can do. Callers branch on these properties, never on the implementation. */
export interface LogsBackendDescription {
  /** Names the service in errors and data-source notes: `Log Analytics`, `The embedded log engine`. */
  readonly serviceName: string;
  /** The rows were loaded into this process (files, demo): complete as loaded, no service behind them. */
  readonly inProcess: boolean;
  /** Records can arrive minutes after they happened (ingestion latency): a window ending now may be incomplete. */
  readonly ingestionLatency: boolean;
  /** Where a query goes when the hub directory names no target for the hub (the configured workspace). */
  readonly defaultTarget: LogsTarget;
  /** The tables of that data set (log-schema.md); a hub's directory entry may name others. */
  readonly tables: LogTables;
  /** "Open in …" links, when the service has a UI and the bot knows how to address it. */
  readonly links?: QueryLinks;
}

export interface LogsBackend {
  readonly description: LogsBackendDescription;
  query(
    target: LogsTarget,
    kql: string,
    timespan: QueryTimespan,
    options?: QueryOptions,
  ): Promise<LogsQueryResult>;
  /** Several queries (each naming its target) in one round trip, results in the same order as the queries. */
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
