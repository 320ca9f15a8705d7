/**
 * The embedded engine off the bot's event loop: worker threads that each load the data set into
 * their own heap and answer queries, behind the {@link LogsBackend} seam.
 *
 * Why workers that load (not shared columns): the loaders and tables stay as they are, the bot's
 * heap never holds the rows, and a worker's heap limit (`resourceLimits`) bounds what a runaway
 * query can take. A query that exhausts it costs that worker only: the query is answered with a
 * limit error, the worker is started again (it reloads the data), and the other workers go on
 * answering; queries that find no ready worker wait in the queue (none are dropped) until one is.
 * Time limits are cooperative first (the engine's checkpoints read the deadline and the cancel
 * flag in shared memory), `terminate()` the last resort for a query that does not reach a
 * checkpoint within a grace period after its deadline.
 */
import type { Worker } from 'node:worker_threads';
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
} from '../../backend';
import type { DemoSettings, LocalLogsSummary } from '../data-source';
import type { TableCoverage } from '../engine';
import { DEFAULT_QUERY_TIME_LIMIT_SECONDS, outOfMemoryError, type QueryLimits } from '../evaluator/limits';
import type { LoadProgress } from '../loaders/load-log-files';
import { LogPathNotFoundError } from '../loaders/find-log-files';
import {
  LOCAL_BACKEND_DESCRIPTION,
  localLimits,
  queryEachOfBatch,
  throwIfAborted,
  type LocalQueryLimitOptions,
} from '../local-backend';
import type { QueryRequest, SeedRows, WorkerDataSource, WorkerMessage, WorkerStartData } from './protocol';
import { spawnEngineWorker } from './spawn-engine-worker';
import { fromWire } from './wire';

/** Two workers: one person's slow query leaves the other answering. Each holds a copy of the data. */
export const DEFAULT_ENGINE_WORKERS = 2;
/** A worker's old-generation heap: the data set plus the operator limits' worth of rows. */
export const DEFAULT_WORKER_HEAP_MB = 1536;
/** How long past its deadline a query may run before its worker is terminated. */
export const DEFAULT_TERMINATE_GRACE_MS = 2000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Restarts of one worker in a row that fail to load before it is given up. */
const MAX_FAILED_RELOADS = 3;

/** Files or folders to load in the workers; none: the demo data set. */
export interface LogFilesData {
  readonly paths?: readonly string[];
  readonly demoCacheDir: string;
  readonly demo?: DemoSettings;
}

export interface LocalLogsWorkerOptions extends LocalQueryLimitOptions {
  /** Files or folders (none: the demo), or rows given whole (tests, small data sets). */
  readonly data: LogFilesData | { readonly rows: SeedRows };
  readonly clock: () => Date;
  readonly workers?: number;
  readonly heapLimitMb?: number;
  readonly terminateGraceMs?: number;
  /** The first worker's load progress (later workers load the same files). */
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly onGenerateDemo?: (end: Date) => void;
  /** A worker stopped and is being restarted (out of memory, terminated past a deadline, crashed). */
  readonly onWorkerLost?: (reason: string) => void;
}

/** What {@link startLocalLogsWorkers} resolves to once the first worker has loaded the data. */
export interface LocalLogsWorkers {
  readonly backend: WorkerLogsBackend;
  /** The load summary (absent for rows given whole). */
  readonly summary: LocalLogsSummary | undefined;
  /** Per table rows and time range, as `LocalLogsEngine.coverage()`. */
  readonly coverage: readonly TableCoverage[];
}

/**
 * Starts the engine workers and resolves when the first has loaded the data (the others load
 * behind it, from the same files, so the demo is generated once).
 * @throws LogPathNotFoundError when a given path does not exist; Error when the load fails.
 */
export async function startLocalLogsWorkers(
  options: LocalLogsWorkerOptions & { readonly data: LogFilesData },
): Promise<LocalLogsWorkers & { readonly summary: LocalLogsSummary }>;
export async function startLocalLogsWorkers(options: LocalLogsWorkerOptions): Promise<LocalLogsWorkers>;
export async function startLocalLogsWorkers(options: LocalLogsWorkerOptions): Promise<LocalLogsWorkers> {
  const source: WorkerDataSource =
    'rows' in options.data
      ? { kind: 'rows', rows: options.data.rows }
      : {
          kind: 'files',
          ...(options.data.paths && options.data.paths.length > 0 ? { paths: options.data.paths } : {}),
          demoCacheDir: options.data.demoCacheDir,
          ...(options.data.demo ? { demo: options.data.demo } : {}),
        };
  const backend = new WorkerLogsBackend(options);
  const { summary, coverage } = await backend.start(source);
  return { backend, summary, coverage };
}

