import {
  SUMMARY_ROW_CAP,
  hubConnections,
  kqlLines,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Name of {@link knownDeviceIdsQuery}. */
export const KNOWN_DEVICE_IDS_QUERY = 'known-device-ids';

/**
 * The device ids that have Connections records in the window, run only when the asked-for id has
 * none: the nearest ones (by edit distance, ranked in TypeScript) are offered as "did you mean".
 */
export function knownDeviceIdsQuery(
  request: ResourceScope & { readonly window: TimeWindow },
): CappedKqlQuery {
  const kql = kqlLines([
    ...hubConnections(request),
    '| extend DeviceId = tostring(parse_json(properties_s).deviceId)',
    '| where isnotempty(DeviceId)',
    '| summarize Records = count(), LastSeen = max(TimeGenerated) by DeviceId, Resource',
    `| take ${SUMMARY_ROW_CAP + 1}`,
  ]);
  return { name: KNOWN_DEVICE_IDS_QUERY, kql, rowCap: SUMMARY_ROW_CAP };
}
