import {
  LogsQueryError,
  type BatchQuery,
  type BatchQueryResult,
  type LogsBackend,
  type LogsBackendDescription,
  type LogsQueryResult,
  type LogsTarget,
  type QueryOptions,
  type QueryTimespan,
} from '../backend';
import { EMBEDDED_ENGINE_TABLES } from '../schema';
import type { LocalLogsEngine } from './engine';
import { DEFAULT_QUERY_LIMITS, DEFAULT_QUERY_TIME_LIMIT_SECONDS, type QueryLimits } from './evaluator/limits';

/** The one data set of the engine, as a target: what its hub directory's entries leave implicit. */
export const LOCAL_DATA_SET: LogsTarget = { kind: 'workspace', id: 'local' };

/** Log Analytics returns at most this many rows per result (the rest is a partial failure). */
export const MAX_RESULT_ROWS = DEFAULT_QUERY_LIMITS.maxResultRows;

/** The backend's side of the engine's limits: a result row count, and the rest of {@link QueryLimits}. */
export interface LocalQueryLimitOptions {
  readonly maxResultRows?: number;
  /** Operator and result limits (defaults {@link DEFAULT_QUERY_LIMITS}). */
  readonly limits?: Partial<QueryLimits>;
  /** The time limit of a query that sets no `serverTimeoutInSeconds` (default: the API's 180 s). */
  readonly defaultTimeLimitSeconds?: number;
}

/**
 * {@link LogsBackend} over the embedded engine, in this process: same KQL, same result shapes and
 * error kinds as the Azure backend. The timespan restricts TimeGenerated like Log Analytics does
 * (intersected with the query's own filters); abort signals and `serverTimeoutInSeconds` stop a
 * query with `timeout`; the engine's limits (`evaluator/limits.ts`) stop a runaway one.
 *
 * The engine holds one data set (the loaded files, or the demo): every target names it, so a query
 * meant for any workspace or resource is answered from it, as if each hub's logs were there.
 * A query runs on the caller's thread: the CLI's choice. The bot uses {@link WorkerLogsBackend},
 * where a query that outgrows the heap costs a worker, not the process.
 */
export class LocalLogsBackend implements LogsBackend {
  readonly description: LogsBackendDescription = LOCAL_BACKEND_DESCRIPTION;

  private readonly limits: Partial<QueryLimits>;
  private readonly defaultTimeLimitSeconds: number;

  constructor(
    private readonly engine: LocalLogsEngine,
    options: LocalQueryLimitOptions = {},
  ) {
    this.limits = localLimits(options);
    this.defaultTimeLimitSeconds = options.defaultTimeLimitSeconds ?? DEFAULT_QUERY_TIME_LIMIT_SECONDS;
  }

  async query(
    _target: LogsTarget,
    kql: string,
    timespan: QueryTimespan,
    options: QueryOptions = {},
  ): Promise<LogsQueryResult> {
    throwIfAborted(options.abortSignal);
    const timeLimitSeconds = options.serverTimeoutInSeconds ?? this.defaultTimeLimitSeconds;
    return this.engine.queryResult(kql, timespan, {
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      deadline: Date.now() + timeLimitSeconds * 1000,
      timeLimitSeconds,
      limits: this.limits,
    });
  }

  queryBatch(
    queries: readonly BatchQuery[],
    options: Pick<QueryOptions, 'abortSignal'> = {},
  ): Promise<BatchQueryResult[]> {
    return queryEachOfBatch(this, queries, options);
  }
}

/** What the embedded engine is, wherever it runs (this thread or a worker). */
export const LOCAL_BACKEND_DESCRIPTION: LogsBackendDescription = {
  serviceName: 'The embedded log engine',
  inProcess: true,
  // Loaded files and the demo are complete as loaded: nothing arrives late.
  ingestionLatency: false,
  defaultTarget: LOCAL_DATA_SET,
  tables: EMBEDDED_ENGINE_TABLES,
};

/** The limits a backend's options ask for (`maxResultRows` is short for `limits.maxResultRows`). */
export function localLimits(options: LocalQueryLimitOptions): Partial<QueryLimits> {
  return {
    ...options.limits,
    ...(options.maxResultRows !== undefined ? { maxResultRows: options.maxResultRows } : {}),
  };
}

/**
 * A batch as the engine answers one: each query in turn through `backend.query`, a failed query
 * as its item's `Failure`, the others answered.
 */
export async function queryEachOfBatch(
  backend: Pick<LogsBackend, 'query'>,
  queries: readonly BatchQuery[],
  options: Pick<QueryOptions, 'abortSignal'>,
): Promise<BatchQueryResult[]> {
  throwIfAborted(options.abortSignal);
  const results: BatchQueryResult[] = [];
  for (const query of queries) {
    // Let timers and abort events run between the (synchronous) queries of a batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfAborted(options.abortSignal);
    try {
      results.push(
        await backend.query(query.target, query.kql, query.timespan, {
          ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
          ...(query.serverTimeoutInSeconds !== undefined
            ? { serverTimeoutInSeconds: query.serverTimeoutInSeconds }
            : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof LogsQueryError)) throw error;
      results.push({ status: 'Failure', error });
    }
  }
  return results;
}

/** @throws LogsQueryError `timeout` when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new LogsQueryError('timeout', 'The query was cancelled before it started.', {
      cause: signal.reason,
    });
  }
}
