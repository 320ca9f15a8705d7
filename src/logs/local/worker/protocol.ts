/**
 * The messages between the bot's thread and an engine worker. Everything here survives the
 * structured clone (Dates included); functions do not, so the bot's clock travels as `now` with
 * each load and query.
 */
import type { CellValue, LogsQueryErrorKind, QueryTimespan } from '../../backend';
import type { KnownTableName } from '../../schema';
import type { DemoSettings, LocalLogsSummary } from '../data-source';
import type { TableCoverage } from '../engine';
import type { QueryLimits } from '../evaluator/limits';
import type { LoadProgress } from '../loaders/load-log-files';
import type { WireResult } from './wire';

/** Rows of each table, already coerced (Date for datetime): a small data set handed over whole. */
export type SeedRows = Partial<Record<KnownTableName, readonly Readonly<Record<string, CellValue>>[]>>;

/** What a worker loads: files or the demo through the loaders (in the worker), or rows given. */
export type WorkerDataSource =
  | {
      readonly kind: 'files';
      /** None: the demo data set, generated into `demoCacheDir` when its cache is stale. */
      readonly paths?: readonly string[];
      readonly demoCacheDir: string;
      readonly demo?: DemoSettings;
    }
  | { readonly kind: 'rows'; readonly rows: SeedRows };

/** `workerData` of an engine worker. */
export interface WorkerStartData {
  readonly source: WorkerDataSource;
  /** The bot's clock at start, epoch ms (the demo ends at its hour). */
  readonly now: number;
  /** Whether to post load progress (only the first worker's load is reported). */
  readonly reportProgress: boolean;
  /** Int32[1]: the id of a query the bot cancelled; polled by the running query's checkpoints. */
  readonly cancel: SharedArrayBuffer;
}

export interface QueryRequest {
  readonly id: number;
  readonly kql: string;
  readonly timespan: QueryTimespan;
  /** The bot's clock when the query was asked, epoch ms (now() / ago() and durations). */
  readonly now: number;
  /** Epoch ms; past it the query stops with `timeout`. */
  readonly deadline: number;
  readonly timeLimitSeconds: number;
  readonly limits: Partial<QueryLimits>;
}

/** A `LogsQueryError` without its cause (a cause need not survive the clone). */
export interface SerializedQueryError {
  readonly kind: LogsQueryErrorKind;
  readonly message: string;
  readonly code?: string;
  readonly position?: number;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: LoadProgress }
  | { readonly type: 'generating-demo'; readonly end: Date }
  | {
      readonly type: 'ready';
      readonly summary: LocalLogsSummary | undefined;
      readonly coverage: readonly TableCoverage[];
    }
  | {
      readonly type: 'load-failed';
      readonly message: string;
      /** Set when the load failed because a given path does not exist (`LogPathNotFoundError`). */
      readonly missingPath?: string;
    }
  | { readonly type: 'result'; readonly id: number; readonly result: WireResult }
  | { readonly type: 'query-failed'; readonly id: number; readonly error: SerializedQueryError }
  /** Not a LogsQueryError: an engine bug, reported like one thrown in this thread would be. */
  | { readonly type: 'query-crashed'; readonly id: number; readonly message: string };
