import { kqlIdentifierLiteral } from '../kql-literal';
import {
  DEVICE_ROW_CAP,
  kqlLines,
  resourceLogs,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Name of {@link deviceDpsQuery}. */
export const DEVICE_DPS_QUERY = 'device-dps';

/**
 * The device's DPS records in the window: device-side `DeviceOperations` (attestation,
 * registration) and the `ServiceOperations` on its enrollment (same id). Registration ids are
 * case-insensitive, hence `=~`. Newest first, capped.
 *
 * @throws InvalidIdentifierError for an invalid registration id or DPS name.
 */
export function deviceDpsQuery(
  request: ResourceScope & { readonly registrationId: string; readonly window: TimeWindow },
): CappedKqlQuery {
  const id = kqlIdentifierLiteral('registration-id', request.registrationId);
  const kql = kqlLines([
    ...resourceLogs({
      tables: request.tables,
      window: request.window,
      resource: 'dps',
      where: 'Category in ("DeviceOperations", "ServiceOperations")',
      name: request.dps,
      term: { literal: id, text: request.registrationId },
    }),
    '| extend Properties = parse_json(properties_s)',
    '| extend RegistrationId = tostring(Properties.id)',
    `| where RegistrationId =~ ${id}`,
    '| project TimeGenerated, Resource, Category, OperationName, Level, ResultType, ResultSignature,',
    '    ResultDescription, CorrelationId, RegistrationId, Protocol = tostring(Properties.protocol),',
    '    RecordType = tostring(Properties.type), MaskedIp = CallerIPAddress',
    `| top ${DEVICE_ROW_CAP + 1} by TimeGenerated desc`,
  ]);
  return { name: DEVICE_DPS_QUERY, kql, rowCap: DEVICE_ROW_CAP };
}
