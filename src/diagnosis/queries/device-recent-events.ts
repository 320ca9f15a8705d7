import { kqlIdentifierLiteral } from '../kql-literal';
import { DEVICE_CATEGORIES } from './device-categories';
import { DEVICE_RECORD_PROJECTION, deviceIdFilter } from './device-connections';
import {
  SUMMARY_ROW_CAP,
  kqlLines,
  resourceLogs,
  type CappedKqlQuery,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Name of {@link deviceRecentEventsQuery}. */
export const DEVICE_RECENT_EVENTS_QUERY = 'device-recent-events';

/** Name of {@link deviceHistoryQuery}. */
export const DEVICE_HISTORY_QUERY = 'device-history';

/** Most events "last N events" shows: a table in a chat card stays readable at 50 rows. */
export const RECENT_EVENTS_MAX = 50;

/** The `where` of the device's records in every category that names a device, successes included. */
const EVERY_DEVICE_CATEGORY = `Category in (${DEVICE_CATEGORIES.map((category) => `"${category}"`).join(', ')})`;

/**
 * The device's newest `count` raw IoT Hub records in the window, from every category that names a
 * device (device-categories.ts), in the device query's column shape so the timeline builder reads
 * them. Unlike the diagnosis' query it keeps successes of every category: this is the raw view.
 *
 * @throws InvalidIdentifierError for an invalid device id or hub name.
 */
export function deviceRecentEventsQuery(
  request: ResourceScope & { readonly deviceId: string; readonly window: TimeWindow; readonly count: number },
): CappedKqlQuery {
  const id = kqlIdentifierLiteral('device-id', request.deviceId);
  const count = Math.max(1, Math.min(RECENT_EVENTS_MAX, Math.floor(request.count)));
  const kql = kqlLines([
    ...deviceRecords(request, id),
    ...DEVICE_RECORD_PROJECTION,
    `| top ${count} by TimeGenerated desc`,
  ]);
  // `top count` is the answer, not a cap that hides rows: the cap is never reached.
  return { name: DEVICE_RECENT_EVENTS_QUERY, kql, rowCap: RECENT_EVENTS_MAX };
}

/**
 * Whether the device has any IoT Hub records in a (wide) span, with its first and last: tells a known
 * device on a quiet day from a misspelled id. One summarized row per hub.
 *
 * @throws InvalidIdentifierError for an invalid device id or hub name.
 */
export function deviceHistoryQuery(
  request: ResourceScope & { readonly deviceId: string; readonly window: TimeWindow },
): CappedKqlQuery {
  const id = kqlIdentifierLiteral('device-id', request.deviceId);
  const kql = kqlLines([
    ...deviceRecords(request, id),
    '| summarize Records = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by Resource',
  ]);
  return { name: DEVICE_HISTORY_QUERY, kql, rowCap: SUMMARY_ROW_CAP };
}

function deviceRecords(
  request: ResourceScope & { readonly deviceId: string; readonly window: TimeWindow },
  id: string,
): string[] {
  return [
    ...resourceLogs({
      tables: request.tables,
      window: request.window,
      resource: 'iothub',
      where: EVERY_DEVICE_CATEGORY,
      name: request.hub,
      term: { literal: id, text: request.deviceId },
    }),
    ...deviceIdFilter(id),
  ];
}
