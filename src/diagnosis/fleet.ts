/**
 * Fleet answers on the same basis as diagnose(): hub error breakdown, top disconnecting devices,
 * DPS failures by code, DPS metrics. Each returns plain data plus the KQL it ran and whether the
 * data was partial or truncated, and maps codes to the finding that explains them.
 */
import { findingForCode, type FindingId } from '../knowledge/catalog';
import type { LogsBackend, LogsTable } from '../logs/backend';
import { dpsFindingFor } from './detectors/dps-errors';
import { findHub, placeOf, type HubDirectory } from './hubs';
import { logsCoverageOf, type LogsCoverage } from './logs-coverage';
import {
  DATA_COVERAGE_QUERY,
  HUB_ERROR_GROUP,
  dataCoverageQuery,
  dpsFailuresQuery,
  dpsMetricsQuery,
  hubErrorBreakdownQuery,
  hubErrorTopDevicesQuery,
  hubErrorTrendQuery,
  tokenRenewalsQuery,
  topDisconnectingDevicesQuery,
  trendBin,
  type CappedKqlQuery,
  type FleetScope,
  type ResourceKind,
} from './queries';
import { runQueryBatch, type ExecutedQuery } from './run-queries';
import { namedRows, numberCell, type NamedRow, stringListCell, textCell, timeCell } from './table-rows';

/** What fleet answers need. */
export interface FleetDeps {
  readonly logs: LogsBackend;
  /** Where each hub's logs live: a question about one hub or DPS asks its target. */
  readonly hubs?: HubDirectory;
  readonly abortSignal?: AbortSignal;
}

/** Completeness of a fleet answer. */
export interface FleetDataStatus {
  readonly partial: boolean;
  readonly partialError?: string;
  readonly truncated: readonly string[];
  /** First and last record the answer's resources have in the window (absent: none at all). */
  readonly logsCoverage?: LogsCoverage;
}

/** Common envelope: the rows, the KQL that ran, the data status. */
export interface FleetAnswer<T> {
  readonly window: { readonly start: string; readonly end: string };
  readonly rows: readonly T[];
  readonly queries: readonly ExecutedQuery[];
  readonly dataStatus: FleetDataStatus;
}

const HUB_CODE_FINDINGS: Readonly<Record<string, FindingId>> = {
  '400027': 'iothub.400027.duplicate-connection',
  '403002': 'iothub.403002.quota-exceeded',
  '403012': 'iothub.403012.device-disabled',
  '404001': 'iothub.404001.device-not-found',
  '404104': 'iothub.404104.closed-remotely',
  '409002': 'iothub.409002.link-conflict',
  '504101': 'iothub.500.transient',
};

/**
 * The finding an IoT Hub error code points to on its own. 401003 has none: which of its eight
 * findings applies depends on the message and the timing (detectors), so a breakdown row leaves it
 * to `explainCode`.
 */
export function hubFindingFor(code: string): FindingId | undefined {
  if (/^429\d{3}$/.test(code)) return 'iothub.429001.throttled';
  if (/^(500|503)\d{3}$/.test(code)) return 'iothub.500.transient';
  // Every other code the catalog ties to exactly one finding (403004, 404103, 400029, ...).
  return HUB_CODE_FINDINGS[code] ?? findingForCode(code, 'iothub');
}

export interface HubErrorRow {
  readonly hub: string;
  readonly category: string;
  readonly code: string;
  readonly name: string;
  readonly errors: number;
  readonly devices: number;
  readonly lastSeen: string;
  readonly findingId?: FindingId;
  /** The devices with the most of this row's errors (up to 3, ties by id). */
  readonly topDevices: readonly HubErrorDevice[];
}

export interface HubErrorDevice {
  readonly deviceId: string;
  readonly errors: number;
}

/** Token renewals over the whole window and scope: expected behaviour, counted apart from problems. */
export interface TokenRenewals {
  /** Renewal cycles (a 401003 then a 404104): each is two log rows, neither an error nor a drop. */
  readonly cycles: number;
  /** Devices that renewed at least once. */
  readonly devices: number;
}

export interface HubErrorTrendPoint {
  readonly binStart: string;
  readonly code: string;
  readonly errors: number;
}

/**
 * Hub errors by code over the window, with the top devices of each code and a trend per bin
 * (5 min / 1 h / 1 d by window length). The two rows of a token renewal are no errors: they are
 * left out of every count and counted apart, as `renewals`.
 */
export async function hubErrorBreakdown(
  scope: FleetScope,
  deps: FleetDeps,
): Promise<
  FleetAnswer<HubErrorRow> & {
    readonly trend: readonly HubErrorTrendPoint[];
    readonly binMinutes: number;
    readonly renewals: TokenRenewals;
  }
