import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from './pipeline-types';

/**
 * Carries a caller's `AbortSignal` to the HTTP request the Azure SDK builds.
 *
 * Why this exists: `LogsQueryClient.queryWorkspace` in `@azure/monitor-query-logs` 1.0.0 drops
 * `options.abortSignal` on the floor (it rebuilds the options without it), and `MetricsClient`'s
 * public options have no `abortSignal` at all. Without this, a chat turn that gives up would leave
 * its query running and the SDK sleeping between retries. The policy runs first in the pipeline, so
 * the retry policy's back-off and the transport both see the signal.
 */
const currentSignal = new AsyncLocalStorage<AbortSignal | undefined>();

export const CALL_ABORT_SIGNAL_POLICY_NAME = 'iotTriageCallAbortSignalPolicy';

/** Runs `call` so that every SDK request it makes is cancelled when `signal` aborts. */
export function runWithAbortSignal<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  return currentSignal.run(signal, call);
}

/** A pipeline policy that attaches the signal given to {@link runWithAbortSignal} to each request. */
export function callAbortSignalPolicy(): PipelinePolicy {
  return {
    name: CALL_ABORT_SIGNAL_POLICY_NAME,
    sendRequest(request, next) {
      const signal = currentSignal.getStore();
      if (signal && !request.abortSignal) request.abortSignal = signal;
      return next(request);
    },
  };
}
