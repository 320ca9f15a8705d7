import type { TokenCredential } from '@azure/identity';
import {
  LogsQueryClient,
  LogsQueryResultStatus,
  type LogsQueryBatchResult,
  type LogsQueryResult as SdkLogsQueryResult,
  type QueryBatch,
} from '@azure/monitor-query-logs';
import {
  LogsQueryError,
  type BatchQuery,
  type BatchQueryResult,
  type LogsBackend,
  type LogsBackendDescription,
  type LogsQueryResult,
  type LogsTarget,
  type PartialError,
  type QueryLinks,
  type QueryOptions,
  type QueryTimespan,
} from '../backend';
import { AZURE_DIAGNOSTICS_TABLES } from '../schema';
import { callAbortSignalPolicy, runWithAbortSignal } from './call-abort-signal';
import { fromSdkTables } from './convert-tables';
import {
  errorChain,
  failureToLogsQueryError,
  toLogsQueryError,
  type FailureContext,
  type ServiceErrorLevel,
} from './map-azure-error';
import type { HttpClient, PipelineRetryOptions } from './pipeline-types';
import { logAnalyticsPortalLink } from './portal-link';
import { parseRetryAfterInMs } from './retry-after';
import { turnBudgetPolicy } from './turn-budget-policy';

/**
 * Retries that fit a chat turn: at most two, each back-off under two seconds, so a throttled or
 * flaky Log Analytics costs the user a few seconds before they get a "busy, retry" answer.
 */
export const DEFAULT_LOGS_RETRY_OPTIONS: PipelineRetryOptions = {
  maxRetries: 2,
  retryDelayInMs: 500,
  maxRetryDelayInMs: 2000,
};

const SERVICE_NAME = 'Log Analytics';

export interface AzureLogsBackendOptions {
  /** Share one credential across clients: each instance keeps its own token cache. */
  readonly credential: TokenCredential;
  /** Log Analytics workspace id (GUID): the default target, for hubs the directory names no workspace for. */
  readonly workspaceId: string;
  /** That workspace's ARM id (`/subscriptions/…/workspaces/…`): what its portal links open. Without it, only resource targets link. */
  readonly workspaceResourceId?: string;
  /** Entra tenant the portal links sign in to. */
  readonly tenantId?: string;
  /**
   * Log Analytics API host for sovereign clouds, e.g. `https://api.loganalytics.us`
   * (Azure Government). The token scope follows it. Defaults to the public cloud.
   */
  readonly endpoint?: string;
  /** Azure core transport; tests inject a fake here. */
  readonly httpClient?: HttpClient;
  /** SDK retries; defaults to {@link DEFAULT_LOGS_RETRY_OPTIONS}. `maxRetryDelayInMs` also caps how long a `Retry-After` may make us wait. */
  readonly retryOptions?: PipelineRetryOptions;
}

/**
 * {@link LogsBackend} over Azure Monitor Log Analytics, a thin adapter around `LogsQueryClient`:
 * it renames result shapes, maps failures to {@link LogsQueryError} kinds with messages that name the
 * fix, and works around two SDK 1.0.0 gaps (abort signals, batch result order and failures).
 *
 * ```
 * query ─────────▶ LogsQueryClient ─▶ [abort signal] ─▶ [retry ≤2] ─▶ [turn budget] ─▶ [token] ─▶ HTTP
 *                                                          ▲ retries short 429/5xx      │ long Retry-After, 504:
 *                                                          └────────────────────────────┘ fail fast
 * ```
 */
export class AzureLogsBackend implements LogsBackend {
  readonly description: LogsBackendDescription;
  private readonly client: LogsQueryClient;

  constructor(options: AzureLogsBackendOptions) {
    this.description = {
      serviceName: SERVICE_NAME,
      inProcess: false,
      // Resource logs reach a workspace minutes after the fact (log-schema.md).
      ingestionLatency: true,
      defaultTarget: { kind: 'workspace', id: options.workspaceId },
      tables: AZURE_DIAGNOSTICS_TABLES,
      links: portalLinks(options),
    };
    const retryOptions = options.retryOptions ?? DEFAULT_LOGS_RETRY_OPTIONS;
    const endpoint = options.endpoint ? sovereignEndpoint(options.endpoint) : undefined;
    this.client = new LogsQueryClient(options.credential, {
      retryOptions,
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
      ...(endpoint ? { endpoint: endpoint.url, credentials: { scopes: [endpoint.scope] } } : {}),
    });
    this.client.pipeline.addPolicy(callAbortSignalPolicy(), { phase: 'Serialize' });
    this.client.pipeline.addPolicy(
      turnBudgetPolicy({
        serviceName: SERVICE_NAME,
        maxRetryAfterInMs:
          retryOptions.maxRetryDelayInMs ?? DEFAULT_LOGS_RETRY_OPTIONS.maxRetryDelayInMs ?? 2000,
      }),
      { afterPhase: 'Retry' },
    );
  }

