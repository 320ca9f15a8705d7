import type { BatchQuery, BatchQueryResult, LogsBackend, QueryOptions } from '../../src/logs/backend';

/**
 * The real backend, held at a gate: every query waits until the test releases it. This is how a
 * test makes an answer slow without sleeping.
 */
export class GatedLogsBackend implements LogsBackend {
  readonly kind: LogsBackend['kind'];
  private opened: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));
  batchesWaiting = 0;

  constructor(private readonly inner: LogsBackend) {
    this.kind = inner.kind;
  }

  release(): void {
    this.opened();
  }

  queryWorkspace: LogsBackend['queryWorkspace'] = async (...args) => {
    await this.gate;
    return this.inner.queryWorkspace(...args);
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
