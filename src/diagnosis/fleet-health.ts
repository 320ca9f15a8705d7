/**
 * Fleet health: what is broken right now, per hub, the way an expert on call triages. One batch
 * (one round trip) reads each device's last connection event, the errors of the last hour and the
 * hubs' error-disconnect bins; no per-device diagnosis runs, so the answer scales to thousands of
 * devices. A device is
 *
 * - offline: its last connection event in the window is a disconnect (or a failed connect after
 *   its last disconnect) older than the settle time, with no successful connect after it;
 * - failing: it is not offline and showed, in the recent window, an error whose finding is not
 *   benign (catalog severity warning, error or critical; an unknown code counts as an error);
 * - expected: behaviour the catalog calls info, on a device connected now (SAS token renewal
 *   401003 + 404104, a clean reconnect, a service-upgrade 400029 / 400030): counted apart, never
 *   as a problem.
 *
 * Hub-wide findings (a mass disconnect in the recent window, a suspended hub, throttling, the
 * daily quota) come first.
 */
import { getFinding, severityRank, type FindingId, type Severity } from '../knowledge/catalog';
import type { LogsTable } from '../logs/backend';
import { MIN_DEVICES, TIMES_USUAL, usualDevicesPerBin } from './detectors/mass-disconnect';
import { hubContextOf } from './diagnose';
import { hubFindingFor, type FleetDataStatus, type FleetDeps } from './fleet';
import { dpsFindingFor } from './detectors/dps-errors';
import { findHub, placeOf } from './hubs';
import { logsCoverageOf } from './logs-coverage';
import {
  DATA_COVERAGE_QUERY,
  DISCONNECT_BIN_MINUTES,
  FLEET_HEALTH_QUERIES,
  dataCoverageQuery,
  fleetHealthQueries,
  type FleetHealthScope,
  type TimeWindow,
} from './queries';
import { runQueryBatch, type ExecutedQuery } from './run-queries';
import { namedRows, numberCell, textCell, timeCell, type NamedRow } from './table-rows';

/** How long a device may stay disconnected before it counts as offline: renewals reconnect in seconds. */
export const OFFLINE_SETTLE_MS = 2 * 60_000;

/** What "now" means for "failing now": errors in this last stretch of the window. */
export const RECENT_WINDOW_MS = 60 * 60_000;

/** The question: a window ending now, optionally one hub. */
export interface FleetHealthRequest {
  readonly window: TimeWindow;
  readonly hub?: string;
}

/** One device in a section of the answer. */
export interface FleetHealthDevice {
  readonly deviceId: string;
  readonly hub: string;
  /** Offline: since when (its last disconnect, or its first failure when it never connected). */
  readonly since?: string;
  /** Failing / expected: the last such record in the recent window. */
  readonly lastSeen: string;
  /** The code behind it ('' for a disconnect without one). */
  readonly code: string;
  /** What the logs call that code (ResultDescription), when they say. */
  readonly codeName: string;
  /** How many records of it in the recent window (offline: 0). */
  readonly count: number;
}

/** Devices sharing one finding (or, when no finding is known, one code). */
export interface FleetHealthGroup {
  /** The finding id, or `code:<code>` when the catalog has no single finding for the code. */
  readonly key: string;
  readonly findingId?: FindingId;
  readonly code?: string;
  readonly severity: Severity;
  /** Worst first: most records first. */
  readonly devices: readonly FleetHealthDevice[];
  readonly records: number;
}

/** A finding about the hub as a whole. */
export interface FleetLevelFinding {
  readonly findingId: FindingId;
  readonly severity: Severity;
  readonly deviceCount: number;
  /** When it was last seen (mass disconnect: its worst bin's start). */
  readonly at: string;
  readonly codes: readonly string[];
}

export interface HubHealth {
  /** The IoT hub, or the DPS instance (whose "devices" are registration ids, never offline). */
  readonly hub: string;
  readonly kind: 'iothub' | 'dps';
  readonly fleetFindings: readonly FleetLevelFinding[];
  /** Most recently lost first. */
  readonly offline: readonly FleetHealthDevice[];
  /** Worst first. */
  readonly failing: readonly FleetHealthGroup[];
  readonly expected: readonly FleetHealthGroup[];
  /** Distinct devices in each section. */
  readonly counts: { readonly offline: number; readonly failing: number; readonly expected: number };
}

