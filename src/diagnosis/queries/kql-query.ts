import type { QueryTimespan } from '../../logs/backend';
import { AZURE_DIAGNOSTICS_TABLES, type LogTables } from '../../logs/schema';
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

/**
 * Where the rows come from: the tables of the data set the query runs in (from the hub's directory
 * entry or the backend; the Log Analytics tables when neither names others), and a hub or DPS
 * name that narrows the query when it is known.
 */
export interface ResourceScope {
  readonly tables?: LogTables;
  /** IoT hub name as the user or the logs spell it (matched upper-cased against `Resource`). */
  readonly hub?: string;
  /** DPS instance name. */
  readonly dps?: string;
}

/** Which resources' logs a query reads: IoT hubs, DPS instances, or both. */
export type ResourceKind = 'iothub' | 'dps' | 'iothub-or-dps';

/** What {@link resourceLogs} narrows by, in the order the lines run. */
export interface ResourceLogsSkeleton {
  readonly tables?: LogTables | undefined;
  readonly window: TimeWindow;
  readonly resource: ResourceKind;
  /** Category and level: one KQL predicate, right after the cheap provider/type filter. */
  readonly where?: string;
  /** The hub (for `iothub`) or DPS (for `dps`) name, when the question names one. */
  readonly name?: string | undefined;
  /** An id to prefilter `properties_s` by, before any `parse_json` (see {@link propertiesTermFilter}). */
  readonly term?: { readonly literal: string; readonly text: string };
}

/**
 * The opening every resource-log query shares, cheapest filters first: the table, the time filter,
 * provider and type, category/level, the resource name, then a term prefilter on the raw
 * `properties_s` text. Builders append their `extend` / `summarize` / `project` lines.
 */
export function resourceLogs(skeleton: ResourceLogsSkeleton): string[] {
  return [
    (skeleton.tables ?? AZURE_DIAGNOSTICS_TABLES).diagnostics,
    timeFilter(skeleton.window),
    RESOURCE_FILTERS[skeleton.resource],
    ...(skeleton.where !== undefined ? [`| where ${skeleton.where}`] : []),
    ...(skeleton.resource === 'iothub' ? hubFilter(skeleton.name) : []),
    ...(skeleton.resource === 'dps' ? dpsFilter(skeleton.name) : []),
    ...(skeleton.term ? [propertiesTermFilter(skeleton.term.literal, skeleton.term.text)] : []),
  ];
}

/** The opening of the questions about the hubs' `Connections` records (bins, known ids, top disconnects). */
export function hubConnections(scope: ResourceScope & { readonly window: TimeWindow }): string[] {
  return resourceLogs({
    tables: scope.tables,
    window: scope.window,
    resource: 'iothub',
    where: 'Category == "Connections"',
    name: scope.hub,
  });
}

/** The same opening for exported platform metrics (the metrics table has no category or properties). */
export function exportedMetrics(skeleton: {
  readonly tables?: LogTables | undefined;
  readonly window: TimeWindow;
  readonly where: string;
  readonly dps?: string | undefined;
}): string[] {
  return [
    (skeleton.tables ?? AZURE_DIAGNOSTICS_TABLES).metrics,
    timeFilter(skeleton.window),
    PROVIDER_FILTER,
    `| where ${skeleton.where}`,
    ...dpsFilter(skeleton.dps),
  ];
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

const PROVIDER_FILTER = '| where ResourceProvider == "MICROSOFT.DEVICES"';

/** Provider and type right after the time filter, so the service prunes by the cheap columns. */
const RESOURCE_FILTERS: Readonly<Record<ResourceKind, string>> = {
  iothub: `${PROVIDER_FILTER} and ResourceType == "IOTHUBS"`,
  dps: `${PROVIDER_FILTER} and ResourceType == "PROVISIONINGSERVICES"`,
  'iothub-or-dps': `${PROVIDER_FILTER} and ResourceType in ("IOTHUBS", "PROVISIONINGSERVICES")`,
};

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
