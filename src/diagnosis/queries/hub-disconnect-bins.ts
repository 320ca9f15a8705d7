import {
  SUMMARY_ROW_CAP,
  hubConnections,
  kqlLines,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Name of {@link hubDisconnectBinsQuery}. */
export const HUB_DISCONNECT_BINS_QUERY = 'hub-disconnect-bins';

/** Width of the bins in which a fleet event is looked for. */
export const DISCONNECT_BIN_MINUTES = 5;

/**
 * Hub context for a device's disconnect: per hub and 5-minute bin, how many devices disconnected
 * with an error. A device whose disconnect falls in a bin far above the hub's usual rate is the
 * victim of a fleet event, not its cause. Only bins with errors come back; empty bins are implied.
 */
export function hubDisconnectBinsQuery(
  request: ResourceScope & { readonly window: TimeWindow },
): CappedKqlQuery {
  const kql = kqlLines([
    ...hubConnections(request),
    '| where OperationName == "deviceDisconnect" and Level == "Error"',
    '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
    `| summarize Devices = dcount(DeviceId), Disconnects = count() by Resource, BinStart = bin(TimeGenerated, ${DISCONNECT_BIN_MINUTES}m)`,
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: HUB_DISCONNECT_BINS_QUERY, kql, rowCap: SUMMARY_ROW_CAP };
}
