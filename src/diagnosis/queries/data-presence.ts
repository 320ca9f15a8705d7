import {
  SUMMARY_ROW_CAP,
  kqlLines,
  resourceLogs,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Name of {@link dataPresenceQuery}. */
export const DATA_PRESENCE_QUERY = 'data-presence';

/**
 * Whether the data set has any IoT Hub `Connections` or DPS `DeviceOperations` records in the
 * window, per resource: tells "this device has no records" (others do) from "no diagnostics are
 * sent here at all", lists the hubs in local mode, and says which part of the window the logs cover.
 */
export function dataPresenceQuery(
  request: Pick<ResourceScope, 'tables'> & { readonly window: TimeWindow },
): CappedKqlQuery {
  const kql = kqlLines([
    ...resourceLogs({
      tables: request.tables,
      window: request.window,
      resource: 'iothub-or-dps',
      where:
        '(ResourceType == "IOTHUBS" and Category == "Connections")\n    or (ResourceType == "PROVISIONINGSERVICES" and Category == "DeviceOperations")',
    }),
    '| summarize Records = count(), Earliest = min(TimeGenerated), Latest = max(TimeGenerated) by ResourceType, Resource',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: DATA_PRESENCE_QUERY, kql, rowCap: SUMMARY_ROW_CAP };
}
