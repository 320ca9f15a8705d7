/**
 * `diagnose()`: from a device and a time window to a ranked, evidenced {@link Diagnosis}.
 *
 *   validate ids ──▶ one batch: device records · device DPS · hub disconnect bins · data presence
 *        │            · the device's Event Grid events, where the data set has them (loaded files)
 *        │                                   (per target when hubs live in several)
 *        ▼
 *   timeline ──▶ which hub? (two hubs and none named → AmbiguousHubError, a question back)
 *        │      no records? → second round trip: known ids → "did you mean"
 *        ▼
 *   detector layers ──▶ rank ──▶ verdict, timeline excerpt, data status
 *
 * Pure apart from the LogsBackend: the clock is an input, nothing is read from the environment.
 */
import type { LogsBackend, LogsBackendDescription, LogsTable } from '../logs/backend';
import type { DataPresence, HubContext } from './detectors/context';
import { isEventGridConnected, isSuccessfulConnect } from './detectors/event-patterns';
import { formatWindow, RECENT_WINDOW_MS } from './detectors/data-findings';
import { connectionActivity } from './connection-activity';
import type { Diagnosis, TimelineExcerpt, Verdict } from './diagnosis';
import { makeFinding, type Finding } from './finding';
import {
  AmbiguousHubError,
  InvalidWindowError,
  UnknownHubError,
  findHub,
  iotHubNames,
  placeOf,
  placesOf,
  type HubDirectory,
  type LogsPlace,
} from './hubs';
import { isValidIdentifier, kqlIdentifierLiteral } from './kql-literal';
import { nearestIds } from './nearest-ids';
import {
  DATA_PRESENCE_QUERY,
  DEVICE_CONNECTION_STATE_QUERY,
  DEVICE_CONNECTIONS_QUERY,
  DEVICE_DPS_QUERY,
  DISCONNECT_BIN_MINUTES,
  HUB_DISCONNECT_BINS_QUERY,
  dataPresenceQuery,
  deviceConnectionStateQuery,
  deviceConnectionsQuery,
  deviceDpsQuery,
  hubDisconnectBinsQuery,
  knownDeviceIdsQuery,
  KNOWN_DEVICE_IDS_QUERY,
  type TimeWindow,
} from './queries';
import { rankFindings } from './rank';
import { runDetectors } from './run-detectors';
import { runQueryBatch, type ExecutedQuery, type PlannedQuery } from './run-queries';
import { namedRows, numberCell, textCell, timeCell } from './table-rows';
import { buildTimeline, eventTime, type DeviceEvent, type SdkFamilyOrUnknown } from './timeline';

/** A device question. */
export interface DiagnosisRequest {
  readonly deviceId: string;
  /** IoT hub name; without it the hub is found from the device's records. */
  readonly hub?: string;
  /** DPS registration id when it differs from the device id. */
  readonly registrationId?: string;
  readonly window: TimeWindow;
}

/** What diagnose() needs from the outside world. */
export interface DiagnoseDeps {
  readonly logs: LogsBackend;
  readonly now: () => Date;
  readonly hubs?: HubDirectory;
  readonly abortSignal?: AbortSignal;
}

/** Events shown in the timeline before it is shortened to the most relevant ones. */
export const TIMELINE_LIMIT = 50;
/** Newest evidence events of one finding that a shortened timeline keeps, so several findings fit. */
const EVIDENCE_PER_FINDING = 15;

/**
 * Diagnoses one device over a window.
 *
 * @throws InvalidIdentifierError for an invalid device id, registration id or hub name (user-facing).
 * @throws InvalidWindowError when the window is empty (user-facing).
 * @throws UnknownHubError when a named hub is not in the configured directory (user-facing).
 * @throws AmbiguousHubError when no hub was named and the device has records in several (user-facing).
 * @throws LogsQueryError when the device's own query fails (its message is safe to show).
 */