  async query(
    target: LogsTarget,
    kql: string,
    timespan: QueryTimespan,
    options: QueryOptions = {},
  ): Promise<LogsQueryResult> {
    throwIfAborted(options.abortSignal, target);
    const sdkOptions =
      options.serverTimeoutInSeconds !== undefined
        ? { serverTimeoutInSeconds: options.serverTimeoutInSeconds }
        : {};
    try {
      const result = await runWithAbortSignal(options.abortSignal, () =>
        target.kind === 'workspace'
          ? this.client.queryWorkspace(target.id, kql, { ...timespan }, sdkOptions)
          : // The SDK appends the id to `/v1/` as given: without this the path would start `/v1//subscriptions`.
            this.client.queryResource(target.id.replace(/^\/+/, ''), kql, { ...timespan }, sdkOptions),
      );
      return fromSdkResult(result);
    } catch (error) {
      throw toLogsQueryError(error, failureContext(target));
    }
  }

  /**
   * Workspace queries go in one batch request. The batch API addresses workspaces only, so
   * resource-targeted queries run beside it, one `queryResource` each, and take their places.
   */
  async queryBatch(
    queries: readonly BatchQuery[],
    options: Pick<QueryOptions, 'abortSignal'> = {},
  ): Promise<BatchQueryResult[]> {
    const [first] = queries;
    if (!first) return [];
    throwIfAborted(options.abortSignal, first.target);
    const byWorkspace = queries.flatMap((query, index) => (query.target.kind === 'workspace' ? [index] : []));
    const byResource = queries.flatMap((query, index) => (query.target.kind === 'resource' ? [index] : []));
    const [workspaceResults, resourceResults] = await Promise.all([
      this.workspaceBatch(
        byWorkspace.map((index) => queries[index] as BatchQuery),
        options,
      ),
      Promise.all(
        byResource.map(async (index): Promise<BatchQueryResult> => {
          const query = queries[index] as BatchQuery;
          try {
            return await this.query(query.target, query.kql, query.timespan, {
              ...options,
              ...(query.serverTimeoutInSeconds !== undefined
                ? { serverTimeoutInSeconds: query.serverTimeoutInSeconds }
                : {}),
            });
          } catch (error) {
            return { status: 'Failure', error: toLogsQueryError(error, failureContext(query.target)) };
          }
        }),
      ),
    ]);
    const results: BatchQueryResult[] = new Array<BatchQueryResult>(queries.length);
    byWorkspace.forEach((index, i) => (results[index] = workspaceResults[i] as BatchQueryResult));
    byResource.forEach((index, i) => (results[index] = resourceResults[i] as BatchQueryResult));
    return results;
  }

  private async workspaceBatch(
    queries: readonly BatchQuery[],
    options: Pick<QueryOptions, 'abortSignal'>,
  ): Promise<BatchQueryResult[]> {
    const [first] = queries;
    if (!first) return [];
    const batch: QueryBatch[] = queries.map((query) => ({
      query: query.kql,
      timespan: { ...query.timespan },
      workspaceId: query.target.id,
      ...(query.serverTimeoutInSeconds !== undefined
        ? { serverTimeoutInSeconds: query.serverTimeoutInSeconds }
        : {}),
    }));
    // The SDK drops each answer's id and status; the raw body keeps them (see orderBatchResults).
    let rawBody: unknown;
    let sdkResults: LogsQueryBatchResult;
    try {
      sdkResults = await runWithAbortSignal(options.abortSignal, () =>
        this.client.queryBatch(batch, {
          ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
          onResponse: (response) => {
            rawBody = response.parsedBody;
          },
        }),
      );
    } catch (error) {
      throw toLogsQueryError(error, failureContext(first.target));
    }
    return orderBatchResults(sdkResults, rawBody, queries);
  }
}

function fromSdkResult(result: SdkLogsQueryResult): LogsQueryResult {
  if (result.status === LogsQueryResultStatus.Success) {
    return { status: 'Success', tables: fromSdkTables(result.tables) };
  }
  return {
    status: 'PartialFailure',
    tables: fromSdkTables(result.partialTables),
    partialError: toPartialError(errorChain(result.partialError)),
  };
}

/** `PartialError` + the innermost reason ("result set exceeded the limit") is what a user can act on. */
function toPartialError(levels: readonly ServiceErrorLevel[]): PartialError {
  const outer = levels[0];
  const innermostMessage = [...levels].reverse().find((level) => level.message)?.message;
  const outerMessage = outer?.message;
  const message =
    outerMessage && innermostMessage && innermostMessage !== outerMessage
      ? `${outerMessage}: ${innermostMessage}`
      : (innermostMessage ?? 'Some data may be missing.');
  return { code: outer?.code ?? 'PartialError', message };
}

/**
 * The SDK (1.0.0) returns batch answers in the order the service sent them, without their ids, and
 * turns a failed item (`status: 400`, `body: {error}`) into a "partial failure" with no tables. The
 * raw body, seen through `onResponse`, lists the same answers in the same order with their ids
 * (`query-<index>`) and HTTP statuses, so we use it to put each answer back in its query's place and
 * to report failed items as failures.
 */
