import {
  SUMMARY_ROW_CAP,
  exportedMetrics,
  hubConnections,
  kqlLines,
  resourceLogs,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** A fleet question: a window, optionally narrowed to one hub / DPS (and the tables to read). */
export interface FleetScope extends ResourceScope {
  readonly window: TimeWindow;
}

/** Trend bin width for a window: about 24 to 300 points whatever the window length. */
export function trendBin(window: TimeWindow): { readonly kql: string; readonly minutes: number } {
  const hours = (window.end.getTime() - window.start.getTime()) / 3_600_000;
  if (hours <= 6) return { kql: '5m', minutes: 5 };
  if (hours <= 48) return { kql: '1h', minutes: 60 };
  return { kql: '1d', minutes: 1440 };
}

/**
 * The hub's errors in every category (Connections, telemetry, C2D, methods, uploads, routes, ...),
 * each marked `Renewal` when it is one of the two rows of a token renewal. Every disconnect is read
 * too, error or not, so that renewals pair exactly as in {@link topDisconnectingDevicesQuery}; the
 * disconnects that are no error are dropped once classified.
 */
function classifiedHubErrors(scope: FleetScope): string[] {
  return [
    ...resourceLogs({
      tables: scope.tables,
      window: scope.window,
      resource: 'iothub',
      where: `Level == "Error" or (${DISCONNECT_RECORD})`,
      name: scope.hub,
    }),
    '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
    ...renewalClassification(DISCONNECT_RECORD),
    '| where Level == "Error"',
  ];
}

/** Hub errors by code, whatever their category: how many, how many devices, which category; renewals apart. */
export function hubErrorBreakdownQuery(scope: FleetScope): CappedKqlQuery {
  const kql = kqlLines([
    ...classifiedHubErrors(scope),
    '| where not(Renewal)',
    `| summarize Errors = count(), Devices = dcount(DeviceId), LastSeen = max(TimeGenerated) by ${HUB_ERROR_GROUP.join(', ')}`,
    '| order by Errors desc',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: 'hub-error-breakdown', kql, rowCap: SUMMARY_ROW_CAP };
}

/** Devices named per error code on the hub errors card. */
export const HUB_ERROR_TOP_DEVICES = 3;

/**
 * Per breakdown row (hub, code, description, category), the devices with the most of its errors
 * (ties by DeviceId), renewals apart: the rows behind a code's Diagnose buttons, counted as the
 * row counts (a 429001 of telemetry and one of methods are two rows). Records that name no device
 * (routes, service calls) are left out.
 */
export function hubErrorTopDevicesQuery(scope: FleetScope): CappedKqlQuery {
  const kql = kqlLines([
    ...classifiedHubErrors(scope),
    '| where not(Renewal) and DeviceId != ""',
    `| summarize Errors = count() by ${HUB_ERROR_GROUP.join(', ')}, DeviceId`,
    `| sort by ${HUB_ERROR_GROUP.map((column) => `${column} asc`).join(', ')}, Errors desc, DeviceId asc`,
    // A rank restarting at each row; `top-nested` would leave the order of ties open.
    `| extend Rank = row_cumsum(1, ${HUB_ERROR_GROUP.map((column) => `${column} != prev(${column})`).join(' or ')})`,
    `| where Rank <= ${HUB_ERROR_TOP_DEVICES}`,
    `| project ${HUB_ERROR_GROUP.join(', ')}, DeviceId, Errors`,
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: 'hub-error-top-devices', kql, rowCap: SUMMARY_ROW_CAP };
}

/** The columns a hub error breakdown row is grouped by (its top devices come per group too). */
export const HUB_ERROR_GROUP = ['Resource', 'Category', 'ResultType', 'ResultDescription'] as const;

/** Hub errors per trend bin and code, for a chart; renewals apart. */
export function hubErrorTrendQuery(scope: FleetScope): CappedKqlQuery {
  const kql = kqlLines([
    ...classifiedHubErrors(scope),
    '| where not(Renewal)',
    `| summarize Errors = count() by BinStart = bin(TimeGenerated, ${trendBin(scope.window).kql}), ResultType`,
    '| order by BinStart asc',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: 'hub-error-trend', kql, rowCap: SUMMARY_ROW_CAP };
}

/**
 * The token renewal cycles of the window and how many devices renewed, over every device in scope
 * (not only the ones a list shows): the "expected" line of the hub errors and top devices cards.
 * One row, zeros when none.
 */
export function tokenRenewalsQuery(scope: FleetScope): CappedKqlQuery {
  const kql = kqlLines([
    ...hubDisconnects(scope),
    ...renewalClassification(),
    '| summarize Renewals = countif(RenewalStart), Devices = dcountif(strcat(Resource, "/", DeviceId), RenewalStart)',
  ]);
  return { name: 'token-renewals', kql, rowCap: 1 };
}

/**
 * Devices ranked by their real problems: disconnects that failed (Level Error) first, then other
 * disconnects, with the error codes they showed. A SAS token renewal over MQTT (a 401003 and,
 * within seconds, a 404104 before the SDK reconnects) is expected behaviour: it counts once, as a
 * renewal, and neither of its two rows counts as a disconnect or an error; a clean disconnect (the
 * Node SDK's renewal) is no error. So a device renewing every hour never outranks one that drops.
 */
export function topDisconnectingDevicesQuery(scope: FleetScope & { readonly limit: number }): CappedKqlQuery {
  const limit = Math.max(1, Math.min(Math.floor(scope.limit), 1000));
  const kql = kqlLines([
    ...hubDisconnects(scope),
    ...renewalClassification(),
    '| summarize Disconnects = countif(not(Renewal)), Renewals = countif(RenewalStart), Errors = countif(Level == "Error" and not(Renewal)),',
    '    LastDisconnect = max(TimeGenerated), Codes = make_set_if(ResultType, not(Renewal)) by DeviceId, Resource',
    // `top` takes one sort key; the tie-breaks need order + take.
    '| order by Errors desc, Disconnects desc, Renewals desc, DeviceId asc',
    `| take ${limit}`,
  ]);
  return { name: 'top-disconnecting-devices', kql, rowCap: limit };
}

/** The hubs' deviceDisconnect records, with their device. */
function hubDisconnects(scope: FleetScope): string[] {
  return [
    ...hubConnections(scope),
    '| where OperationName == "deviceDisconnect"',
    '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
  ];
}

/** The records a token renewal is made of (the predicate {@link hubDisconnects} filters by). */
const DISCONNECT_RECORD = 'Category == "Connections" and OperationName == "deviceDisconnect"';

/** Longest gap between a renewal's 401003 and its 404104 (the SDKs close within about a second). */
const RENEWAL_PAIR_SECONDS = 10;

/**
 * The one copy of the token renewal rule, for every answer that counts renewals apart (top
 * disconnects, hub errors and their trend, the renewal count): `RenewalStart` on a 401003 that the
 * same device's next disconnect on the same hub, a 404104, follows within
 * {@link RENEWAL_PAIR_SECONDS}; `Renewal` on both rows. Needs `DeviceId`. When the input holds
 * other records too, `candidate` says which rows are disconnects: they are sorted after the
 * device's other records, so that no other record splits a pair, and only they pair.
 */
function renewalClassification(candidate?: string): string[] {
  const picked = candidate === undefined ? '' : 'RenewalCandidate and ';
  const sameDevice = (side: 'next' | 'prev'): string =>
    `${side}(DeviceId) == DeviceId and ${side}(Resource) == Resource` +
    (candidate === undefined ? '' : ` and ${side}(RenewalCandidate) == true`);
  return [
    ...(candidate === undefined ? [] : [`| extend RenewalCandidate = ${candidate}`]),
    `| sort by Resource asc, DeviceId asc, ${candidate === undefined ? '' : 'RenewalCandidate asc, '}TimeGenerated asc`,
    `| extend RenewalStart = ${picked}ResultType == "401003" and next(ResultType) == "404104" and ${sameDevice('next')} and next(TimeGenerated) - TimeGenerated between (0s .. ${RENEWAL_PAIR_SECONDS}s)`,
    `| extend Renewal = RenewalStart or (${picked}ResultType == "404104" and prev(RenewalStart) == true and ${sameDevice('prev')})`,
  ];
}

/**
 * DPS failures by HTTP status (ResultSignature) and, when the description starts with one, the
 * 6-digit detailed code (e.g. 404201), for device-side and service-side operations.
 */
export function dpsFailuresQuery(scope: FleetScope): CappedKqlQuery {
  const kql = kqlLines([
    ...resourceLogs({
      tables: scope.tables,
      window: scope.window,
      resource: 'dps',
      where: 'Category in ("DeviceOperations", "ServiceOperations")',
      name: scope.dps,
    }),
    '| where Level == "Error"',
    '| extend DetailCode = extract("^([0-9]{6})", 1, ResultDescription)',
    '| extend RegistrationId = tostring(parse_json(properties_s).id)',
    '| summarize Failures = count(), Ids = dcount(RegistrationId), LastSeen = max(TimeGenerated),',
    '    Example = take_any(ResultDescription) by Category, ResultSignature, DetailCode, Resource',
    '| order by Failures desc',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: 'dps-failures', kql, rowCap: SUMMARY_ROW_CAP };
}

/** The DPS metrics exported to AzureMetrics; dimensions (Status, IotHubName) are not exported there. */
export const DPS_METRIC_NAMES = ['AttestationAttempts', 'RegistrationAttempts', 'DeviceAssignments'] as const;

/** DPS metric totals per trend bin. */
export function dpsMetricsQuery(scope: FleetScope): CappedKqlQuery {
  const kql = kqlLines([
    ...exportedMetrics({
      tables: scope.tables,
      window: scope.window,
      where: `MetricName in (${DPS_METRIC_NAMES.map((name) => `"${name}"`).join(', ')})`,
      dps: scope.dps,
    }),
    `| summarize Total = sum(Total) by Resource, MetricName, BinStart = bin(TimeGenerated, ${trendBin(scope.window).kql})`,
    '| order by BinStart asc',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: 'dps-metrics', kql, rowCap: SUMMARY_ROW_CAP };
}
