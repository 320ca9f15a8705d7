/**
 * The hub's connected-device count over a window, from the Azure Monitor metrics API — the only
 * place it exists (IoT Hub never writes `connectedDeviceCount` to AzureMetrics). A dip there is how
 * a fleet event shows from the outside. Where the metrics API is not available (local mode, a hub
 * without an ARM id in the configuration) the answer says so instead of reporting zero devices.
 */
import { LogsQueryError } from '../logs/backend';
import type { MetricsSource } from '../logs/metrics';
import { findHub, type HubDirectory } from './hubs';
import { kqlIdentifierLiteral } from './kql-literal';
import { trendBin, type TimeWindow } from './queries';

export const CONNECTED_DEVICE_METRIC = 'connectedDeviceCount';

export interface ConnectedDevicePoint {
  readonly time: string;
  readonly average?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

export type ConnectedDevicesAnswer =
  | {
      readonly available: true;
      readonly hub: string;
      readonly window: { readonly start: string; readonly end: string };
      readonly grainMinutes: number;
      readonly points: readonly ConnectedDevicePoint[];
      /** Average of the newest point that has one. */
      readonly latest?: number;
      readonly peak?: number;
      readonly lowest?: number;
    }
  | {
      readonly available: false;
      readonly hub: string;
      readonly window: { readonly start: string; readonly end: string };
      /** Safe to show: why there is no count (no metrics service, no ARM id configured). */
      readonly reason: string;
    };

export interface ConnectedDevicesDeps {
  readonly metrics: MetricsSource;
  readonly hubs?: HubDirectory;
  readonly abortSignal?: AbortSignal;
}

/**
 * Connected devices of `hub` per time grain (5 min / 1 h / 1 d by window length, like the trends).
 *
 * @throws InvalidIdentifierError for an invalid hub name (user-facing).
 * @throws LogsQueryError when the metrics service fails for another reason than being unavailable.
 */
export async function hubConnectedDevices(
  scope: { readonly hub: string; readonly window: TimeWindow },
  deps: ConnectedDevicesDeps,
): Promise<ConnectedDevicesAnswer> {
  kqlIdentifierLiteral('hub-name', scope.hub);
  const window = { start: scope.window.start.toISOString(), end: scope.window.end.toISOString() };
  const unavailable = (reason: string): ConnectedDevicesAnswer => ({
    available: false,
    hub: scope.hub,
    window,
    reason,
  });
  const resourceId = findHub(deps.hubs, scope.hub)?.resourceId;
  if (!deps.metrics.available) {
    return unavailable(
      'The connected-device count comes from the Azure Monitor metrics API, which is not available with local logs.',
    );
  }
  if (resourceId === undefined) {
    return unavailable(
      `IoT hub "${scope.hub}" has no ARM resource id in the configuration (IOT_HUBS resourceId), so its metrics cannot be read.`,
    );
  }
  const grain = trendBin(scope.window);
  let series;
  try {
    series = await deps.metrics.queryResourceMetrics(
      resourceId,
      [CONNECTED_DEVICE_METRIC],
      { startTime: scope.window.start, endTime: scope.window.end },
      {
        granularity: grain.minutes === 5 ? 'PT5M' : grain.minutes === 60 ? 'PT1H' : 'P1D',
        aggregations: ['Average', 'Minimum', 'Maximum'],
        ...(deps.abortSignal ? { abortSignal: deps.abortSignal } : {}),
      },
    );
  } catch (error) {
    if (error instanceof LogsQueryError && error.kind === 'unavailable') return unavailable(error.message);
    throw error;
  }
  const points = (series.find((s) => s.name === CONNECTED_DEVICE_METRIC)?.points ?? []).map(
    (point): ConnectedDevicePoint => ({
      time: point.time.toISOString(),
      ...(point.average !== undefined ? { average: point.average } : {}),
      ...(point.minimum !== undefined ? { minimum: point.minimum } : {}),
      ...(point.maximum !== undefined ? { maximum: point.maximum } : {}),
    }),
  );
  const maxima = points.map((p) => p.maximum ?? p.average).filter((v): v is number => v !== undefined);
  const minima = points.map((p) => p.minimum ?? p.average).filter((v): v is number => v !== undefined);
  const latest = points.filter((p) => p.average !== undefined).at(-1)?.average;
  return {
    available: true,
    hub: scope.hub,
    window,
    grainMinutes: grain.minutes,
    points,
    ...(latest !== undefined ? { latest } : {}),
    ...(maxima.length > 0 ? { peak: Math.max(...maxima) } : {}),
    ...(minima.length > 0 ? { lowest: Math.min(...minima) } : {}),
  };
}
