import {
  LogsQueryError,
  type BatchQuery,
  type BatchQueryResult,
  type LogsBackend,
  type LogsBackendDescription,
  type LogsQueryResult,
  type LogsTable,
  type LogsTarget,
  type QueryOptions,
  type QueryTimespan,
} from '../backend';
import { AZURE_DIAGNOSTICS_TABLES } from '../schema';
import type { LocalLogsEngine } from './engine';

/** The one data set of the engine, as a target: what its hub directory's entries leave implicit. */
export const LOCAL_DATA_SET: LogsTarget = { kind: 'workspace', id: 'local' };

/** Log Analytics returns at most this many rows per result (the rest is a partial failure). */
export const MAX_RESULT_ROWS = 500_000;

/**
 * {@link LogsBackend} over the embedded engine: same KQL, same result shapes and error kinds as the
 * Azure backend. The timespan restricts TimeGenerated like Log Analytics does (intersected with the
 * query's own filters); abort signals and `serverTimeoutInSeconds` stop a query with `timeout`.
 *
 * The engine holds one data set (the loaded files, or the demo): every target names it, so a query
 * meant for any workspace or resource is answered from it, as if each hub's logs were there.
 */
export class LocalLogsBackend implements LogsBackend {
  readonly description: LogsBackendDescription = {
    serviceName: 'The embedded log engine',
    inProcess: true,
    // Loaded files and the demo are complete as loaded: nothing arrives late.
    ingestionLatency: false,
    defaultTarget: LOCAL_DATA_SET,
    tables: AZURE_DIAGNOSTICS_TABLES,
  };

  private readonly maxResultRows: number;

  constructor(
    private readonly engine: LocalLogsEngine,
    options: { readonly maxResultRows?: number } = {},
  ) {
    this.maxResultRows = options.maxResultRows ?? MAX_RESULT_ROWS;
  }

  async query(
    _target: LogsTarget,
    kql: string,
    timespan: QueryTimespan,
    options: QueryOptions = {},
  ): Promise<LogsQueryResult> {
    throwIfAborted(options.abortSignal);
    const deadline =
      options.serverTimeoutInSeconds !== undefined
        ? Date.now() + options.serverTimeoutInSeconds * 1000
        : undefined;
    const tables = this.engine.query(kql, timespan, {
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...(deadline !== undefined ? { deadline } : {}),
    });
    return limitRows(tables, this.maxResultRows);
  }

  async queryBatch(
    queries: readonly BatchQuery[],
    options: Pick<QueryOptions, 'abortSignal'> = {},
  ): Promise<BatchQueryResult[]> {
    throwIfAborted(options.abortSignal);
    const results: BatchQueryResult[] = [];
    for (const query of queries) {
      // Let timers and abort events run between the (synchronous) queries of a batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      throwIfAborted(options.abortSignal);
      try {
        results.push(
          await this.query(query.target, query.kql, query.timespan, {
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
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new LogsQueryError('timeout', 'The query was cancelled before it started.', {
      cause: signal.reason,
    });
  }
}

/** Like Log Analytics: past the row limit the result is truncated and reported as a partial failure. */
function limitRows(tables: LogsTable[], limit: number): LogsQueryResult {
  const tooBig = tables.some((t) => t.rows.length > limit);
  if (!tooBig) return { status: 'Success', tables };
  return {
    status: 'PartialFailure',
    tables: tables.map((t) => (t.rows.length > limit ? { ...t, rows: t.rows.slice(0, limit) } : t)),
    partialError: {
      code: 'PartialError',
      message: `The results were truncated to ${limit} rows (the Log Analytics limit); narrow the query.`,
    },
  };
}
