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
} from './backend';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** What /readyz reports about the logs backend. */
export interface LogsBackendHealth {
  readonly state: CircuitState;
  readonly lastError?: { readonly kind: LogsQueryError['kind']; readonly message: string; readonly at: Date };
}

export interface CircuitBreakerOptions {
  /** Consecutive `unavailable` failures that open the circuit. Default 3. */
  readonly failureThreshold?: number;
  /** How long an open circuit fails fast before letting one trial query through. Default 30 s. */
  readonly coolDownInMs?: number;
  /** Milliseconds since the epoch; injectable so tests need no timers. */
  readonly now?: () => number;
}

/**
 * A {@link LogsBackend} decorator with a circuit breaker.
 *
 * When Log Analytics is unreachable, every question would otherwise spend the whole SDK retry budget
 * before failing; with many users asking at once that is many slow "unavailable" answers and a queue
 * of doomed requests. After `failureThreshold` consecutive `unavailable` failures the circuit opens:
 * queries fail at once for `coolDownInMs`; then one trial query is let through (half-open) and its
 * outcome closes or re-opens the circuit. Only `unavailable` counts: a throttle, a timeout, a bad
 * query or a 403 all prove the service is there.
 *
 * ```
 * closed ──N× unavailable──▶ open ──cool-down over──▶ half-open ──trial ok──▶ closed
 *   ▲                         ▲                          │
 *   └──── any other answer    └──────trial unavailable───┘
 * ```
 */
export class ResilientLogsBackend implements LogsBackend {
  readonly description: LogsBackendDescription;
  private readonly failureThreshold: number;
  private readonly coolDownInMs: number;
  private readonly now: () => number;
  private consecutiveFailures = 0;
  private openedAtInMs: number | undefined;
  private trialInFlight = false;
  private lastError: LogsBackendHealth['lastError'];

  constructor(
    private readonly inner: LogsBackend,
    options: CircuitBreakerOptions = {},
  ) {
    this.description = inner.description;
    this.failureThreshold = options.failureThreshold ?? 3;
    this.coolDownInMs = options.coolDownInMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  health(): LogsBackendHealth {
    return { state: this.state(), ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  query(
    target: LogsTarget,
    kql: string,
    timespan: QueryTimespan,
    options?: QueryOptions,
  ): Promise<LogsQueryResult> {
    return this.guard(() => this.inner.query(target, kql, timespan, options));
  }

  queryBatch(
    queries: readonly BatchQuery[],
    options?: Pick<QueryOptions, 'abortSignal'>,
  ): Promise<BatchQueryResult[]> {
    return this.guard(() => this.inner.queryBatch(queries, options));
  }

  private state(): CircuitState {
    if (this.openedAtInMs === undefined) return 'closed';
    if (this.trialInFlight || this.now() >= this.openedAtInMs + this.coolDownInMs) return 'half-open';
    return 'open';
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state();
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) throw this.failFast();
    const isTrial = state === 'half-open';
    if (isTrial) this.trialInFlight = true;
    try {
      const result = await call();
      this.close();
      return result;
    } catch (error) {
      this.record(error, isTrial);
      throw error;
    } finally {
      if (isTrial) this.trialInFlight = false;
    }
  }

  private record(error: unknown, wasTrial: boolean): void {
    const kind = error instanceof LogsQueryError ? error.kind : 'unavailable';
    const message = error instanceof LogsQueryError ? error.message : 'unexpected error';
    this.lastError = { kind, message, at: new Date(this.now()) };
    if (kind !== 'unavailable') {
      // The service answered, so it is reachable.
      this.close();
      return;
    }
    this.consecutiveFailures += 1;
    if (wasTrial || this.consecutiveFailures >= this.failureThreshold) this.openedAtInMs = this.now();
  }

  private close(): void {
    this.consecutiveFailures = 0;
    this.openedAtInMs = undefined;
  }

  private failFast(): LogsQueryError {
    const retryAfterInMs = Math.max(0, (this.openedAtInMs ?? this.now()) + this.coolDownInMs - this.now());
    const service = this.description.serviceName;
    const last = this.lastError ? ` Last problem: ${this.lastError.message}` : '';
    return new LogsQueryError(
      'unavailable',
      `${service} could not be reached several times in a row, so the bot is not asking it again for ${Math.max(1, Math.ceil(retryAfterInMs / 1000))} s.${last}`,
      { retryAfterInMs, code: 'CircuitOpen' },
    );
  }
}
