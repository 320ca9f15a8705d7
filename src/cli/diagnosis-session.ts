/**
 * What every diagnosis command (diagnose, hub-errors, top-disconnects, dps-errors) does before it
 * asks its question: work out the window and "now", load the logs with that clock, find the hubs in
 * them (local mode: the `Resource` values), and see whether the logs overlap the window at all.
 * Also the one place that turns the diagnosis layer's user-facing errors into usage errors.
 */
import {
  AmbiguousHubError,
  InvalidIdentifierError,
  InvalidWindowError,
  UnknownHubError,
  hubDirectoryFromLogs,
  type HubDirectory,
  type TimeWindow,
} from '../diagnosis';
import { LogsQueryError } from '../logs/backend';
import { CommandFailedError, UsageError, type CliIo } from './cli-io';
import { logsCoverage, type LogsCoverage } from './coverage-note';
import { openLocalLogs, type OpenedLogs } from './local-logs';
import { windowFromFlags, type WindowFlagValues } from './window-flags';

export interface DiagnosisSession {
  readonly window: TimeWindow;
  readonly now: Date;
  readonly logs: OpenedLogs;
  readonly coverage: LogsCoverage;
  /** The hubs and DPS instances in the loaded logs. */
  readonly hubs: HubDirectory;
}

export async function openDiagnosisSession(
  values: WindowFlagValues & {
    readonly logs?: readonly string[] | undefined;
    readonly 'demo-dir'?: string | undefined;
  },
  io: CliIo,
): Promise<DiagnosisSession> {
  const { window, now } = windowFromFlags(values, io.clock ?? (() => new Date()));
  const logs = await openLocalLogs(values, () => now, io);
  const hubs = logs.range
    ? await hubDirectoryFromLogs(logs.backend, {
        start: logs.range.earliest,
        end: new Date(logs.range.latest.getTime() + 1),
      })
    : {};
  return { window, now, logs, coverage: logsCoverage(window, logs.range), hubs };
}

/**
 * Runs `ask` and rethrows the errors whose message is meant for the user (bad id, unknown or
 * ambiguous hub, empty window, a rejected query) as UsageError / a short failure, so the CLI prints
 * the message and not a stack trace.
 */
export async function withUserFacingErrors<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof AmbiguousHubError) {
      throw new UsageError(`${error.message}\nAdd --hub <name>, e.g. --hub ${error.hubs[0] ?? '<name>'}.`);
    }
    if (
      error instanceof InvalidIdentifierError ||
      error instanceof UnknownHubError ||
      error instanceof InvalidWindowError
    ) {
      throw new UsageError(error.message);
    }
    if (error instanceof LogsQueryError) throw new CommandFailedError(error.message);
    throw error;
  }
}
