import {
  SUMMARY_ROW_CAP,
  kqlLines,
  resourceLogs,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Name of {@link logResourcesQuery}. */
export const LOG_RESOURCES_QUERY = 'log-resources';

/**
 * The IoT hubs and DPS instances that have resource logs in the window. In local mode there is no
 * configured hub directory: the hubs are whatever `Resource` values the loaded logs contain.
 */
export function logResourcesQuery(
  request: Pick<ResourceScope, 'tables'> & { readonly window: TimeWindow },
): CappedKqlQuery {
  const kql = kqlLines([
    ...resourceLogs({ tables: request.tables, window: request.window, resource: 'iothub-or-dps' }),
    '| summarize Records = count() by Resource, ResourceType',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: LOG_RESOURCES_QUERY, kql, rowCap: SUMMARY_ROW_CAP };
}