> {
  const inPlace = { ...scope, tables: fleetPlace(scope, deps).tables };
  const breakdown = hubErrorBreakdownQuery(inPlace);
  const trend = hubErrorTrendQuery(inPlace);
  const topDevices = hubErrorTopDevicesQuery(inPlace);
  const renewals = tokenRenewalsQuery(inPlace);
  const { tables, envelope } = await run([breakdown, trend], scope, deps, {
    reads: 'iothub',
    helpers: [topDevices, renewals],
  });
  const devicesOf = new Map<string, HubErrorDevice[]>();
  for (const row of namedRows(tables.get(topDevices.name))) {
    const key = hubErrorKey(row);
    const list = devicesOf.get(key) ?? [];
    list.push({ deviceId: textCell(row, 'DeviceId'), errors: numberCell(row, 'Errors') });
    devicesOf.set(key, list);
  }
  const rows = namedRows(tables.get(breakdown.name)).map((row): HubErrorRow => {
    const code = textCell(row, 'ResultType');
    const findingId = hubFindingFor(code);
    return {
      hub: textCell(row, 'Resource'),
      category: textCell(row, 'Category'),
      code,
      name: textCell(row, 'ResultDescription'),
      errors: numberCell(row, 'Errors'),
      devices: numberCell(row, 'Devices'),
      lastSeen: textCell(row, 'LastSeen'),
      ...(findingId ? { findingId } : {}),
      topDevices: devicesOf.get(hubErrorKey(row)) ?? [],
    };
  });
  const points = namedRows(tables.get(trend.name)).map((row) => ({
    binStart: textCell(row, 'BinStart'),
    code: textCell(row, 'ResultType'),
    errors: numberCell(row, 'Errors'),
  }));
  return {
    ...envelope,
    rows,
    trend: points,
    binMinutes: trendBin(scope.window).minutes,
    renewals: tokenRenewalsOf(tables.get(renewals.name)),
  };
}

/** A breakdown row's group (hub, category, code, description), the key its top devices come under. */
function hubErrorKey(row: NamedRow): string {
  return HUB_ERROR_GROUP.map((column) => textCell(row, column)).join('\u0000');
}

function tokenRenewalsOf(table: LogsTable | undefined): TokenRenewals {
  const [row] = namedRows(table);
  return row
    ? { cycles: numberCell(row, 'Renewals'), devices: numberCell(row, 'Devices') }
    : { cycles: 0, devices: 0 };
}

export interface DisconnectingDeviceRow {
  readonly deviceId: string;
  readonly hub: string;
  /** Real disconnects: every disconnect but the two of a token renewal. */
  readonly disconnects: number;
  /** Token renewal cycles (401003 then 404104): expected, counted apart. */
  readonly renewals: number;
  /** Real disconnects logged as errors. */
  readonly errors: number;
  /** The last disconnect of any kind. */
  readonly lastDisconnect: string;
  /** Error codes seen on its real disconnects. */
  readonly codes: readonly string[];
}

/**
 * The devices with the most failed, then other, disconnects in the window (default 10); renewals
 * apart, per device and over every device in scope (`renewals`, not only the listed devices').
 */
export async function topDisconnectingDevices(
  scope: FleetScope & { readonly limit?: number },
  deps: FleetDeps,
): Promise<FleetAnswer<DisconnectingDeviceRow> & { readonly renewals: TokenRenewals }> {
  const inPlace = { ...scope, tables: fleetPlace(scope, deps).tables };
  const query = topDisconnectingDevicesQuery({ ...inPlace, limit: scope.limit ?? 10 });
  const renewals = tokenRenewalsQuery(inPlace);
  const { tables, envelope } = await run([query], scope, deps, {
    reads: 'iothub',
    capIsLimit: true,
    helpers: [renewals],
  });
  const rows = namedRows(tables.get(query.name)).map((row) => ({
    deviceId: textCell(row, 'DeviceId'),
    hub: textCell(row, 'Resource'),
    disconnects: numberCell(row, 'Disconnects'),
    renewals: numberCell(row, 'Renewals'),
    errors: numberCell(row, 'Errors'),
    lastDisconnect: textCell(row, 'LastDisconnect'),
    codes: stringListCell(row, 'Codes'),
  }));
  return { ...envelope, rows, renewals: tokenRenewalsOf(tables.get(renewals.name)) };
}

export interface DpsFailureRow {
  readonly dps: string;
  /** `DeviceOperations` or `ServiceOperations`. */
  readonly category: string;
  /** HTTP status (ResultSignature). */
  readonly status: string;
  /** 6-digit code from the description (e.g. 404201), or ''. */
  readonly detailCode: string;
  readonly failures: number;
  readonly registrationIds: number;
  readonly lastSeen: string;
  readonly example: string;
  readonly findingId?: FindingId;
}