export interface FleetHealth {
  readonly window: { readonly start: string; readonly end: string };
  /** The "failing now" window. */
  readonly recent: { readonly start: string; readonly end: string };
  readonly settleMinutes: number;
  /** Hubs with anything to report first (worst first), then by name. */
  readonly hubs: readonly HubHealth[];
  readonly queries: readonly ExecutedQuery[];
  readonly dataStatus: FleetDataStatus;
}

/** Fleet-level findings the recent codes alone establish, whatever device shows them. */
const HUB_WIDE_CODES: readonly { readonly test: RegExp; readonly findingId: FindingId }[] = [
  { test: /^403001$/, findingId: 'iothub.403001.hub-suspended' },
  { test: /^403002$/, findingId: 'iothub.403002.quota-exceeded' },
  { test: /^429\d{3}$/, findingId: 'iothub.429001.throttled' },
];

const TOKEN_RENEWAL_CODES: ReadonlySet<string> = new Set(['401003', '404104']);

/** Fleet health over the request's window (one batch), per hub. */
export async function fleetHealth(request: FleetHealthRequest, deps: FleetDeps): Promise<FleetHealth> {
  const { window } = request;
  const recent = {
    start: new Date(Math.max(window.start.getTime(), window.end.getTime() - RECENT_WINDOW_MS)),
    end: window.end,
  };
  const place = placeOf(
    request.hub !== undefined ? findHub(deps.hubs, request.hub) : undefined,
    deps.logs.description,
  );
  const scope: FleetHealthScope = {
    window,
    recent,
    tables: place.tables,
    ...(request.hub !== undefined ? { hub: request.hub } : {}),
  };
  const queries = fleetHealthQueries(scope);
  // Beside them, in the same round trip: which part of the window the logs cover (the batch reads
  // the DPS side only when no hub is named). Not listed in `queries`: no one would run it to check.
  const coverageQuery = dataCoverageQuery({
    tables: place.tables,
    window,
    resource: request.hub !== undefined ? 'iothub' : 'iothub-or-dps',
    name: request.hub,
  });
  const outcome = await runQueryBatch(
    deps.logs,
    [...queries, coverageQuery].map((query) => ({ query, target: place.target })),
    window,
    deps.abortSignal,
  );
  const [firstFailure] = [...outcome.failures.entries()]
    .filter(([name]) => name !== DATA_COVERAGE_QUERY)
    .map(([, error]) => error);
  if (firstFailure) throw firstFailure;
  const logsCoverage = logsCoverageOf(outcome.tables.get(DATA_COVERAGE_QUERY));
  const hubs = classify(
    outcome.tables.get(FLEET_HEALTH_QUERIES.connectionState),
    outcome.tables.get(FLEET_HEALTH_QUERIES.recentProblems),
    outcome.tables.get(FLEET_HEALTH_QUERIES.disconnectBins),
    window,
    recent,
  ).concat(classifyDps(outcome.tables.get(FLEET_HEALTH_QUERIES.recentDps)));
  return {
    window: isoWindow(window),
    recent: isoWindow(recent),
    settleMinutes: OFFLINE_SETTLE_MS / 60_000,
    hubs,
    queries: outcome.executed.filter((query) => query.name !== DATA_COVERAGE_QUERY),
    dataStatus: {
      partial: outcome.partialError !== undefined,
      ...(outcome.partialError !== undefined ? { partialError: outcome.partialError } : {}),
      truncated: outcome.truncated,
      ...(logsCoverage ? { logsCoverage } : {}),
    },
  };
}

interface ConnectionState {
  readonly connectedNow: boolean;
  readonly offline?: FleetHealthDevice;
}

interface ProblemRow {
  readonly deviceId: string;
  readonly hub: string;
  readonly operation: string;
  readonly code: string;
  readonly codeName: string;
  readonly count: number;
  readonly lastSeen: string;
}

