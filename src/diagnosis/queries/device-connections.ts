import { kqlIdentifierLiteral } from '../kql-literal';
import {
  DEVICE_ROW_CAP,
  IOT_HUB_RESOURCE_FILTER,
  hubFilter,
  kqlLines,
  propertiesTermFilter,
  timeFilter,
  type CappedKqlQuery,
  type TimeWindow,
} from './kql-query';

/** Name of {@link deviceConnectionsQuery} in `Diagnosis.queries` and `dataStatus.truncated`. */
export const DEVICE_CONNECTIONS_QUERY = 'device-connections';

/**
 * One device's IoT Hub connection story in the window: its `Connections` records plus the
 * `DeviceTelemetry` errors (throttling and quota failures are logged there), newest first and
 * capped. Only the columns the timeline needs leave the service; the properties_s fields are
 * extracted here so the result is small and typed.
 *
 * @throws InvalidIdentifierError for an invalid device id or hub name.
 */
export function deviceConnectionsQuery(request: {
  readonly deviceId: string;
  readonly hub?: string;
  readonly window: TimeWindow;
}): CappedKqlQuery {
  const id = kqlIdentifierLiteral('device-id', request.deviceId);
  const kql = kqlLines([
    'AzureDiagnostics',
    timeFilter(request.window),
    IOT_HUB_RESOURCE_FILTER,
    '| where Category == "Connections" or (Category == "DeviceTelemetry" and Level == "Error")',
    ...hubFilter(request.hub),
    propertiesTermFilter(id, request.deviceId),
    '| extend Properties = parse_json(properties_s)',
    '| extend DeviceId = tostring(Properties.deviceId)',
    `| where DeviceId == ${id}`,
    '| project TimeGenerated, Resource, Category, OperationName, Level, ResultType, ResultDescription,',
    '    DeviceId, ModuleId = tostring(Properties.moduleId), Protocol = tostring(Properties.protocol),',
    '    SdkVersion = tostring(Properties.sdkVersion), AuthType = tostring(Properties.authType),',
    '    MaskedIp = tostring(Properties.maskedIpAddress), StatusCode = tostring(Properties.statusCode),',
    '    ErrorMessage = tostring(Properties.errorMessage)',
    `| top ${DEVICE_ROW_CAP + 1} by TimeGenerated desc`,
  ]);
  return { name: DEVICE_CONNECTIONS_QUERY, kql, rowCap: DEVICE_ROW_CAP };
}