export async function diagnose(request: DiagnosisRequest, deps: DiagnoseDeps): Promise<Diagnosis> {
  const { deviceId, window } = request;
  if (!(window.start.getTime() < window.end.getTime()))
    throw new InvalidWindowError(window.start, window.end);
  kqlIdentifierLiteral('device-id', deviceId);
  if (request.hub !== undefined) kqlIdentifierLiteral('hub-name', request.hub);
  if (request.registrationId !== undefined) kqlIdentifierLiteral('registration-id', request.registrationId);
  const registrationId =
    request.registrationId ?? (isValidIdentifier('registration-id', deviceId) ? deviceId : undefined);
  const backend = deps.logs.description;
  const places = placesFor(request.hub, deps.hubs, backend);
  const now = deps.now();
  // Loaded files and the demo are complete; only a service that ingests late may miss the window's end.
  const lateArrivals = backend.ingestionLatency;

  const hubScope = request.hub !== undefined ? { hub: request.hub } : {};
  const planned: PlannedQuery[] = places.flatMap(({ target, tables }) => [
    { query: deviceConnectionsQuery({ deviceId, window, tables, ...hubScope }), target },
    ...(registrationId !== undefined
      ? [{ query: deviceDpsQuery({ registrationId, window, tables }), target }]
      : []),
    { query: hubDisconnectBinsQuery({ window, tables, ...hubScope }), target },
    { query: dataPresenceQuery({ window, tables }), target },
    // Log Analytics has no such table, and a query naming a missing one fails: only where it exists.
    ...(tables.connectionStateEvents !== undefined
      ? [
          {
            query: deviceConnectionStateQuery({
              table: tables.connectionStateEvents,
              deviceId,
              window,
              ...hubScope,
            }),
            target,
          },
        ]
      : []),
  ]);
  const outcome = await runQueryBatch(deps.logs, planned, window, deps.abortSignal);
  const deviceFailure = outcome.failures.get(DEVICE_CONNECTIONS_QUERY);
  if (deviceFailure) throw deviceFailure;
  const queries: ExecutedQuery[] = [...outcome.executed];
  const truncated = [...outcome.truncated];
  let partialError = outcome.partialError ?? failureNote(outcome.failures);

  const timeline = buildTimeline(
    outcome.tables.get(DEVICE_CONNECTIONS_QUERY),
    outcome.tables.get(DEVICE_DPS_QUERY),
    outcome.tables.get(DEVICE_CONNECTION_STATE_QUERY),
  );
  const hub = resolveHub(deviceId, request.hub, [...timeline.hub, ...timeline.connectionState]);
  const presence = presenceOf(outcome.tables.get(DATA_PRESENCE_QUERY), request.hub);

  let suggestedIds: string[] = [];
  if (timeline.all.length === 0 && presence && presence.counts.connectionRecords > 0) {
    const known = await runQueryBatch(
      deps.logs,
      places.map(({ target, tables }) => ({
        query: knownDeviceIdsQuery({ window, tables, ...hubScope }),
        target,
      })),
      window,
      deps.abortSignal,
    );
    queries.push(...known.executed);
    truncated.push(...known.truncated);
    partialError ??= known.partialError ?? failureNote(known.failures);
    const ids = namedRows(known.tables.get(KNOWN_DEVICE_IDS_QUERY)).map((row) => textCell(row, 'DeviceId'));
    suggestedIds = nearestIds(deviceId, ids);
  }

  const findings = rankFindings(
    runDetectors({
      deviceId,
      hub,
      events: timeline.hub,
      dpsEvents: timeline.dps,
      connectionStateEvents: timeline.connectionState,
      hubContext:
        hub !== undefined
          ? hubContextOf(outcome.tables.get(HUB_DISCONNECT_BINS_QUERY), hub, window)
          : undefined,
      window,
      now,
      sdkFamily: latestSdkFamily(timeline.hub),
      data: { presence: presence?.counts, partialError, suggestedIds, lateArrivals },
    }),
  );
  // Event Grid's DeviceConnected counts as a connect: with no Connections logs it is the only one.
  const lastConnect = [
    ...timeline.hub.filter(isSuccessfulConnect),
    ...timeline.connectionState.filter(isEventGridConnected),
  ]
    .sort((a, b) => a.seq - b.seq)
    .at(-1);
  const verdict = verdictOf(findings, timeline.all.length, lastConnect);
  const ranked =
    verdict.kind === 'healthy' && lastConnect
      ? rankFindings([...findings, healthyFinding(deviceId, window, lastConnect)])
      : findings;

  return {
    request: {
      deviceId,
      ...(request.hub !== undefined ? { hub: request.hub } : {}),
      ...(request.registrationId !== undefined ? { registrationId: request.registrationId } : {}),
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
    },
    ...(hub !== undefined ? { hub } : {}),
    ...(timeline.dps[0] ? { dps: timeline.dps[0].hub } : {}),
    findings: ranked,
    timeline: excerpt(timeline.all, ranked),
    queries,
    dataStatus: {
      partial: partialError !== undefined,
      ...(partialError !== undefined ? { partialError } : {}),
      truncated,
      recentWindow: lateArrivals && now.getTime() - window.end.getTime() <= RECENT_WINDOW_MS,
      noData: timeline.all.length === 0,
      ...(presence?.coverage ? { logsCoverage: presence.coverage } : {}),
      backend: backend.inProcess ? 'local' : 'azure',
    },
    verdict,
  };
}

/** The named hub's place, or every place the directory knows when the question names no hub. */
function placesFor(
  hub: string | undefined,
  directory: HubDirectory | undefined,
  backend: LogsBackendDescription,
): LogsPlace[] {
  if (hub === undefined) return placesOf(directory, backend);
  const location = findHub(directory, hub);
  const known = iotHubNames(directory);
  if ((!location || location.kind === 'dps') && known.length > 0) {
    const fromLogs = Object.values(directory ?? {}).every((entry) => entry.foundInLogs === true);
    throw new UnknownHubError(hub, known, fromLogs ? 'logs' : 'configuration');
  }
  return [placeOf(location, backend)];
}