/** The batch's tables → the answer per hub. Pure, so tests can feed it rows. */
export function classify(
  stateTable: LogsTable | undefined,
  problemsTable: LogsTable | undefined,
  binsTable: LogsTable | undefined,
  window: TimeWindow,
  recent: TimeWindow,
): HubHealth[] {
  const states = new Map<string, ConnectionState>();
  const hubNames = new Set<string>();
  for (const row of namedRows(stateTable)) {
    const deviceId = textCell(row, 'DeviceId');
    const hub = textCell(row, 'Resource');
    if (deviceId === '') continue;
    hubNames.add(hub);
    states.set(deviceKey(hub, deviceId), connectionState(row, deviceId, hub, window.end));
  }
  const problems = new Map<string, ProblemRow[]>();
  for (const row of namedRows(problemsTable)) {
    const problem: ProblemRow = {
      deviceId: textCell(row, 'DeviceId'),
      hub: textCell(row, 'Resource'),
      operation: textCell(row, 'OperationName'),
      code: textCell(row, 'ResultType'),
      codeName: textCell(row, 'Name'),
      count: numberCell(row, 'Count'),
      lastSeen: textCell(row, 'LastSeen'),
    };
    if (problem.deviceId === '') continue;
    hubNames.add(problem.hub);
    const key = deviceKey(problem.hub, problem.deviceId);
    problems.set(key, [...(problems.get(key) ?? []), problem]);
  }
  const hubs = [...hubNames].map((hub) => hubHealth(hub, states, problems, binsTable, window, recent));
  return hubs.sort((a, b) => problemCount(b) - problemCount(a) || a.hub.localeCompare(b.hub));
}

function connectionState(named: NamedRow, deviceId: string, hub: string, end: Date): ConnectionState {
  const lastConnect = timeCell(named, 'LastConnect');
  const lastDisconnect = timeCell(named, 'LastDisconnect');
  const firstFailure = timeCell(named, 'FirstFailure');
  const lastOperation = textCell(named, 'OperationName');
  const lastFailed = textCell(named, 'Level') === 'Error';
  const connectedNow = lastOperation === 'deviceConnect' && !lastFailed;
  // Lost: the last disconnect is after the last good connect, or it never connected and only failed.
  const lostAt =
    lastDisconnect !== undefined && (lastConnect === undefined || lastDisconnect > lastConnect)
      ? lastDisconnect
      : lastConnect === undefined && lastDisconnect === undefined && lastFailed
        ? firstFailure
        : undefined;
  if (connectedNow || lostAt === undefined || end.getTime() - lostAt < OFFLINE_SETTLE_MS) {
    return { connectedNow };
  }
  return {
    connectedNow: false,
    offline: {
      deviceId,
      hub,
      since: new Date(lostAt).toISOString(),
      lastSeen: textCell(named, 'TimeGenerated'),
      code: textCell(named, 'ResultType'),
      codeName: textCell(named, 'ResultDescription'),
      count: 0,
    },
  };
}

function hubHealth(
  hub: string,
  states: ReadonlyMap<string, ConnectionState>,
  problems: ReadonlyMap<string, readonly ProblemRow[]>,
  binsTable: LogsTable | undefined,
  window: TimeWindow,
  recent: TimeWindow,
): HubHealth {
  const offline = [...states.values()]
    .flatMap((state) => (state.offline?.hub === hub ? [state.offline] : []))
    .sort((a, b) => (b.since ?? '').localeCompare(a.since ?? '') || a.deviceId.localeCompare(b.deviceId));
  const failing = new Map<string, GroupBuilder>();
  const expected = new Map<string, GroupBuilder>();
  for (const [key, rows] of problems) {
    const first = rows[0];
    if (!first || first.hub !== hub) continue;
    const state = states.get(key);
    if (state?.offline) continue;
    const connectedNow = state?.connectedNow ?? false;
    const renewal =
      connectedNow &&
      rows.some((row) => row.operation === 'deviceDisconnect' && row.code === '401003') &&
      rows.some((row) => row.operation === 'deviceDisconnect' && row.code === '404104');
    for (const row of rows) {
      const verdict = verdictOf(row, connectedNow, renewal);
      if (!verdict) continue;
      const into = verdict.expected ? expected : failing;
      addTo(into, verdict, row);
    }
  }
  const failingGroups = finish(failing);
  const expectedGroups = finish(expected);
  return {
    hub,
    kind: 'iothub',
    fleetFindings: fleetFindings(
      hub,
      [...problems.values()].flat().filter((row) => row.hub === hub),
      binsTable,
      window,
      recent,
    ),
    offline,
    failing: failingGroups,
    expected: expectedGroups,
    counts: {
      offline: offline.length,
      failing: distinctDevices(failingGroups),
      expected: distinctDevices(expectedGroups),
    },
  };
}

