import {
  kqlLines,
  resourceLogs,
  type CappedKqlQuery,
  type ResourceKind,
  type ResourceScope,
  type TimeWindow,
} from './kql-query';

/** Name of {@link dataCoverageQuery}. */
export const DATA_COVERAGE_QUERY = 'data-coverage';

/**
 * The first and last record of the resources a fleet answer reads, in its window: a 7-day question
 * over a 3-day demo (or a workspace that started collecting yesterday) must say that its counts
 * cover less than the window. It rides in the answer's own batch, so it costs no round trip.
 */
export function dataCoverageQuery(
  request: Pick<ResourceScope, 'tables'> & {
    readonly window: TimeWindow;
    readonly resource: ResourceKind;
    /** The hub (for `iothub`) or DPS (for `dps`) the question names. */
    readonly name?: string | undefined;
  },
): CappedKqlQuery {
  const kql = kqlLines([
    ...resourceLogs({
      tables: request.tables,
      window: request.window,
      resource: request.resource,
      name: request.name,
    }),
    '| summarize Records = count(), Earliest = min(TimeGenerated), Latest = max(TimeGenerated)',
  ]);
  // One row whatever the data; a cap of 1 never truncates it.
  return { name: DATA_COVERAGE_QUERY, kql, rowCap: 1 };
}
