import type { BatchQuery, BatchQueryResult, LogsBackend, QueryOptions } from '../../src/logs/backend';

/**
 * The real backend, held at a gate: every query waits until the test releases it. This is how a
 * test makes an answer slow without sleeping.
 */
export class GatedLogsBackend implements LogsBackend {
  readonly description: LogsBackend['description'];
  private opened: () => void = () => undefined;
  private failed: (error: Error) => void = () => undefined;
  private readonly gate = new Promise<void>((resolve, reject) => {
    this.opened = resolve;
    this.failed = reject;
  });
  batchesWaiting = 0;

  constructor(private readonly inner: LogsBackend) {
    this.description = inner.description;
  }

  release(): void {
    this.opened();
  }

  /** The waiting queries fail as when Log Analytics can't be reached (the service's failure, not ours). */
  failWith(error: Error): void {
    this.failed(error);
  }

  query: LogsBackend['query'] = async (...args) => {
    await this.gate;
    return this.inner.query(...args);
  };

  async queryBatch(
    queries: readonly BatchQuery[],
    options?: Pick<QueryOptions, 'abortSignal'>,
  ): Promise<BatchQueryResult[]> {
    this.batchesWaiting++;
    await this.gate;
    return this.inner.queryBatch(queries, options);
  }
}
