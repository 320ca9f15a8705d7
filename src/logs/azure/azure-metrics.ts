import type { TokenCredential } from '@azure/identity';
import { MetricsClient, type Metric, type MetricsQueryResult } from '@azure/monitor-query-metrics';
import { LogsQueryError, type QueryTimespan } from '../backend';
import type { MetricSeries, MetricsQueryOptions, MetricsSource } from '../metrics';
import { DEFAULT_LOGS_RETRY_OPTIONS } from './azure-logs-backend';
import { callAbortSignalPolicy, runWithAbortSignal } from './call-abort-signal';
import { isoDurationToMs } from './iso-duration';
import { toLogsQueryError, type FailureContext } from './map-azure-error';
import type { HttpClient, PipelineRetryOptions } from './pipeline-types';
import { turnBudgetPolicy } from './turn-budget-policy';

const SERVICE_NAME = 'Azure Monitor metrics';

export interface AzureMetricsSourceOptions {
  /** The same credential instance the logs backend uses (one token cache per instance). */
  readonly credential: TokenCredential;
  /** Regional metrics endpoint of the resources' region, e.g. `https://westeurope.metrics.monitor.azure.com`. */
  readonly endpoint: string;
  /** Azure core transport; tests inject a fake here. */
  readonly httpClient?: HttpClient;
  readonly retryOptions?: PipelineRetryOptions;
  /** For `{duration}` timespans, which end now. */
  readonly now?: () => Date;
}

/**
 * {@link MetricsSource} over the Azure Monitor metrics batch API (`MetricsClient.queryResources`),
 * the only place IoT Hub's `connectedDeviceCount` exists. Same retry budget, abort handling and error
 * kinds as the logs backend; a 403 names the `Monitoring Reader` role.
 */
export class AzureMetricsSource implements MetricsSource {
  readonly available = true;
  private readonly client: MetricsClient;
  private readonly now: () => Date;

  constructor(options: AzureMetricsSourceOptions) {
    const retryOptions = options.retryOptions ?? DEFAULT_LOGS_RETRY_OPTIONS;
    this.now = options.now ?? (() => new Date());
    this.client = new MetricsClient(options.endpoint, options.credential, {
      retryOptions,
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    });
    this.client.pipeline.addPolicy(callAbortSignalPolicy(), { phase: 'Serialize' });
    this.client.pipeline.addPolicy(
      turnBudgetPolicy({
        serviceName: SERVICE_NAME,
        maxRetryAfterInMs: retryOptions.maxRetryDelayInMs ?? 2000,
      }),
      { afterPhase: 'Retry' },
    );
  }

  async queryResourceMetrics(
    resourceId: string,
    metricNames: readonly string[],
    timespan: QueryTimespan,
    options: MetricsQueryOptions,
  ): Promise<MetricSeries[]> {
    const context: FailureContext = {
      target: `resource ${resourceId}`,
      serviceName: SERVICE_NAME,
      requiredRole: 'Monitoring Reader',
    };
    const namespace = metricNamespaceOf(resourceId);
    const { startTime, endTime } = toStartAndEnd(timespan, this.now());
    if (options.abortSignal?.aborted) {
      const abort = new Error('aborted before the query was sent');
      abort.name = 'AbortError';
      throw toLogsQueryError(abort, context);
    }
    let results: MetricsQueryResult[];
    try {
      results = await runWithAbortSignal(options.abortSignal, () =>
        this.client.queryResources([resourceId], [...metricNames], namespace, {
          startTime,
          endTime,
          ...(options.granularity ? { interval: options.granularity } : {}),
          ...(options.aggregations.length > 0
            ? { aggregation: options.aggregations.map((a) => a.toLowerCase()).join(',') }
            : {}),
        }),
      );
    } catch (error) {
      throw toLogsQueryError(error, context);
    }
    const forResource =
      results.find((result) => result.resourceId?.toLowerCase() === resourceId.toLowerCase()) ?? results[0];
    return (forResource?.metrics ?? []).map((metric) => toSeries(metric, metricNames));
  }
}

/** `/subscriptions/…/providers/Microsoft.Devices/IotHubs/my-hub` → `Microsoft.Devices/IotHubs`. */
export function metricNamespaceOf(resourceId: string): string {
  const match = /\/providers\/([^/]+)\/([^/]+)\/[^/]+\/?$/i.exec(resourceId);
  if (!match?.[1] || !match[2] || !/^\/subscriptions\//i.test(resourceId)) {
    throw new LogsQueryError(
      'bad-query',
      `'${resourceId}' is not an Azure resource id; expected /subscriptions/<id>/resourceGroups/<group>/providers/<Provider>/<type>/<name>.`,
    );
  }
  return `${match[1]}/${match[2]}`;
}

function toStartAndEnd(timespan: QueryTimespan, now: Date): { startTime: Date; endTime: Date } {
  if ('endTime' in timespan) return { startTime: timespan.startTime, endTime: timespan.endTime };
  try {
    const lengthInMs = isoDurationToMs(timespan.duration);
    if ('startTime' in timespan)
      return { startTime: timespan.startTime, endTime: new Date(timespan.startTime.getTime() + lengthInMs) };
    return { startTime: new Date(now.getTime() - lengthInMs), endTime: now };
  } catch (error) {
    throw new LogsQueryError('bad-query', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

/**
 * The SDK names a metric by its localized display name ("Connected devices"); the metric id ends
 * in the real name, which is what callers asked for and compare against.
 */
function toSeries(metric: Metric, requestedNames: readonly string[]): MetricSeries {
  if (metric.errorCode && metric.errorCode !== 'Success') {
    throw new LogsQueryError(
      'bad-query',
      `${SERVICE_NAME} could not return '${metric.name}': ${metric.errorMessage ?? metric.errorCode}`,
      { code: metric.errorCode },
    );
  }
  const idName = metric.id.split('/').pop() ?? '';
  const name =
    requestedNames.find((requested) => requested.toLowerCase() === idName.toLowerCase()) ??
    (idName || metric.name);
  // Without a dimension filter the service returns one time series per metric.
  const data = metric.timeseries[0]?.data ?? [];
  return {
    name,
    unit: metric.unit,
    points: data.map((value) => ({
      time: value.timeStamp,
      ...(value.average !== undefined ? { average: value.average } : {}),
      ...(value.minimum !== undefined ? { minimum: value.minimum } : {}),
      ...(value.maximum !== undefined ? { maximum: value.maximum } : {}),
      ...(value.total !== undefined ? { total: value.total } : {}),
      ...(value.count !== undefined ? { count: value.count } : {}),
    })),
  };
}