interface Job {
  readonly request: QueryRequest;
  readonly resolve: (result: LogsQueryResult) => void;
  readonly reject: (error: Error) => void;
  readonly abortSignal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface Slot {
  worker: Worker;
  readonly cancel: Int32Array;
  state: 'loading' | 'idle' | 'busy' | 'given-up';
  job: Job | undefined;
  /** Why this thread is being stopped by us, for the answer to its query. */
  stopping: 'timeout' | 'cancelled' | undefined;
  /** The worker's last error event (ERR_WORKER_OUT_OF_MEMORY for a heap past its limit). */
  lastError: Error | undefined;
  hardStop: NodeJS.Timeout | undefined;
  failedReloads: number;
}

/**
 * {@link LogsBackend} answered by engine workers; start it with {@link startLocalLogsWorkers}.
 * Same description, KQL, shapes and error kinds as {@link LocalLogsBackend}.
 */
export class WorkerLogsBackend implements LogsBackend {
  readonly description: LogsBackendDescription = LOCAL_BACKEND_DESCRIPTION;
  /** Workers started again after they stopped (out of memory, terminated): for logs and tests. */
  restarts = 0;

  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly limits: Partial<QueryLimits>;
  private readonly defaultTimeLimitSeconds: number;
  private readonly heapLimitMb: number;
  private readonly graceMs: number;
  private readonly loadWaiters: (() => void)[] = [];
  private readonly workerCount: number;
  private nextId = 1;
  private closed = false;
  /** What restarted workers load: the first load's files (the demo folder it used, never a new demo). */
  private reloadSource: WorkerDataSource | undefined;

  constructor(private readonly options: LocalLogsWorkerOptions) {
    this.limits = localLimits(options);
    this.defaultTimeLimitSeconds = options.defaultTimeLimitSeconds ?? DEFAULT_QUERY_TIME_LIMIT_SECONDS;
    this.heapLimitMb = options.heapLimitMb ?? DEFAULT_WORKER_HEAP_MB;
    this.graceMs = options.terminateGraceMs ?? DEFAULT_TERMINATE_GRACE_MS;
    this.workerCount = Math.max(1, options.workers ?? DEFAULT_ENGINE_WORKERS);
  }

  /** @internal Loads the first worker, then starts the others behind it. */
  async start(
    source: WorkerDataSource,
  ): Promise<{ summary: LocalLogsSummary | undefined; coverage: readonly TableCoverage[] }> {
    const first = await new Promise<Extract<WorkerMessage, { type: 'ready' }>>((resolve, reject) => {
      this.spawn(source, true, resolve, reject);
    });
    const demoFolder = first.summary?.demo?.folder;
    this.reloadSource = source.kind === 'files' && demoFolder ? { ...source, paths: [demoFolder] } : source;
    for (let k = 1; k < this.workerCount; k++) this.spawn(this.reloadSource, false);
    this.wakeLoadWaiters();
    // Dates rebuilt here, in this realm (see wire.ts).
    const coverage = first.coverage.map((c) => ({
      ...c,
      earliest: c.earliest ? new Date(c.earliest.getTime()) : null,
      latest: c.latest ? new Date(c.latest.getTime()) : null,
    }));
    return { summary: first.summary, coverage };
  }

