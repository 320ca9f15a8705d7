import { LogsQueryError, type QueryTimespan } from './backend';

/**
 * Platform metrics of one Azure resource, for numbers that exist only in the metrics API (IoT Hub
 * `connectedDeviceCount` is never written to `AzureMetrics`). A separate seam from
 * {@link LogsBackend}: it is a different service, with its own role (`Monitoring Reader` on the
 * resource) and no KQL.
 */
export interface MetricsSource {
  /** Whether a metrics service is behind this source (Azure Monitor); false next to the embedded engine. */
  readonly available: boolean;
  queryResourceMetrics(
    resourceId: string,
    metricNames: readonly string[],
    timespan: QueryTimespan,
    options: MetricsQueryOptions,
  ): Promise<MetricSeries[]>;
}

export type MetricAggregation = 'Average' | 'Minimum' | 'Maximum' | 'Total' | 'Count';

export interface MetricsQueryOptions {
  /** Time grain as an ISO 8601 duration (`PT1M`, `PT1H`); the service picks one when absent. */
  readonly granularity?: string;
  readonly aggregations: readonly MetricAggregation[];
  readonly abortSignal?: AbortSignal;
}

export interface MetricPoint {
  readonly time: Date;
  readonly average?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly total?: number;
  readonly count?: number;
}

export interface MetricSeries {
  /** The metric's name as requested (`connectedDeviceCount`), not its display name. */
  readonly name: string;
  /** `Count`, `Bytes`, `Percent`, ... as Azure Monitor reports it. */
  readonly unit: string;
  readonly points: readonly MetricPoint[];
}

/**
 * The metrics source when the bot is not connected to Azure: the embedded engine has logs but no
 * metrics service, so every question is answered with a clear "not here" instead of empty numbers
 * that would read as "zero devices connected".
 */
export class UnavailableMetricsSource implements MetricsSource {
  readonly available = false;

  async queryResourceMetrics(): Promise<MetricSeries[]> {
    throw new LogsQueryError(
      'unavailable',
      'Metrics are only available when connected to Azure (set LOG_ANALYTICS_WORKSPACE_ID and give the bot Monitoring Reader on the IoT hub); local logs have no metrics such as connected device counts.',
    );
  }
}