function resolveHub(
  deviceId: string,
  requested: string | undefined,
  events: readonly DeviceEvent[],
): string | undefined {
  if (requested !== undefined) return requested.toUpperCase();
  const hubs = [...new Set(events.map((event) => event.hub).filter((hub) => hub !== ''))].sort();
  if (hubs.length > 1) throw new AmbiguousHubError(deviceId, hubs);
  return hubs[0];
}

function failureNote(failures: ReadonlyMap<string, Error>): string | undefined {
  const [name, error] = [...failures.entries()][0] ?? [];
  return name !== undefined && error ? `Query ${name} failed: ${error.message}` : undefined;
}

function presenceOf(
  table: LogsTable | undefined,
  hub: string | undefined,
): { counts: DataPresence; coverage?: { earliest: string; latest: string } } | undefined {
  if (!table) return undefined;
  let connectionRecords = 0;
  let dpsRecords = 0;
  let earliest = Infinity;
  let latest = -Infinity;
  for (const row of namedRows(table)) {
    const type = textCell(row, 'ResourceType');
    if (type === 'IOTHUBS' && hub !== undefined && textCell(row, 'Resource') !== hub.toUpperCase()) continue;
    const records = numberCell(row, 'Records');
    if (type === 'IOTHUBS') connectionRecords += records;
    else dpsRecords += records;
    earliest = Math.min(earliest, timeCell(row, 'Earliest') ?? Infinity);
    latest = Math.max(latest, timeCell(row, 'Latest') ?? -Infinity);
  }
  const counts = { connectionRecords, dpsRecords };
  if (!Number.isFinite(earliest) || !Number.isFinite(latest)) return { counts };
  return {
    counts,
    coverage: { earliest: new Date(earliest).toISOString(), latest: new Date(latest).toISOString() },
  };
}

/** The hub's error-disconnect bins (a {@link hubDisconnectBinsQuery} table) as detectors read them. */
export function hubContextOf(
  table: LogsTable | undefined,
  hub: string,
  window: TimeWindow,
): HubContext | undefined {
  if (!table) return undefined;
  const binMs = DISCONNECT_BIN_MINUTES * 60_000;
  const bins = namedRows(table)
    .filter((row) => textCell(row, 'Resource') === hub)
    .flatMap((row) => {
      const startInMs = timeCell(row, 'BinStart');
      return startInMs === undefined ? [] : [{ startInMs, devices: numberCell(row, 'Devices') }];
    });
  const binsInWindow = Math.ceil((window.end.getTime() - window.start.getTime()) / binMs);
  return { hub, bins, binsInWindow };
}

function latestSdkFamily(events: readonly DeviceEvent[]): SdkFamilyOrUnknown {
  return events.filter((event) => event.sdkFamily !== 'unknown').at(-1)?.sdkFamily ?? 'unknown';
}

function verdictOf(
  findings: readonly Finding[],
  eventCount: number,
  lastConnect: DeviceEvent | undefined,
): Verdict {
  const withLastConnect = lastConnect ? { lastConnect: lastConnect.time } : {};
  const problem = findings.some((finding) => finding.evidence.length > 0 && finding.severity !== 'info');
  if (problem) return { kind: 'problem', ...withLastConnect };
  if (eventCount > 0) return { kind: 'healthy', ...withLastConnect };
  return { kind: 'no-data' };
}

function healthyFinding(deviceId: string, window: TimeWindow, lastConnect: DeviceEvent): Finding {
  return makeFinding('iothub.healthy', [lastConnect], {
    confidence: 0.8,
    params: {
      deviceId,
      window: formatWindow(window),
      lastConnect: `${lastConnect.time.slice(0, 19).replace('T', ' ')} UTC`,
    },
  });
}

/** All events oldest first when few; else the evidence of the ranked findings, then the newest others. */
function excerpt(events: readonly DeviceEvent[], findings: readonly Finding[]): TimelineExcerpt {
  const activity = connectionActivity(events);
  if (events.length <= TIMELINE_LIMIT)
    return { events, total: events.length, order: 'chronological', activity };
  const chosen = new Map<number, DeviceEvent>();
  for (const finding of findings) {
    for (const event of [...finding.evidence].reverse().slice(0, EVIDENCE_PER_FINDING)) {
      if (chosen.size >= TIMELINE_LIMIT) break;
      chosen.set(event.seq, event);
    }
  }
  const newestFirst = [...events].sort((a, b) => eventTime(b) - eventTime(a) || b.seq - a.seq);
  for (const event of newestFirst) {
    if (chosen.size >= TIMELINE_LIMIT) break;
    if (!chosen.has(event.seq)) chosen.set(event.seq, event);
  }
  return { events: [...chosen.values()], total: events.length, order: 'relevance', activity };
}