  async query(
    _target: LogsTarget,
    kql: string,
    timespan: QueryTimespan,
    options: QueryOptions = {},
  ): Promise<LogsQueryResult> {
    throwIfAborted(options.abortSignal);
    if (this.closed) throw unavailable('The embedded log engine has been shut down.');
    if (this.slots.every((s) => s.state === 'given-up')) {
      throw unavailable('The embedded log engine could not reload its data. Restart the bot.');
    }
    const timeLimitSeconds = options.serverTimeoutInSeconds ?? this.defaultTimeLimitSeconds;
    const now = this.options.clock().getTime();
    const request: QueryRequest = {
      id: this.nextId++,
      kql,
      timespan,
      now,
      deadline: Date.now() + timeLimitSeconds * 1000,
      timeLimitSeconds,
      limits: this.limits,
    };
    return new Promise<LogsQueryResult>((resolve, reject) => {
      const abortSignal = options.abortSignal;
      const job: Job = {
        request,
        resolve,
        reject,
        abortSignal,
        onAbort: () => this.abort(job),
      };
      abortSignal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }

  queryBatch(
    queries: readonly BatchQuery[],
    options: Pick<QueryOptions, 'abortSignal'> = {},
  ): Promise<BatchQueryResult[]> {
    return queryEachOfBatch(this, queries, options);
  }

  /** Resolves when no worker is loading (all started have loaded, or been given up). */
  whenAllLoaded(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.loadWaiters.push(resolve);
      this.wakeLoadWaiters();
    });
  }

  private wakeLoadWaiters(): void {
    if (this.slots.some((s) => s.state === 'loading') || this.slots.length < this.workerCount) return;
    for (const resolve of this.loadWaiters.splice(0)) resolve();
  }

  /** Stops every worker; queries waiting or running are answered `unavailable`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      this.settle(job, unavailable('The embedded log engine was shut down.'));
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.job) this.settle(slot.job, unavailable('The embedded log engine was shut down.'));
        slot.job = undefined;
        if (slot.hardStop) clearTimeout(slot.hardStop);
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(
    source: WorkerDataSource,
    reportProgress: boolean,
    onReady?: (message: Extract<WorkerMessage, { type: 'ready' }>) => void,
    onLoadFailed?: (error: Error) => void,
    slot?: Slot,
  ): void {
    const cancel = slot?.cancel ?? new Int32Array(new SharedArrayBuffer(4));
    const data: WorkerStartData = {
      source,
      now: this.options.clock().getTime(),
      reportProgress,
      cancel: cancel.buffer as SharedArrayBuffer,
    };
    const worker = spawnEngineWorker(data, this.heapLimitMb);
    const current: Slot = slot ?? {
      worker,
      cancel,
      state: 'loading',
      job: undefined,
      stopping: undefined,
      lastError: undefined,
      hardStop: undefined,
      failedReloads: 0,
    };
    Object.assign(current, {
      worker,
      state: 'loading',
      job: undefined,
      stopping: undefined,
      lastError: undefined,
    });
    if (!slot) this.slots.push(current);
    let loadError: Error | undefined;
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'progress':
          this.options.onProgress?.(message.progress);
          return;
        case 'generating-demo':
          this.options.onGenerateDemo?.(message.end);
          return;
        case 'ready':
          current.state = 'idle';
          current.failedReloads = 0;
          onReady?.(message);
          this.wakeLoadWaiters();
          this.dispatch();
          return;
        case 'load-failed':
          loadError =
            message.missingPath !== undefined
              ? new LogPathNotFoundError(message.missingPath)
              : new Error(`The embedded log engine could not load the logs: ${message.message}`);
          void worker.terminate();
          return;
        case 'result':
        case 'query-failed':
        case 'query-crashed':
          this.finish(current, message);
          return;
      }
    });
    worker.on('error', (error) => {
      current.lastError = error;
    });
    worker.on('exit', () => {
      if (current.worker !== worker) return;
      this.lost(current, source, onLoadFailed, loadError);
    });
  }

  /**
   * A worker exited: answer its query with why, and start it again. A first load that fails is
   * the start's failure; a reload that keeps failing gives the worker up.
   */
  private lost(
    slot: Slot,
    source: WorkerDataSource,
    onLoadFailed: ((error: Error) => void) | undefined,
    loadError: Error | undefined,
  ): void {
    if (slot.hardStop) clearTimeout(slot.hardStop);
    slot.hardStop = undefined;
    const outOfMemory =
      (slot.lastError as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const reason = outOfMemory
      ? `out of memory (heap limit ${this.heapLimitMb} MB)`
      : slot.stopping === 'timeout'
        ? 'terminated: a query ran past its time limit'
        : (loadError?.message ?? slot.lastError?.message ?? 'exited');
    const job = slot.job;
    slot.job = undefined;
    if (job) this.settle(job, this.lostQueryError(job, slot, outOfMemory));
    if (this.closed) return;
    const wasLoading = slot.state === 'loading';
    if (wasLoading && onLoadFailed) {
      slot.state = 'given-up';
      onLoadFailed(loadError ?? new Error(`The embedded log engine could not load the logs: ${reason}.`));
      return;
    }
    if (wasLoading) slot.failedReloads++;
    if (slot.failedReloads >= MAX_FAILED_RELOADS) {
      slot.state = 'given-up';
      this.options.onWorkerLost?.(`${reason}; given up after ${MAX_FAILED_RELOADS} failed reloads`);
      this.failQueueIfNoneLeft();
      this.wakeLoadWaiters();
      return;
    }
    this.restarts++;
    this.options.onWorkerLost?.(reason);
    this.spawn(this.reloadSource ?? source, false, undefined, undefined, slot);
  }

  /** The answer to a query whose worker exited under it. */
  private lostQueryError(job: Job, slot: Slot, outOfMemory: boolean): LogsQueryError {
    if (outOfMemory) return outOfMemoryError(this.heapLimitMb);
    if (slot.stopping === 'timeout') {
      return new LogsQueryError(
        'timeout',
        `The query ran past its time limit of ${job.request.timeLimitSeconds} s and was stopped. Try a shorter time window, or add a where before joins.`,
      );
    }
    if (slot.stopping === 'cancelled') {
      return new LogsQueryError('timeout', 'The query was cancelled before it finished.');
    }
    return unavailable('The embedded log engine stopped while answering; retry.');
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'idle') continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.state = 'busy';
      slot.job = job;
      slot.worker.postMessage(job.request);
      const untilHardStop = Math.max(0, job.request.deadline - Date.now()) + this.graceMs;
      // setTimeout fires at once past 2^31 - 1 ms: a time limit of weeks is "never" here.
      slot.hardStop = setTimeout(() => this.stop(slot, 'timeout'), Math.min(untilHardStop, MAX_TIMER_MS));
    }
  }