function orderBatchResults(
  sdkResults: LogsQueryBatchResult,
  rawBody: unknown,
  queries: readonly BatchQuery[],
): BatchQueryResult[] {
  const rawResponses =
    isRecord(rawBody) && Array.isArray(rawBody['responses']) ? (rawBody['responses'] as unknown[]) : [];
  const ordered: (BatchQueryResult | undefined)[] = queries.map(() => undefined);
  sdkResults.forEach((sdkResult, position) => {
    const rawItem = rawResponses[position];
    const index = queryIndexOf(rawItem) ?? position;
    if (index < 0 || index >= queries.length || ordered[index] !== undefined) return;
    const target = queries[index]?.target;
    if (target) ordered[index] = toBatchResult(sdkResult, rawItem, target);
  });
  return ordered.map(
    (result) =>
      result ?? {
        status: 'Failure',
        error: new LogsQueryError(
          'unavailable',
          `${SERVICE_NAME} sent no answer for this query of the batch. Try again.`,
        ),
      },
  );
}

function toBatchResult(
  sdkResult: LogsQueryBatchResult[number],
  rawItem: unknown,
  target: LogsTarget,
): BatchQueryResult {
  const rawStatus =
    isRecord(rawItem) && typeof rawItem['status'] === 'number' ? rawItem['status'] : undefined;
  const rawErrors =
    isRecord(rawItem) && isRecord(rawItem['body']) ? errorChain(rawItem['body']['error']) : [];
  if (rawStatus !== undefined && rawStatus !== 200) {
    const retryAfterInMs = parseRetryAfterInMs(
      headerReader(isRecord(rawItem) ? rawItem['headers'] : undefined),
      Date.now(),
    );
    return {
      status: 'Failure',
      error: failureToLogsQueryError(
        {
          statusCode: rawStatus,
          errors: rawErrors,
          ...(retryAfterInMs !== undefined ? { retryAfterInMs } : {}),
        },
        failureContext(target),
      ),
    };
  }
  if (sdkResult.status === LogsQueryResultStatus.Failure) {
    return {
      status: 'Failure',
      error: new LogsQueryError(
        'unavailable',
        `${SERVICE_NAME} could not run this query of the batch. Try again.`,
        { code: sdkResult.code },
      ),
    };
  }
  if (sdkResult.status === LogsQueryResultStatus.PartialFailure && sdkResult.partialTables.length === 0) {
    // An error and no data at all is a failure, whatever the envelope says.
    return {
      status: 'Failure',
      error: failureToLogsQueryError({ errors: errorChain(sdkResult.partialError) }, failureContext(target)),
    };
  }
  return fromSdkResult(sdkResult);
}

function queryIndexOf(rawItem: unknown): number | undefined {
  if (!isRecord(rawItem) || typeof rawItem['id'] !== 'string') return undefined;
  const match = /^query-(\d+)$/.exec(rawItem['id']);
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

function headerReader(headers: unknown): { get(name: string): string | undefined } {
  const entries = isRecord(headers) ? Object.entries(headers) : [];
  return {
    get: (name) => {
      const found = entries.find(([key]) => key.toLowerCase() === name.toLowerCase());
      return found && typeof found[1] === 'string' ? found[1] : undefined;
    },
  };
}

function throwIfAborted(signal: AbortSignal | undefined, target: LogsTarget): void {
  if (signal?.aborted) {
    const abort = new Error('aborted before the query was sent');
    abort.name = 'AbortError';
    throw toLogsQueryError(abort, failureContext(target));
  }
}

function failureContext(target: LogsTarget): FailureContext {
  return target.kind === 'workspace'
    ? {
        target: `workspace ${target.id}`,
        notFoundHint:
          'Check LOG_ANALYTICS_WORKSPACE_ID (or the workspaceId of the hub in IOT_HUBS): it is the "Workspace ID" on the workspace overview page.',
      }
    : {
        target: `resource ${target.id}`,
        notFoundHint: 'Check the ARM resource id of the hub in IOT_HUBS.',
      };
}

/**
 * Portal links open a workspace or a resource by ARM id. A workspace target carries the GUID, so
 * only the configured workspace, whose ARM id is known, links; a resource target is its own ARM id.
 */
function portalLinks(options: AzureLogsBackendOptions): QueryLinks {
  const tenant = options.tenantId !== undefined ? { tenantId: options.tenantId } : {};
  return {
    serviceName: SERVICE_NAME,
    link: (kql, window, target) => {
      const resourceId =
        target?.kind === 'resource'
          ? target.id
          : (target?.id ?? options.workspaceId) === options.workspaceId
            ? options.workspaceResourceId
            : undefined;
      return resourceId !== undefined
        ? logAnalyticsPortalLink(kql, window, { resourceId, ...tenant })
        : undefined;
    },
  };
}

/** `https://api.loganalytics.us` → the SDK endpoint `.../v1` and token scope `https://api.loganalytics.us/.default`. */
function sovereignEndpoint(endpoint: string): { url: string; scope: string } {
  const base = endpoint.replace(/\/+$/, '');
  const url = /\/v1$/.test(base) ? base : `${base}/v1`;
  return { url, scope: `${new URL(base).origin}/.default` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
