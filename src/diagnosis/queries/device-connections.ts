import { kqlIdentifierLiteral } from '../kql-literal';
import { DEVICE_RECORDS_PREDICATE } from './device-categories';
import {
  DEVICE_ROW_CAP,
  kqlLines,
  resourceLogs,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Name of {@link deviceConnectionsQuery} in `Diagnosis.queries` and `dataStatus.truncated`. */
export const DEVICE_CONNECTIONS_QUERY = 'device-connections';

/**
 * One device's IoT Hub story in the window: its `Connections` records plus its errors in every other
 * category that names a device (telemetry throttling and quota, C2D queue depth, direct methods to
 * an offline device, file uploads, twin operations, identity lookups; device-categories.ts), newest
 * first and capped. Only the columns the timeline needs leave the service; the properties_s fields
 * are extracted here so the result is small and typed.
 *
 * @throws InvalidIdentifierError for an invalid device id or hub name.
 */
export function deviceConnectionsQuery(
  request: ResourceScope & { readonly deviceId: string; readonly window: TimeWindow },
): CappedKqlQuery {
  const id = kqlIdentifierLiteral('device-id', request.deviceId);
  const kql = kqlLines([
    ...resourceLogs({
      tables: request.tables,
      window: request.window,
      resource: 'iothub',
      where: DEVICE_RECORDS_PREDICATE,
      name: request.hub,
      term: { literal: id, text: request.deviceId },
    }),
    ...deviceIdFilter(id),
    ...DEVICE_RECORD_PROJECTION,
    `| top ${DEVICE_ROW_CAP + 1} by TimeGenerated desc`,
  ]);
  return { name: DEVICE_CONNECTIONS_QUERY, kql, rowCap: DEVICE_ROW_CAP };
}

/** The exact device-id match on the parsed properties (after the cheap term prefilter). */
export function deviceIdFilter(idLiteral: string): string[] {
  return [
    '| extend Properties = parse_json(properties_s)',
    '| extend DeviceId = tostring(Properties.deviceId)',
    `| where DeviceId == ${idLiteral}`,
  ];
}

/** The columns a device's records leave the service with: what timeline.ts reads. */
export const DEVICE_RECORD_PROJECTION: readonly string[] = [
  '| project TimeGenerated, Resource, Category, OperationName, Level, ResultType, ResultDescription,',
  '    DeviceId, ModuleId = tostring(Properties.moduleId), Protocol = tostring(Properties.protocol),',
  '    SdkVersion = tostring(Properties.sdkVersion), AuthType = tostring(Properties.authType),',
  '    MaskedIp = tostring(Properties.maskedIpAddress), StatusCode = tostring(Properties.statusCode),',
  '    ErrorMessage = tostring(Properties.errorMessage)',
];
