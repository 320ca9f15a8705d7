import type { LogsQueryClient, LogsQueryClientOptions } from '@azure/monitor-query-logs';

/**
 * Azure core pipeline types, taken from the SDK client we depend on rather than imported from
 * `@azure/core-rest-pipeline`, which is only a transitive dependency of this package.
 */
export type PipelinePolicy = Parameters<LogsQueryClient['pipeline']['addPolicy']>[0];
/** The Azure core transport; tests inject a fake one (the SDK's own extension point). */
export type HttpClient = NonNullable<LogsQueryClientOptions['httpClient']>;
export type PipelineRetryOptions = NonNullable<LogsQueryClientOptions['retryOptions']>;
