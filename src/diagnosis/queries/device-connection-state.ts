import { kqlIdentifierLiteral } from '../kql-literal';
import { DEVICE_ROW_CAP, kqlLines, timeFilter, type CappedKqlQuery, type TimeWindow } from './kql-query';

/** Name of {@link deviceConnectionStateQuery} in `Diagnosis.queries` and `dataStatus.truncated`. */
export const DEVICE_CONNECTION_STATE_QUERY = 'device-connection-state';

/**
 * One device's Event Grid events (connected, disconnected, created, deleted) in the window, from
 * the table the embedded engine loads saved Event Grid / CloudEvents payloads into. Capped by
 * time (the newest), but the timeline orders connection events by `SequenceKey`, never by time:
 * the sequence number is what orders a device's connects and disconnects (log-schema.md).
 * `HubName` is the hub's name as Event Grid gives it (lower case), so it is compared with `=~`.
 *
 * @throws InvalidIdentifierError for an invalid device id or hub name.
 */
export function deviceConnectionStateQuery(request: {
  readonly table: string;
  readonly deviceId: string;
  readonly window: TimeWindow;
  readonly hub?: string;
}): CappedKqlQuery {
  const id = kqlIdentifierLiteral('device-id', request.deviceId);
  const kql = kqlLines([
    request.table,
    timeFilter(request.window),
    `| where DeviceId == ${id}`,
    ...(request.hub !== undefined
      ? [`| where HubName =~ ${kqlIdentifierLiteral('hub-name', request.hub)}`]
      : []),
    '| project TimeGenerated, EventType, HubName, DeviceId, ModuleId, SequenceNumber, SequenceKey, EventId',
    `| top ${DEVICE_ROW_CAP + 1} by TimeGenerated desc`,
  ]);
  return { name: DEVICE_CONNECTION_STATE_QUERY, kql, rowCap: DEVICE_ROW_CAP };
}
