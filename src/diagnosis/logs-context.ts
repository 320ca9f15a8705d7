/**
 * What every answer over the logs starts from, chat and alerts alike: the backend, the hub →
 * target directory and the time. The composition root builds one provider of it, and both the
 * conversation and the alert processor ask that provider, so an alert about a hub is diagnosed in
 * the same workspace as the same question typed in chat.
 */
import type { LogsBackend } from '../logs/backend';
import type { DiagnoseDeps } from './diagnose';
import type { FleetDeps } from './fleet';
import type { HubDirectory } from './hubs';
import { hubDirectoryFromLogs } from './log-hubs';
import type { TimeWindow } from './queries';
import { warmUpQuestions } from './warm-up';

export interface LogsContext {
  readonly logs: LogsBackend;
  /** Hubs and DPS instances and where their logs live (configured, or found in the local logs). */
  readonly hubs?: HubDirectory;
  readonly now: () => Date;
}

/** Resolves once the logs are loaded; a failed load rejects (and is tried again on the next call). */
export type LogsContextProvider = () => Promise<LogsContext>;

/** diagnose()'s dependencies in a context. */
export function diagnoseDepsIn(context: LogsContext, abortSignal?: AbortSignal): DiagnoseDeps {
  return {
    logs: context.logs,
    now: context.now,
    ...(context.hubs ? { hubs: context.hubs } : {}),
    ...(abortSignal ? { abortSignal } : {}),
  };
}

/** The fleet answers' dependencies in a context: the directory says where a named hub's logs are. */
export function fleetDepsIn(context: LogsContext, abortSignal?: AbortSignal): FleetDeps {
  return {
    logs: context.logs,
    ...(context.hubs ? { hubs: context.hubs } : {}),
    ...(abortSignal ? { abortSignal } : {}),
  };
}

/**
 * The context over freshly opened logs: the configured hubs, or (local logs have no hub
 * configuration) the hubs the logs name over `span`; then one warm-up question of each shape, so
 * the first people to ask do not pay the parses. Never fails over the warm-up.
 */
export async function prepareLogsContext(
  logs: LogsBackend,
  options: {
    readonly now: () => Date;
    readonly configuredHubs?: HubDirectory;
    /** The span the logs cover (local logs); hubs are discovered and questions warmed up over it. */
    readonly span?: TimeWindow;
    readonly warmUpWindowMs?: number;
  },
): Promise<{ readonly context: LogsContext; readonly warmedUp: number }> {
  const { span, now } = options;
  const hubs = options.configuredHubs ?? (span ? await hubDirectoryFromLogs(logs, span) : undefined);
  const context: LogsContext = { logs, now, ...(hubs ? { hubs } : {}) };
  if (!span || options.warmUpWindowMs === undefined) return { context, warmedUp: 0 };
  const start = new Date(span.end.getTime() - options.warmUpWindowMs);
  const warmedUp = await warmUpQuestions({ start, end: span.end }, context);
  return { context, warmedUp };
}
