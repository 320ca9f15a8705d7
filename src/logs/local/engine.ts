/**
 * The embedded KQL engine: in-memory `AzureDiagnostics` / `AzureMetrics` tables that loaders fill
 * through {@link RowSink}, and {@link LocalLogsEngine.query} that runs the same KQL text Log
 * Analytics would (parsed and bound by the official Kusto parser, see `kusto-bridge.ts`).
 */
import {
  LogsQueryError,
  type CellValue,
  type LogsQueryResult,
  type LogsTable,
  type QueryTimespan,
} from '../backend';
import { KNOWN_TABLES, type KnownTableName } from '../schema';
import type { ParsedQuery } from './ast';
import { QueryRunner, type Truncation } from './evaluator';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './evaluator/limits';
import { parseKql } from './kusto-bridge';
import {
  fillTemplate,
  originalPosition,
  templateOf,
  verifyTemplate,
  type QueryTemplate,
  type VerifiedTemplate,
} from './query-template';
import { NumberColumn, StoredTable } from './table';

export interface RowSink {
  /**
   * One row of `table`. Values are already coerced: Date for datetime, number for long/real,
   * string, or null; missing keys are null; keys that are not columns of the table are ignored.
   */
  appendRow(table: KnownTableName, row: Readonly<Record<string, CellValue>>): void;
}

export interface LocalLogsEngineOptions {
  /** What now() / ago() and duration-only timespans are relative to. Defaults to the system clock. */
  readonly clock?: () => Date;
  /** KQL text → plan; the official parser's bridge unless a test counts or wraps its calls. */
  readonly parse?: (kql: string) => ParsedQuery;
}

export interface QueryControl {
  readonly abortSignal?: AbortSignal;
  /** Epoch ms after which the query stops with a `timeout` error. */
  readonly deadline?: number;
  /** The time limit the deadline came from, for the error message. */
  readonly timeLimitSeconds?: number;
  /** Polled with the abort signal: a worker thread's cancel flag, which no event can deliver mid-query. */
  readonly isCancelled?: () => boolean;
  /** Operator and result limits; {@link DEFAULT_QUERY_LIMITS} for those not given. */
  readonly limits?: Partial<QueryLimits>;
}

export interface TableCoverage {
  readonly table: KnownTableName;
  readonly rows: number;
  readonly earliest: Date | null;
  readonly latest: Date | null;
}

const PARSE_CACHE_SIZE = 200;

/** A parsed template, or the finding that its placeholders cannot be trusted (parse exact texts). */
type TemplateEntry = { readonly verified: VerifiedTemplate } | { readonly exactOnly: true };

export class LocalLogsEngine implements RowSink {
  private readonly tables = new Map<KnownTableName, StoredTable>();
  private readonly clock: () => Date;
  private readonly parseText: (kql: string) => ParsedQuery;
  /** Parsed queries by text: the AST depends only on the text and the (fixed) schema. */
  private readonly parsed = new Map<string, ParsedQuery>();
  /** Parsed templates by template text (see `query-template.ts`): one parse per query shape. */
  private readonly templates = new Map<string, TemplateEntry>();
  /** The template a parse came from: its positions are the template's, errors map them back. */
  private readonly templateOfParse = new WeakMap<ParsedQuery, QueryTemplate>();

  constructor(options: LocalLogsEngineOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.parseText = options.parse ?? parseKql;
    for (const [name, columns] of Object.entries(KNOWN_TABLES) as [
      KnownTableName,
      (typeof KNOWN_TABLES)[KnownTableName],
    ][]) {
      this.tables.set(name, new StoredTable(name, columns));
    }
  }

  appendRow(table: KnownTableName, row: Readonly<Record<string, CellValue>>): void {
    const stored = this.tables.get(table);
    if (!stored) throw new Error(`Unknown table '${String(table)}'.`);
    stored.appendRow(row);
  }

  /** Builds indexes; call after loading (queries before it are still correct, just slower). */
  finishLoading(): void {
    for (const table of this.tables.values()) table.finishLoading();
  }

  /**
   * Runs KQL and returns its result tables (the first is `PrimaryResult`), all their rows unless
   * `control.limits` sets result limits. `timespan` restricts TimeGenerated of every table the
   * query reads, like the Log Analytics API's timespan. Throws `LogsQueryError('bad-query')` for
   * invalid or unsupported KQL (message names the operator or function, `details.position` is
   * where) or an operator past its limit (`details.code` {@link QUERY_LIMIT_CODE}), `timeout`
   * when aborted or past the deadline.
   */
  query(kql: string, timespan?: QueryTimespan, control: QueryControl = {}): LogsTable[] {
    const limits = {
      ...DEFAULT_QUERY_LIMITS,
      maxResultRows: Infinity,
      maxResultBytes: Infinity,
      ...control.limits,
    };
    return this.run(kql, timespan, control, limits).tables;
  }

  /**
   * Like {@link query}, with Log Analytics' result limits (defaults: {@link DEFAULT_QUERY_LIMITS}):
   * a result past them is truncated and answered as a `PartialFailure` that says which limit.
   */
  queryResult(kql: string, timespan?: QueryTimespan, control: QueryControl = {}): LogsQueryResult {
    const limits = { ...DEFAULT_QUERY_LIMITS, ...control.limits };
    const { tables, truncation } = this.run(kql, timespan, control, limits);
    if (!truncation) return { status: 'Success', tables };
    return { status: 'PartialFailure', tables, partialError: truncationError(truncation, limits) };
  }