  private finish(slot: Slot, message: Extract<WorkerMessage, { id: number }>): void {
    const job = slot.job;
    if (!job || job.request.id !== message.id) return;
    if (slot.hardStop) clearTimeout(slot.hardStop);
    slot.hardStop = undefined;
    slot.job = undefined;
    slot.state = 'idle';
    if (message.type === 'result') {
      job.abortSignal?.removeEventListener('abort', job.onAbort);
      job.resolve(fromWire(message.result));
    } else if (message.type === 'query-failed') {
      const { kind, message: text, code, position } = message.error;
      this.settle(
        job,
        new LogsQueryError(kind, text, {
          ...(code !== undefined ? { code } : {}),
          ...(position !== undefined ? { position } : {}),
        }),
      );
    } else {
      this.settle(job, new Error(message.message));
    }
    this.dispatch();
  }

  /** The caller gave up: drop a waiting query, or cancel a running one (terminate if it does not stop). */
  private abort(job: Job): void {
    const waiting = this.queue.indexOf(job);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      this.settle(job, new LogsQueryError('timeout', 'The query was cancelled before it started.'));
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    Atomics.store(slot.cancel, 0, job.request.id);
    if (slot.hardStop) clearTimeout(slot.hardStop);
    slot.hardStop = setTimeout(() => this.stop(slot, 'cancelled'), this.graceMs);
  }

  /** The last resort: a query that reached no checkpoint in time ends with its worker. */
  private stop(slot: Slot, why: 'timeout' | 'cancelled'): void {
    slot.hardStop = undefined;
    if (!slot.job) return;
    slot.stopping = why;
    void slot.worker.terminate();
  }

  private settle(job: Job, error: Error): void {
    job.abortSignal?.removeEventListener('abort', job.onAbort);
    job.reject(error);
  }

  private failQueueIfNoneLeft(): void {
    if (!this.slots.every((s) => s.state === 'given-up')) return;
    for (const job of this.queue.splice(0)) {
      this.settle(job, unavailable('The embedded log engine could not reload its data. Restart the bot.'));
    }
  }
}

function unavailable(message: string): LogsQueryError {
  return new LogsQueryError('unavailable', message);
}
