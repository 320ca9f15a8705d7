/**
 * The logs every answer reads, loaded once and in the background: building the embedded engine's
 * tables (or generating the demo data on first start) takes a couple of seconds, and the bot
 * should be listening — and say it is not ready yet on /readyz — meanwhile. The first question
 * (or alert) simply waits for the load. Chat and alerts are handed the same {@link context}.
 */
import type { LogsContext } from '../diagnosis/logs-context';
import type { LogsBackendHealth } from '../logs/resilient-backend';

export type LogsSourceState =
  | { readonly kind: 'not-started' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly detail: string }
  | { readonly kind: 'failed'; readonly message: string };

/** What a load yields: the context, a line saying what was loaded, and the circuit's health. */
export interface OpenedLogs {
  readonly context: LogsContext;
  readonly detail: string;
  readonly health?: () => LogsBackendHealth;
  /** Frees what the load holds (the embedded engine's worker threads keep the process alive). */
  readonly close?: () => Promise<void>;
}

export class LogsSource {
  private loading: Promise<OpenedLogs> | undefined;
  private opened: OpenedLogs | undefined;
  private current: LogsSourceState = { kind: 'not-started' };

  constructor(private readonly load: () => Promise<OpenedLogs>) {}

  /** The logs, hubs and clock, loading them on first use. A failed load is retried on the next call. */
  readonly context = async (): Promise<LogsContext> => (await this.open()).context;

  /** Starts loading now without waiting (failures show in {@link state}). */
  start(): void {
    this.open().catch(() => undefined);
  }

  get state(): LogsSourceState {
    return this.current;
  }

  /** The circuit breaker's view of the backend, once loaded. */
  health(): LogsBackendHealth | undefined {
    return this.opened?.health?.();
  }

  /** Stops the backend, after waiting for a load under way; the source is not used afterwards. */
  async close(): Promise<void> {
    const opened = await this.loading?.catch(() => undefined);
    await opened?.close?.();
  }

  private open(): Promise<OpenedLogs> {
    if (!this.loading) {
      this.current = { kind: 'loading' };
      this.loading = this.load().then(
        (opened) => {
          this.opened = opened;
          this.current = { kind: 'loaded', detail: opened.detail };
          return opened;
        },
        (error: unknown) => {
          this.current = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
          this.loading = undefined;
          throw error;
        },
      );
    }
    return this.loading;
  }
}