/** DPS failures by status and detailed code, device-side and service-side, with their finding. */
export async function dpsFailures(scope: FleetScope, deps: FleetDeps): Promise<FleetAnswer<DpsFailureRow>> {
  const query = dpsFailuresQuery({ ...scope, tables: fleetPlace(scope, deps).tables });
  const { tables, envelope } = await run([query], scope, deps, { reads: 'dps' });
  const rows = namedRows(tables.get(query.name)).map((row): DpsFailureRow => {
    const status = textCell(row, 'ResultSignature');
    const detailCode = textCell(row, 'DetailCode');
    const findingId = dpsFindingFor(status, detailCode);
    return {
      dps: textCell(row, 'Resource'),
      category: textCell(row, 'Category'),
      status,
      detailCode,
      failures: numberCell(row, 'Failures'),
      registrationIds: numberCell(row, 'Ids'),
      lastSeen: textCell(row, 'LastSeen'),
      example: textCell(row, 'Example'),
      ...(findingId ? { findingId } : {}),
    };
  });
  return { ...envelope, rows };
}

export interface DpsMetricPoint {
  readonly dps: string;
  readonly metric: string;
  readonly binStart: string;
  readonly total: number;
}

export interface DpsMetricTotal {
  readonly dps: string;
  readonly metric: string;
  readonly total: number;
}

/** DPS AttestationAttempts / RegistrationAttempts / DeviceAssignments from AzureMetrics: totals and trend. */
export async function dpsMetrics(
  scope: FleetScope,
  deps: FleetDeps,
): Promise<
  FleetAnswer<DpsMetricPoint> & { readonly totals: readonly DpsMetricTotal[]; readonly binMinutes: number }
> {
  const query = dpsMetricsQuery({ ...scope, tables: fleetPlace(scope, deps).tables });
  // Metrics are not resource logs: the DPS failures beside them carry the logs' coverage.
  const { tables, envelope } = await run([query], scope, deps, {});
  const rows = namedRows(tables.get(query.name)).map((row) => ({
    dps: textCell(row, 'Resource'),
    metric: textCell(row, 'MetricName'),
    binStart: new Date(timeCell(row, 'BinStart') ?? 0).toISOString(),
    total: numberCell(row, 'Total'),
  }));
  const totals = new Map<string, DpsMetricTotal>();
  for (const point of rows) {
    const key = `${point.dps}\u0000${point.metric}`;
    const previous = totals.get(key)?.total ?? 0;
    totals.set(key, { dps: point.dps, metric: point.metric, total: previous + point.total });
  }
  return { ...envelope, rows, totals: [...totals.values()], binMinutes: trendBin(scope.window).minutes };
}

/**
 * The named hub's (or DPS's) place; without a name, the backend's default: a fleet summary over
 * every target would count each hub once per target it is configured in.
 */
function fleetPlace(scope: FleetScope, deps: FleetDeps): ReturnType<typeof placeOf> {
  const name = scope.hub ?? scope.dps;
  return placeOf(name !== undefined ? findHub(deps.hubs, name) : undefined, deps.logs.description);
}

/**
 * Runs an answer's queries in one batch, with a {@link dataCoverageQuery} over the same resources
 * beside them (same round trip), so the card can say when the logs cover less than the window.
 * The coverage query stays out of `queries`, and so do the `helpers` (run in the same batch): like
 * the diagnosis's helper queries, they are not the one a person would run to check the answer.
 */
async function run(
  queries: readonly CappedKqlQuery[],
  scope: FleetScope,
  deps: FleetDeps,
  options: {
    readonly reads?: ResourceKind;
    readonly capIsLimit?: boolean;
    readonly helpers?: readonly CappedKqlQuery[];
  },
): Promise<{
  tables: ReadonlyMap<string, LogsTable>;
  envelope: Omit<FleetAnswer<never>, 'rows'>;
}> {
  const { target, tables: logTables } = fleetPlace(scope, deps);
  const coverageQuery =
    options.reads !== undefined
      ? [
          dataCoverageQuery({
            tables: logTables,
            window: scope.window,
            resource: options.reads,
            name: options.reads === 'dps' ? scope.dps : scope.hub,
          }),
        ]
      : [];
  const outcome = await runQueryBatch(
    deps.logs,
    [...queries, ...(options.helpers ?? []), ...coverageQuery].map((query) => ({ query, target })),
    scope.window,
    deps.abortSignal,
  );
  const [firstFailure] = [...outcome.failures.entries()]
    .filter(([name]) => name !== DATA_COVERAGE_QUERY)
    .map(([, error]) => error);
  if (firstFailure) throw firstFailure;
  const partialError = outcome.partialError;
  const logsCoverage = logsCoverageOf(outcome.tables.get(DATA_COVERAGE_QUERY));
  return {
    tables: outcome.tables,
    envelope: {
      window: { start: scope.window.start.toISOString(), end: scope.window.end.toISOString() },
      queries: outcome.executed.filter((query) => queries.some((listed) => listed.name === query.name)),
      dataStatus: {
        partial: partialError !== undefined,
        ...(partialError !== undefined ? { partialError } : {}),
        truncated: options.capIsLimit ? [] : outcome.truncated,
        ...(logsCoverage ? { logsCoverage } : {}),
      },
    },
  };
}
