import type { LogsBackend } from '../logs/backend';
import { diagnose } from './diagnose';
import { dpsFailures, hubErrorBreakdown, topDisconnectingDevices } from './fleet';
import type { HubDirectory } from './hubs';
import { KNOWN_DEVICE_IDS_QUERY, knownDeviceIdsQuery, type TimeWindow } from './queries';
import { runQueryBatch } from './run-queries';
import { namedRows, textCell } from './table-rows';

export interface WarmUpDeps {
  readonly logs: LogsBackend;
  readonly now: () => Date;
  readonly hubs?: HubDirectory;
}

/**
 * Asks the questions users ask first (a device diagnosis, the fleet answers) once, over `window`,
 * and throws the answers away. The embedded engine parses each query shape once with the Kusto
 * parser (tens of ms) and reuses it for every later query of that shape, so a warm-up while the
 * logs load spares the first users, and the first burst of alerts, that cost.
 *
 * Never throws: a failure here only means the first real question is slower. Returns how many
 * questions ran, for the start-up log.
 */
export async function warmUpQuestions(window: TimeWindow, deps: WarmUpDeps): Promise<number> {
  let asked = 0;
  const attempt = async (question: () => Promise<unknown>): Promise<void> => {
    try {
      await question();
      asked++;
    } catch {
      // The same question asked by a user reports its own error.
    }
  };
  const fleet = { logs: deps.logs };
  await attempt(() => hubErrorBreakdown({ window }, fleet));
  await attempt(() => topDisconnectingDevices({ window }, fleet));
  await attempt(() => dpsFailures({ window }, fleet));
  const deviceId = await someDeviceId(window, deps.logs);
  if (deviceId !== undefined) {
    await attempt(() =>
      diagnose(
        { deviceId, window },
        { logs: deps.logs, now: deps.now, ...(deps.hubs ? { hubs: deps.hubs } : {}) },
      ),
    );
  }
  return asked;
}

/**
 * A device the logs know. Which one does not matter: the engine's templates leave the device id out,
 * so one diagnosis prepares the query shapes of every device.
 */
async function someDeviceId(window: TimeWindow, logs: LogsBackend): Promise<string | undefined> {
  try {
    const outcome = await runQueryBatch(
      logs,
      [
        {
          query: knownDeviceIdsQuery({ window, tables: logs.description.tables }),
          target: logs.description.defaultTarget,
        },
      ],
      window,
    );
    const [first] = namedRows(outcome.tables.get(KNOWN_DEVICE_IDS_QUERY));
    return first ? textCell(first, 'DeviceId') || undefined : undefined;
  } catch {
    return undefined;
  }
}