interface Verdict {
  readonly key: string;
  readonly findingId?: FindingId;
  readonly code?: string;
  readonly severity: Severity;
  readonly expected: boolean;
}

/** What one recent row of a device not offline means; undefined: nothing to report. */
function verdictOf(row: ProblemRow, connectedNow: boolean, renewal: boolean): Verdict | undefined {
  if (row.code === '') {
    // A disconnect without a code: a clean reconnect when the device is back, else nothing known.
    return row.operation === 'deviceDisconnect' && connectedNow
      ? findingVerdict('iothub.reconnect.token-lifetime', true)
      : undefined;
  }
  if (renewal && row.operation === 'deviceDisconnect' && TOKEN_RENEWAL_CODES.has(row.code)) {
    return findingVerdict('iothub.401003.token-renewal', true);
  }
  const findingId = hubFindingFor(row.code);
  if (!findingId) return { key: `code:${row.code}`, code: row.code, severity: 'error', expected: false };
  const severity = getFinding(findingId).severity;
  // Info (a service upgrade) is expected only once the device is back; until then it is a problem.
  return { key: findingId, findingId, severity, expected: severity === 'info' && connectedNow };
}

function findingVerdict(findingId: FindingId, expected: boolean): Verdict {
  return { key: findingId, findingId, severity: getFinding(findingId).severity, expected };
}

interface GroupBuilder {
  readonly verdict: Verdict;
  readonly devices: Map<string, FleetHealthDevice>;
}

function addTo(groups: Map<string, GroupBuilder>, verdict: Verdict, row: ProblemRow): void {
  const group = groups.get(verdict.key) ?? { verdict, devices: new Map<string, FleetHealthDevice>() };
  groups.set(verdict.key, group);
  const previous = group.devices.get(row.deviceId);
  group.devices.set(row.deviceId, {
    deviceId: row.deviceId,
    hub: row.hub,
    lastSeen: previous && previous.lastSeen > row.lastSeen ? previous.lastSeen : row.lastSeen,
    code: previous && previous.count > row.count ? previous.code : row.code,
    codeName: previous && previous.count > row.count ? previous.codeName : row.codeName,
    count: (previous?.count ?? 0) + row.count,
  });
}

function finish(groups: ReadonlyMap<string, GroupBuilder>): FleetHealthGroup[] {
  return [...groups.values()]
    .map(({ verdict, devices }): FleetHealthGroup => {
      const list = [...devices.values()].sort(
        (a, b) => b.count - a.count || a.deviceId.localeCompare(b.deviceId),
      );
      return {
        key: verdict.key,
        ...(verdict.findingId ? { findingId: verdict.findingId } : {}),
        ...(verdict.code !== undefined ? { code: verdict.code } : {}),
        severity: verdict.severity,
        devices: list,
        records: list.reduce((sum, device) => sum + device.count, 0),
      };
    })
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        b.devices.length - a.devices.length ||
        a.key.localeCompare(b.key),
    );
}

