import { SUMMARY_ROW_CAP, kqlLines, timeFilter, type CappedKqlQuery, type TimeWindow } from './kql-query';

/** Name of {@link logResourcesQuery}. */
export const LOG_RESOURCES_QUERY = 'log-resources';

/**
 * The IoT hubs and DPS instances that have resource logs in the window. In local mode there is no
 * configured hub directory: the hubs are whatever `Resource` values the loaded logs contain.
 */
export function logResourcesQuery(request: { readonly window: TimeWindow }): CappedKqlQuery {
  const kql = kqlLines([
    'AzureDiagnostics',
    timeFilter(request.window),
    '| where ResourceProvider == "MICROSOFT.DEVICES" and ResourceType in ("IOTHUBS", "PROVISIONINGSERVICES")',
    '| summarize Records = count() by Resource, ResourceType',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: LOG_RESOURCES_QUERY, kql, rowCap: SUMMARY_ROW_CAP };
}
