import { SUMMARY_ROW_CAP, kqlLines, timeFilter, type CappedKqlQuery, type TimeWindow } from './kql-query';

/** Name of {@link dataPresenceQuery}. */
export const DATA_PRESENCE_QUERY = 'data-presence';

/**
 * Whether the workspace has any IoT Hub `Connections` or DPS `DeviceOperations` records in the
 * window, per resource: tells "this device has no records" (others do) from "no diagnostics are
 * sent here at all", lists the hubs in local mode, and says which part of the window the logs cover.
 */
export function dataPresenceQuery(request: { readonly window: TimeWindow }): CappedKqlQuery {
  const kql = kqlLines([
    'AzureDiagnostics',
    timeFilter(request.window),
    '| where ResourceProvider == "MICROSOFT.DEVICES"',
    '| where (ResourceType == "IOTHUBS" and Category == "Connections")',
    '    or (ResourceType == "PROVISIONINGSERVICES" and Category == "DeviceOperations")',
    '| summarize Records = count(), Earliest = min(TimeGenerated), Latest = max(TimeGenerated) by ResourceType, Resource',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: DATA_PRESENCE_QUERY, kql, rowCap: SUMMARY_ROW_CAP };
}
