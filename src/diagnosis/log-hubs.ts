/**
 * Local mode has no hub configuration: the hubs are the `Resource` values of the loaded logs. This
 * turns them into a {@link HubDirectory}, so a named hub that the logs do not contain gets a clear
 * "no such hub; these are the hubs" answer instead of an empty diagnosis.
 */
import type { LogsBackend } from '../logs/backend';
import type { HubDirectory, HubLocation } from './hubs';
import { logResourcesQuery, type TimeWindow } from './queries';
import { namedRows, textCell } from './table-rows';
import { runQueryBatch } from './run-queries';

/**
 * The IoT hubs and DPS instances with records in `window` (pass the whole span of the loaded
 * logs). Throws the backend's error when the query fails.
 */
export async function hubDirectoryFromLogs(logs: LogsBackend, window: TimeWindow): Promise<HubDirectory> {
  const { defaultTarget: target, tables } = logs.description;
  const query = logResourcesQuery({ window, tables });
  const outcome = await runQueryBatch(logs, [{ query, target }], window);
  const [failure] = outcome.failures.values();
  if (failure) throw failure;
  const directory: Record<string, HubLocation> = {};
  for (const row of namedRows(outcome.tables.get(query.name))) {
    const name = textCell(row, 'Resource');
    if (name === '') continue;
    const kind = textCell(row, 'ResourceType') === 'PROVISIONINGSERVICES' ? 'dps' : 'iothub';
    directory[name] = { kind, foundInLogs: true };
  }
  return directory;
}