/** A mass disconnect in the recent window (the detector's thresholds), then the hub-wide codes of any device. */
function fleetFindings(
  hub: string,
  rows: readonly ProblemRow[],
  binsTable: LogsTable | undefined,
  window: TimeWindow,
  recent: TimeWindow,
): FleetLevelFinding[] {
  const findings: FleetLevelFinding[] = [];
  const binMs = DISCONNECT_BIN_MINUTES * 60_000;
  const context = hubContextOf(binsTable, hub, window);
  const bins = context?.bins ?? [];
  const threshold = context ? Math.max(MIN_DEVICES, TIMES_USUAL * usualDevicesPerBin(context)) : Infinity;
  const worst = bins
    .filter((bin) => bin.startInMs + binMs > recent.start.getTime() && bin.devices >= threshold)
    .sort((a, b) => b.devices - a.devices)[0];
  if (worst) {
    findings.push({
      findingId: 'fleet.mass-disconnect',
      severity: getFinding('fleet.mass-disconnect').severity,
      deviceCount: worst.devices,
      at: new Date(worst.startInMs).toISOString(),
      codes: [],
    });
  }
  for (const { test, findingId } of HUB_WIDE_CODES) {
    // Offline devices count too: a suspended hub or a spent quota is what took them offline.
    const devices = rows.filter((row) => test.test(row.code));
    if (devices.length === 0) continue;
    findings.push({
      findingId,
      severity: getFinding(findingId).severity,
      deviceCount: new Set(devices.map((device) => device.deviceId)).size,
      at:
        devices
          .map((device) => device.lastSeen)
          .sort()
          .at(-1) ?? '',
      codes: [...new Set(devices.map((device) => device.code))].sort(),
    });
  }
  return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

function distinctDevices(groups: readonly FleetHealthGroup[]): number {
  return new Set(groups.flatMap((group) => group.devices.map((device) => device.deviceId))).size;
}

function problemCount(hub: HubHealth): number {
  return hub.fleetFindings.length * 1000 + hub.counts.offline + hub.counts.failing;
}

function deviceKey(hub: string, deviceId: string): string {
  return `${hub}\u0000${deviceId}`;
}

function isoWindow(window: TimeWindow): { start: string; end: string } {
  return { start: window.start.toISOString(), end: window.end.toISOString() };
}

/**
 * The DPS side, per instance: a registration id's failures in the recent window, worst first; a
 * 401 that the same id got past later (its last success is after its last 401) is the TPM
 * attestation challenge, a normal step, counted as expected.
 */
export function classifyDps(table: LogsTable | undefined): HubHealth[] {
  const byId = new Map<string, { dps: string; id: string; rows: NamedRow[] }>();
  for (const row of namedRows(table)) {
    const id = textCell(row, 'RegistrationId');
    const dps = textCell(row, 'Resource');
    if (id === '') continue;
    const key = deviceKey(dps, id);
    const entry = byId.get(key) ?? { dps, id, rows: [] };
    entry.rows.push(row);
    byId.set(key, entry);
  }
  const failing = new Map<string, Map<string, GroupBuilder>>();
  const expected = new Map<string, Map<string, GroupBuilder>>();
  for (const { dps, id, rows } of byId.values()) {
    const lastSuccess = rows
      .filter((row) => textCell(row, 'Level') !== 'Error')
      .map((row) => textCell(row, 'LastSeen'))
      .sort()
      .at(-1);
    for (const row of rows.filter((candidate) => textCell(candidate, 'Level') === 'Error')) {
      const status = textCell(row, 'ResultSignature');
      const name = textCell(row, 'Name');
      const problem: ProblemRow = {
        deviceId: id,
        hub: dps,
        operation: 'dps',
        code: status,
        codeName: name,
        count: numberCell(row, 'Count'),
        lastSeen: textCell(row, 'LastSeen'),
      };
      const challenge = status === '401' && lastSuccess !== undefined && lastSuccess >= problem.lastSeen;
      const findingId = challenge
        ? 'dps.401.tpm-challenge'
        : dpsFindingFor(status, /^(\d{6})/.exec(name)?.[1] ?? '');
      const verdict: Verdict = findingId
        ? { ...findingVerdict(findingId, challenge), expected: challenge }
        : { key: `code:${status}`, code: status, severity: 'error', expected: false };
      const into = verdict.expected ? expected : failing;
      const groups = into.get(dps) ?? new Map<string, GroupBuilder>();
      into.set(dps, groups);
      addTo(groups, verdict, problem);
    }
  }
  const names = new Set([...failing.keys(), ...expected.keys()]);
  return [...names].sort().map((dps): HubHealth => {
    const failingGroups = finish(failing.get(dps) ?? new Map());
    const expectedGroups = finish(expected.get(dps) ?? new Map());
    return {
      hub: dps,
      kind: 'dps',
      fleetFindings: [],
      offline: [],
      failing: failingGroups,
      expected: expectedGroups,
      counts: {
        offline: 0,
        failing: distinctDevices(failingGroups),
        expected: distinctDevices(expectedGroups),
      },
    };
  });
}
