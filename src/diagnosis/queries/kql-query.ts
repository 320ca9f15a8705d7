import type { QueryTimespan } from '../../logs/backend';
import { kqlIdentifierLiteral } from '../kql-literal';

/**
 * A query the bot runs: a stable name (for `dataStatus.truncated`, logs and the card's "KQL that ran"
 * list) and its exact text, so the user can paste it into Log Analytics and see the same rows.
 */
export interface KqlQuery {
  readonly name: string;
  readonly kql: string;
}

/** A query with a row cap: it asks for `rowCap + 1` rows so that hitting the cap is visible. */
export interface CappedKqlQuery extends KqlQuery {
  readonly rowCap: number;
}

/** The time window of a question. Both ends are instants; `end` is exclusive in spirit, inclusive in KQL `between`. */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

/** Where the rows come from: a hub or DPS name narrows the query when it is known. */
export interface ResourceScope {
  /** IoT hub name as the user or the logs spell it (matched upper-cased against `Resource`). */
  readonly hub?: string;
  /** DPS instance name. */
  readonly dps?: string;
}

/** Rows one device query may return before we say it was truncated. */
export const DEVICE_ROW_CAP = 5000;

/** Rows the summaries (bins, device lists) may return before we say they were truncated. */
export const SUMMARY_ROW_CAP = 20000;

/** `datetime(2026-03-02T10:15:04.000Z)`: Dates are trusted values, never user text. */
export function kqlDatetime(instant: Date): string {
  return `datetime(${instant.toISOString()})`;
}

/**
 * The time filter every query starts with; the same window goes to the API as its timespan
 * ({@link windowTimespan}), and the service intersects the two.
 */
export function timeFilter(window: TimeWindow): string {
  return `| where TimeGenerated between (${kqlDatetime(window.start)} .. ${kqlDatetime(window.end)})`;
}

/** The API timespan for the same window as {@link timeFilter}. */
export function windowTimespan(window: TimeWindow): QueryTimespan {
  return { startTime: window.start, endTime: window.end };
}

/** `| where Resource == "HUB"` when the hub is known, else nothing (Resource is upper-cased in the logs). */
export function hubFilter(hub: string | undefined): string[] {
  return hub === undefined
    ? []
    : [`| where Resource == ${kqlIdentifierLiteral('hub-name', hub.toUpperCase())}`];
}

/** Same as {@link hubFilter} for a DPS instance. */
export function dpsFilter(dps: string | undefined): string[] {
  return dps === undefined
    ? []
    : [`| where Resource == ${kqlIdentifierLiteral('dps-name', dps.toUpperCase())}`];
}

/** Joins query lines; one operator per line reads well in the card and in Log Analytics. */
export function kqlLines(lines: readonly string[]): string {
  return lines.join('\n');
}

/** Provider and type right after the time filter, so the service prunes by the cheap columns. */
export const IOT_HUB_RESOURCE_FILTER =
  '| where ResourceProvider == "MICROSOFT.DEVICES" and ResourceType == "IOTHUBS"';

/** Same as {@link IOT_HUB_RESOURCE_FILTER} for DPS resource logs. */
export const DPS_RESOURCE_FILTER =
  '| where ResourceProvider == "MICROSOFT.DEVICES" and ResourceType == "PROVISIONINGSERVICES"';

/**
 * A cheap term filter on the raw `properties_s` text before the costly `parse_json`. `has` uses the
 * term index but only matches at term boundaries, which an id starting or ending with punctuation
 * (legal: `(a)`, `'x'`) may not have; those fall back to `contains`. Either way it only narrows:
 * the exact comparison on the parsed id follows.
 */
export function propertiesTermFilter(literal: string, text: string): string {
  const alphanumericEnds = /^[A-Za-z0-9](?:.*[A-Za-z0-9])?$/.test(text);
  return `| where properties_s ${alphanumericEnds ? 'has' : 'contains'} ${literal}`;
}