  private run(
    kql: string,
    timespan: QueryTimespan | undefined,
    control: QueryControl,
    limits: QueryLimits,
  ): { tables: LogsTable[]; truncation: Truncation | undefined } {
    const now = this.clock().getTime();
    const query = this.parse(kql);
    const timeRange = timespan ? timespanRange(timespan, now) : null;
    const { abortSignal, deadline, isCancelled, timeLimitSeconds } = control;
    const checkpoint = (): void => {
      if (abortSignal?.aborted || isCancelled?.()) {
        throw new LogsQueryError('timeout', 'The query was cancelled before it finished.', {
          cause: abortSignal?.reason,
        });
      }
      if (deadline !== undefined && Date.now() > deadline) {
        const limit = timeLimitSeconds !== undefined ? ` of ${timeLimitSeconds} s` : '';
        throw new LogsQueryError(
          'timeout',
          `The query ran past its time limit${limit}. Try a shorter time window, or add a where before joins.`,
        );
      }
    };
    checkpoint();
    const runner = new QueryRunner(this.tables, { now, timeRange, checkpoint, limits });
    try {
      return { tables: runner.run(query), truncation: runner.truncation };
    } catch (error) {
      if (error instanceof LogsQueryError) throw this.inQueryText(error, query);
      if (error instanceof RangeError) {
        throw new LogsQueryError(
          'bad-query',
          `The query needs more memory than the embedded engine has: ${error.message}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }

  /** The error with its position (in `details` and in the message) in the query's own text. */
  private inQueryText(error: LogsQueryError, query: ParsedQuery): LogsQueryError {
    const template = this.templateOfParse.get(query);
    const position = error.details.position;
    if (!template || position === undefined) return error;
    const mapped = originalPosition(template, position);
    if (mapped === position) return error;
    return new LogsQueryError(
      error.kind,
      error.message.replace(`at position ${position}`, `at position ${mapped}`),
      { ...error.details, position: mapped, cause: error.details.cause ?? error },
    );
  }

  /** Per table: rows, min and max TimeGenerated (null when empty). */
  coverage(): TableCoverage[] {
    return [...this.tables.entries()].map(([table, stored]) => {
      const column = stored.column('TimeGenerated');
      const range = column instanceof NumberColumn ? column.range() : null;
      return {
        table,
        rows: stored.rowCount,
        earliest: range ? new Date(range.min) : null,
        latest: range ? new Date(range.max) : null,
      };
    });
  }

  private parse(kql: string): ParsedQuery {
    const cached = lruGet(this.parsed, kql);
    if (cached) return cached;
    const template = templateOf(kql);
    const query =
      template.holes.length === 0
        ? this.parseText(kql)
        : (this.parseThroughTemplate(kql, template) ?? this.parseText(kql));
    lruSet(this.parsed, kql, query);
    return query;
  }

  /** The parse of `kql` from its template's parse, or undefined when the template cannot be trusted. */
  private parseThroughTemplate(kql: string, template: QueryTemplate): ParsedQuery | undefined {
    let entry = lruGet(this.templates, template.text);
    if (!entry) {
      try {
        const verified = verifyTemplate(this.parseText(template.text), template);
        entry = verified ? { verified } : { exactOnly: true };
      } catch {
        // The original text is parsed next and reports its own error at its own position.
        entry = { exactOnly: true };
      }
      lruSet(this.templates, template.text, entry);
    }
    if (!('verified' in entry)) return undefined;
    const query = fillTemplate(entry.verified, template, kql);
    this.templateOfParse.set(query, template);
    return query;
  }
}

/** Like Log Analytics: past a result limit the result is truncated and the answer says which limit. */
function truncationError(truncation: Truncation, limits: QueryLimits): { code: string; message: string } {
  const limit =
    truncation.reason === 'rows'
      ? `${limits.maxResultRows.toLocaleString('en-US')} rows`
      : formatBytes(limits.maxResultBytes);
  return {
    code: 'PartialError',
    message: `The results were truncated to ${truncation.rows} rows: the result limit is ${limit} (as in Log Analytics). Narrow the query, or summarize.`,
  };
}

function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Math.round(mb)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Map-as-LRU: a hit moves the entry to the end; inserting past the size drops the oldest. */
function lruGet<T>(cache: Map<string, T>, key: string): T | undefined {
  const value = cache.get(key);
  if (value === undefined) return undefined;
  cache.delete(key);
  cache.set(key, value);
  return value;
}

function lruSet<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= PARSE_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, value);
}

/** API timespan → [start, end] epoch ms. */
export function timespanRange(timespan: QueryTimespan, now: number): { start: number; end: number } {
  if ('startTime' in timespan && 'endTime' in timespan) {
    return { start: timespan.startTime.getTime(), end: timespan.endTime.getTime() };
  }
  if ('startTime' in timespan) {
    const start = timespan.startTime.getTime();
    return { start, end: start + isoDurationMs(timespan.duration) };
  }
  return { start: now - isoDurationMs(timespan.duration), end: now };
}

/** ISO 8601 duration (`PT24H`, `P7D`, `P1DT2H30M`, `PT0.5S`, `P2W`) in ms; years = 365 days, months = 30 days. */
export function isoDurationMs(duration: string): number {
  const m =
    /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
      duration.trim(),
    );
  if (!m || duration.trim().toUpperCase() === 'P' || /T$/i.test(duration.trim())) {
    throw new LogsQueryError('bad-query', `'${duration}' is not an ISO 8601 duration (e.g. PT24H, P7D).`);
  }
  const n = (i: number): number => Number(m[i] ?? 0);
  const day = 86_400_000;
  return (
    n(1) * 365 * day +
    n(2) * 30 * day +
    n(3) * 7 * day +
    n(4) * day +
    n(5) * 3_600_000 +
    n(6) * 60_000 +
    n(7) * 1000
  );
}
