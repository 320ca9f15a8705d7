/**
 * Runs a set of capped queries in ONE batch round trip (over one or several targets) and turns
 * the answers into tables plus data-status facts: which queries hit their row cap (never silent),
 * which came back partial, which failed.
 */
import type { BatchQuery, LogsBackend, LogsQueryError, LogsTable, LogsTarget } from '../logs/backend';
import { windowTimespan, type CappedKqlQuery, type KqlQuery, type TimeWindow } from './queries/kql-query';

/** A query that ran, with the target it ran in. */
export interface ExecutedQuery extends KqlQuery {
  /** Absent only in answers stored before queries recorded their target: those ran in the default one. */
  readonly target?: LogsTarget;
}

/** A query to run in a given target. */
export interface PlannedQuery {
  readonly query: CappedKqlQuery;
  readonly target: LogsTarget;
}

/** What a batch gave back. */
export interface BatchOutcome {
  /** Per query name: its result rows from every workspace, merged (capped). */
  readonly tables: ReadonlyMap<string, LogsTable>;
  readonly executed: readonly ExecutedQuery[];
  readonly truncated: readonly string[];
  readonly partialError: string | undefined;
  /** Failures by query name. */
  readonly failures: ReadonlyMap<string, LogsQueryError>;
}

export async function runQueryBatch(
  logs: LogsBackend,
  planned: readonly PlannedQuery[],
  window: TimeWindow,
  abortSignal?: AbortSignal,
): Promise<BatchOutcome> {
  const timespan = windowTimespan(window);
  const batch: BatchQuery[] = planned.map(({ query, target }) => ({ target, kql: query.kql, timespan }));
  const results = await logs.queryBatch(batch, abortSignal ? { abortSignal } : {});
  const tables = new Map<string, LogsTable>();
  const truncated = new Set<string>();
  const failures = new Map<string, LogsQueryError>();
  let partialError: string | undefined;
  planned.forEach(({ query }, index) => {
    const result = results[index];
    if (!result) return;
    if (result.status === 'Failure') {
      failures.set(query.name, result.error);
      return;
    }
    if (result.status === 'PartialFailure') partialError ??= result.partialError.message;
    const table = result.tables[0];
    if (!table) return;
    const merged = mergeTables(tables.get(query.name), table);
    if (merged.rows.length > query.rowCap) {
      truncated.add(query.name);
      tables.set(query.name, { ...merged, rows: merged.rows.slice(0, query.rowCap) });
    } else tables.set(query.name, merged);
  });
  const executed = planned.map(({ query, target }) => ({ name: query.name, kql: query.kql, target }));
  return { tables, executed, truncated: [...truncated], partialError, failures };
}

function mergeTables(existing: LogsTable | undefined, next: LogsTable): LogsTable {
  if (!existing) return next;
  const index = new Map(next.columns.map((column, i) => [column.name, i]));
  const rows = next.rows.map((row) =>
    existing.columns.map((column) => row[index.get(column.name) ?? -1] ?? null),
  );
  return { ...existing, rows: [...existing.rows, ...rows] };
}
