/**
 * The logs the conversation answers from, loaded once and in the background: building the embedded
 * engine's tables (or generating the demo data on first start) takes a couple of seconds, and the
 * bot should be listening — and say it is not ready yet on /readyz — meanwhile. The first question
 * simply waits for the load.
 */
import type { LogsBackend } from '../logs/backend';

export type LogsSourceState =
  | { readonly kind: 'not-started' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly detail: string }
  | { readonly kind: 'failed'; readonly message: string };

export class LogsSource {
  private loading: Promise<LogsBackend> | undefined;
  private current: LogsSourceState = { kind: 'not-started' };

  /**
   * @param load builds the backend; `describe` says what was loaded, for /readyz.
   */
  constructor(
    private readonly load: () => Promise<{ readonly backend: LogsBackend; readonly detail: string }>,
  ) {}

  /** The backend, loading it on first use. A failed load is retried on the next call. */
  backend(): Promise<LogsBackend> {
    if (!this.loading) {
      this.current = { kind: 'loading' };
      this.loading = this.load().then(
        ({ backend, detail }) => {
          this.current = { kind: 'loaded', detail };
          return backend;
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

  /** Starts loading now without waiting (failures show in {@link state}). */
  start(): void {
    this.backend().catch(() => undefined);
  }

  get state(): LogsSourceState {
    return this.current;
  }
}
