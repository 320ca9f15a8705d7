import type { PipelinePolicy } from './pipeline-types';
import { parseRetryAfterInMs } from './retry-after';
import { throttledError, timeoutError } from './map-azure-error';

/**
 * Stops the SDK from waiting longer than a chat turn can afford.
 *
 * The SDK's throttling strategy sleeps for the full `Retry-After` whatever `maxRetryDelayInMs`
 * says, so a 429 with `Retry-After: 60` would hold the user's question for a minute. And a query the
 * server timed out (504/408) will time out again if re-run, costing another full server wait.
 * Placed after the retry policy (it sees every attempt), this policy ends the call at once in both
 * cases with a {@link LogsQueryError}, which the retry policy passes through because it is not a
 * `RestError`. Short `Retry-After`s are left to the SDK, which retries them.
 */
export const TURN_BUDGET_POLICY_NAME = 'iotTriageTurnBudgetPolicy';

export interface TurnBudgetOptions {
  /** Longest `Retry-After` the SDK may sleep for before retrying; longer ones fail fast as `throttled`. */
  readonly maxRetryAfterInMs: number;
  /** For messages: "Log Analytics" or "Azure Monitor metrics". */
  readonly serviceName: string;
  readonly nowInMs?: () => number;
}

export function turnBudgetPolicy(options: TurnBudgetOptions): PipelinePolicy {
  const now = options.nowInMs ?? Date.now;
  return {
    name: TURN_BUDGET_POLICY_NAME,
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 504 || response.status === 408) {
        throw timeoutError(options.serviceName, `HTTP ${response.status}`);
      }
      if (response.status === 429) {
        const retryAfterInMs = parseRetryAfterInMs(response.headers, now());
        if (retryAfterInMs !== undefined && retryAfterInMs > options.maxRetryAfterInMs) {
          throw throttledError(options.serviceName, retryAfterInMs, 'HTTP 429');
        }
      }
      return response;
    },
  };
}
