import { DEVICE_CATEGORIES } from './device-categories';
import { hubDisconnectBinsQuery } from './hub-disconnect-bins';
import {
  SUMMARY_ROW_CAP,
  hubConnections,
  kqlLines,
  resourceLogs,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Names of the fleet health batch's queries. */
export const FLEET_HEALTH_QUERIES = {
  connectionState: 'fleet-connection-state',
  recentProblems: 'fleet-recent-problems',
  disconnectBins: 'fleet-disconnect-bins',
  recentDps: 'fleet-recent-dps',
} as const;

/** The fleet health question: how far back connection state is read, and the "now" window. */
export interface FleetHealthScope extends ResourceScope {
  /** Where each device's last connection event is looked for (the question's window). */
  readonly window: TimeWindow;
  /** What "failing now" means: errors in this (short) window at the end of {@link window}. */
  readonly recent: TimeWindow;
}

/**
 * Per device and hub, its last connection event (which operation, which code) and the times of
 * its last successful connect and its last disconnect: a device whose last event is a disconnect,
 * or a failed connect after its last disconnect, is offline.
 */
export function fleetConnectionStateQuery(scope: FleetHealthScope): CappedKqlQuery {
  const kql = kqlLines([
    ...hubConnections(scope),
    '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
    '| summarize arg_max(TimeGenerated, OperationName, ResultType, ResultDescription, Level),',
    '    LastConnect = maxif(TimeGenerated, OperationName == "deviceConnect" and Level != "Error"),',
    '    LastDisconnect = maxif(TimeGenerated, OperationName == "deviceDisconnect"),',
    '    FirstFailure = minif(TimeGenerated, Level == "Error") by DeviceId, Resource',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: FLEET_HEALTH_QUERIES.connectionState, kql, rowCap: SUMMARY_ROW_CAP };
}

/**
 * Per device, hub, category and code, what went wrong in the recent window: every error of a
 * category that names a device, plus the disconnects without a code (a clean reconnect, which is
 * expected and counted as such, never as a problem).
 */
export function fleetRecentProblemsQuery(scope: FleetHealthScope): CappedKqlQuery {
  const categories = DEVICE_CATEGORIES.map((category) => `"${category}"`).join(', ');
  const kql = kqlLines([
    ...resourceLogs({
      tables: scope.tables,
      window: scope.recent,
      resource: 'iothub',
      where: `Category in (${categories})\n    and (Level == "Error" or OperationName == "deviceDisconnect")`,
      name: scope.hub,
    }),
    '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
    '| summarize Count = count(), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated),',
    '    Name = take_any(ResultDescription) by DeviceId, Resource, Category, OperationName, ResultType',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: FLEET_HEALTH_QUERIES.recentProblems, kql, rowCap: SUMMARY_ROW_CAP };
}

/** The hubs' error disconnects per 5-minute bin over the window: the fleet events' baseline. */
export function fleetDisconnectBinsQuery(scope: FleetHealthScope): CappedKqlQuery {
  return { ...hubDisconnectBinsQuery(scope), name: FLEET_HEALTH_QUERIES.disconnectBins };
}

/**
 * Per DPS, registration id and HTTP status, its device-side requests in the recent window,
 * successes included: a 401 the same id then got past is the TPM attestation challenge.
 */
export function fleetRecentDpsQuery(scope: FleetHealthScope): CappedKqlQuery {
  const kql = kqlLines([
    ...resourceLogs({
      tables: scope.tables,
      window: scope.recent,
      resource: 'dps',
      where: 'Category == "DeviceOperations"',
      name: scope.dps,
    }),
    '| extend RegistrationId = tostring(parse_json(properties_s).id)',
    '| summarize Count = count(), LastSeen = max(TimeGenerated), Name = take_any(ResultDescription)',
    '    by RegistrationId, Resource, Level, ResultSignature',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: FLEET_HEALTH_QUERIES.recentDps, kql, rowCap: SUMMARY_ROW_CAP };
}

/**
 * The whole fleet health batch, one round trip. A question about one IoT hub leaves the DPS
 * side out: which DPS instance serves that hub is not known here.
 */
export function fleetHealthQueries(scope: FleetHealthScope): CappedKqlQuery[] {
  return [
    fleetConnectionStateQuery(scope),
    fleetRecentProblemsQuery(scope),
    fleetDisconnectBinsQuery(scope),
    ...(scope.hub === undefined ? [fleetRecentDpsQuery(scope)] : []),
  ];
}
