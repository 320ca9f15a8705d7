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

/** The hub's errors in every category (Connections, telemetry, C2D, methods, uploads, routes, ...). */
function hubErrors(scope: FleetScope): string[] {
  return resourceLogs({
    tables: scope.tables,
    window: scope.window,
    resource: 'iothub',
    where: 'Level == "Error"',
    name: scope.hub,
  });
}

/** Hub errors by code, whatever their category: how many, how many devices, which category. */
export function hubErrorBreakdownQuery(scope: FleetScope): CappedKqlQuery {
  const kql = kqlLines([
    ...hubErrors(scope),
    '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
    '| summarize Errors = count(), Devices = dcount(DeviceId), LastSeen = max(TimeGenerated) by ResultType, ResultDescription, Category, Resource',
    '| order by Errors desc',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: 'hub-error-breakdown', kql, rowCap: SUMMARY_ROW_CAP };
}

/** Hub errors per trend bin and code, for a chart. */
export function hubErrorTrendQuery(scope: FleetScope): CappedKqlQuery {
  const kql = kqlLines([
    ...hubErrors(scope),
    `| summarize Errors = count() by BinStart = bin(TimeGenerated, ${trendBin(scope.window).kql}), ResultType`,
    '| order by BinStart asc',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: 'hub-error-trend', kql, rowCap: SUMMARY_ROW_CAP };
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
    ...hubConnections(scope),
    '| where OperationName == "deviceDisconnect"',
    '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
    '| sort by Resource asc, DeviceId asc, TimeGenerated asc',
    `| extend RenewalStart = ResultType == "401003" and next(ResultType) == "404104" and next(DeviceId) == DeviceId and next(Resource) == Resource and next(TimeGenerated) - TimeGenerated between (0s .. ${RENEWAL_PAIR_SECONDS}s)`,
    '| extend Renewal = RenewalStart or (ResultType == "404104" and prev(RenewalStart) == true and prev(DeviceId) == DeviceId and prev(Resource) == Resource)',
    '| summarize Disconnects = countif(not(Renewal)), Renewals = countif(RenewalStart), Errors = countif(Level == "Error" and not(Renewal)),',
    '    LastDisconnect = max(TimeGenerated), Codes = make_set_if(ResultType, not(Renewal)) by DeviceId, Resource',
    // `top` takes one sort key; the tie-breaks need order + take.
    '| order by Errors desc, Disconnects desc, Renewals desc, DeviceId asc',
    `| take ${limit}`,
  ]);
  return { name: 'top-disconnecting-devices', kql, rowCap: limit };
}

/** Longest gap between a renewal's 401003 and its 404104 (the SDKs close within about a second). */
const RENEWAL_PAIR_SECONDS = 10;

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
