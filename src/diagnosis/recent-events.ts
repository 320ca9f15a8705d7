/**
 * The raw side of a device: its newest IoT Hub records ("last 10 events of X"), and whether a device
 * without records in a window is known at all (its first and last record over a wider span), so a
 * quiet day is told apart from a misspelled id.
 */
import type { DiagnoseDeps } from './diagnose';
import { placesOf, placeOf, findHub, type LogsPlace } from './hubs';
import { logsCoverageOf } from './logs-coverage';
import { nearestIds } from './nearest-ids';
import {
  DATA_PRESENCE_QUERY,
  DEVICE_HISTORY_QUERY,
  DEVICE_RECENT_EVENTS_QUERY,
  KNOWN_DEVICE_IDS_QUERY,
  dataPresenceQuery,
  deviceHistoryQuery,
  deviceRecentEventsQuery,
  knownDeviceIdsQuery,
  type TimeWindow,
} from './queries';
import { runQueryBatch, type ExecutedQuery } from './run-queries';
import { namedRows, numberCell, textCell, timeCell } from './table-rows';
import { buildTimeline, type DeviceEvent } from './timeline';

/** How far back "is this device known at all?" looks: Log Analytics keeps 30 days by default. */
export const DEVICE_HISTORY_SPAN_MS = 30 * 24 * 60 * 60 * 1000;

/** A device's records over the history span: it exists, and when it was last heard from. */
export interface DeviceHistory {
  readonly records: number;
  readonly first: string;
  readonly last: string;
  /** The span looked at (ISO), ending at the asked window's end or now, whichever is later. */
  readonly span: { readonly start: string; readonly end: string };
}

export interface RecentEventsRequest {
  readonly deviceId: string;
  readonly hub?: string;
  readonly window: TimeWindow;
  readonly count: number;
}

export interface RecentEventsAnswer {
  readonly deviceId: string;
  readonly hub?: string;
  readonly window: { readonly start: string; readonly end: string };
  /** Newest first, at most `count`. */
  readonly events: readonly DeviceEvent[];
  readonly count: number;
  readonly queries: readonly ExecutedQuery[];
  readonly dataStatus: {
    readonly partial: boolean;
    readonly partialError?: string;
    readonly truncated: readonly string[];
    /** First and last IoT Hub / DPS record of any device within the window. */
    readonly logsCoverage?: { readonly earliest: string; readonly latest: string };
  };
  /** No events in the window: the device's records over the wider span, when it has any. */
  readonly history?: DeviceHistory;
  /** No events and no history: the known ids nearest to the one asked for. */
  readonly suggestedIds: readonly string[];
}

/**
 * The device's newest records in the window, with the data's coverage; when there are none, whether
 * the device is known (history) or which known ids are nearest (did you mean).
 *
 * @throws InvalidIdentifierError for an invalid device id or hub name.
 * @throws LogsQueryError when the events query fails.
 */
export async function recentDeviceEvents(
  request: RecentEventsRequest,
  deps: DiagnoseDeps,
): Promise<RecentEventsAnswer> {
  const places = placesFor(request.hub, deps);
  const hubScope = request.hub !== undefined ? { hub: request.hub } : {};
  const { deviceId, window } = request;
  const outcome = await runQueryBatch(
    deps.logs,
    places.flatMap(({ target, tables }) => [
      {
        query: deviceRecentEventsQuery({ deviceId, window, tables, count: request.count, ...hubScope }),
        target,
      },
      { query: dataPresenceQuery({ window, tables }), target },
    ]),
    window,
    deps.abortSignal,
  );
  const failure = outcome.failures.get(DEVICE_RECENT_EVENTS_QUERY);
  if (failure) throw failure;
  const events = [...buildTimeline(outcome.tables.get(DEVICE_RECENT_EVENTS_QUERY), undefined).all]
    .reverse()
    .slice(0, request.count);
  const queries: ExecutedQuery[] = [...outcome.executed];
  let history: DeviceHistory | undefined;
  let suggestedIds: string[] = [];
  if (events.length === 0) {
    const known = await deviceHistory(request, deps);
    queries.push(...known.queries);
    history = known.history;
    if (!history) {
      const ids = await runQueryBatch(
        deps.logs,
        places.map(({ target, tables }) => ({
          query: knownDeviceIdsQuery({ window: known.span, tables, ...hubScope }),
          target,
        })),
        known.span,
        deps.abortSignal,
      );
      queries.push(...ids.executed);
      suggestedIds = nearestIds(
        deviceId,
        namedRows(ids.tables.get(KNOWN_DEVICE_IDS_QUERY)).map((row) => textCell(row, 'DeviceId')),
      );
    }
  }
  const coverage = logsCoverageOf(outcome.tables.get(DATA_PRESENCE_QUERY));
  const hub = request.hub?.toUpperCase() ?? events[0]?.hub;
  return {
    deviceId,
    ...(hub !== undefined && hub !== '' ? { hub } : {}),
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    events,
    count: request.count,
    queries,
    dataStatus: {
      partial: outcome.partialError !== undefined,
      ...(outcome.partialError !== undefined ? { partialError: outcome.partialError } : {}),
      truncated: outcome.truncated.filter((name) => name !== DEVICE_RECENT_EVENTS_QUERY),
      ...(coverage ? { logsCoverage: coverage } : {}),
    },
    ...(history ? { history } : {}),
    suggestedIds,
  };
}

/**
 * Whether the device has IoT Hub records over {@link DEVICE_HISTORY_SPAN_MS} ending at the window's
 * end or now (whichever is later): one cheap summarized query per logs target.
 */
export async function deviceHistory(
  request: { readonly deviceId: string; readonly hub?: string; readonly window: TimeWindow },
  deps: DiagnoseDeps,
): Promise<{ history?: DeviceHistory; queries: readonly ExecutedQuery[]; span: TimeWindow }> {
  const end = new Date(Math.max(request.window.end.getTime(), deps.now().getTime()));
  const span = { start: new Date(end.getTime() - DEVICE_HISTORY_SPAN_MS), end };
  const hubScope = request.hub !== undefined ? { hub: request.hub } : {};
  const outcome = await runQueryBatch(
    deps.logs,
    placesFor(request.hub, deps).map(({ target, tables }) => ({
      query: deviceHistoryQuery({ deviceId: request.deviceId, window: span, tables, ...hubScope }),
      target,
    })),
    span,
    deps.abortSignal,
  );
  let records = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const row of namedRows(outcome.tables.get(DEVICE_HISTORY_QUERY))) {
    records += numberCell(row, 'Records');
    first = Math.min(first, timeCell(row, 'First') ?? Infinity);
    last = Math.max(last, timeCell(row, 'Last') ?? -Infinity);
  }
  const spanIso = { start: span.start.toISOString(), end: span.end.toISOString() };
  const history =
    records > 0 && Number.isFinite(first) && Number.isFinite(last)
      ? { records, first: new Date(first).toISOString(), last: new Date(last).toISOString(), span: spanIso }
      : undefined;
  return { ...(history ? { history } : {}), queries: outcome.executed, span };
}

function placesFor(hub: string | undefined, deps: DiagnoseDeps): LogsPlace[] {
  const backend = deps.logs.description;
  if (hub === undefined) return placesOf(deps.hubs, backend);
  const location = findHub(deps.hubs, hub);
  return location && location.kind !== 'dps' ? [placeOf(location, backend)] : placesOf(deps.hubs, backend);
}
