import { z } from 'zod';
import { commaList, guid, optionalText } from './rules';
import { configSection } from './section';

/** Which logs the bot diagnoses from: a Log Analytics workspace, or the embedded engine over files. */
export type LogsConfig =
  | {
      readonly backend: 'azure';
      readonly workspaceId: string;
      readonly workspaceResourceId?: string;
      readonly managedIdentityClientId?: string;
    }
  | {
      readonly backend: 'local';
      readonly paths: readonly string[];
      readonly demoDataDir: string;
      /**
       * Worker threads that each hold the data and answer queries; 0 runs the engine in-process;
       * `auto`, one per core the main thread leaves, at most two.
       */
      readonly engineWorkers: number | 'auto';
    };

/**
 * `auto`: the load bench on 2 cores answered a demo diagnosis with p99 204 ms on one worker, 247 ms
 * in-process and 380 ms on two (two workers and the main thread fight over the cores); with cores
 * to spare, a second worker keeps answering while one runs away. Tests start apps by the dozen and
 * run the engine in-process (the worker path has suites of its own).
 */
const DEFAULT_ENGINE_WORKERS = 'auto';

/** Where the simulator writes (and later finds) the demo data set when no logs are configured. */
export const DEFAULT_DEMO_DATA_DIR = '.cache/demo';

/** A workspace id chooses Log Analytics; without one the embedded engine runs over LOCAL_LOGS_PATH or the demo set. */
export const logsSection = configSection({
  variables: {
    LOG_ANALYTICS_WORKSPACE_ID: guid(
      'the Log Analytics workspace id, shown as "Workspace ID" on the workspace overview',
    ),
    LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: z
      .string()
      .trim()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) =>
          v === undefined ||
          /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i.test(
            v,
          ),
        'must be the workspace ARM id: /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>',
      )
      .optional(),
    MANAGED_IDENTITY_CLIENT_ID: guid('the client id of the user-assigned managed identity'),
    LOCAL_LOGS_PATH: commaList,
    DEMO_DATA_DIR: optionalText,
    ENGINE_WORKERS: z
      .string()
      .trim()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) => v === undefined || v === 'auto' || /^[0-8]$/.test(v),
        'must be auto or a whole number from 0 (in-process) to 8',
      )
      .transform((v) => (v === undefined || v === 'auto' ? v : Number(v)))
      .optional(),
  },
  read: (e, { problems, test }): LogsConfig => {
    if (e.LOG_ANALYTICS_WORKSPACE_ID && e.LOCAL_LOGS_PATH.length > 0) {
      problems.push('LOCAL_LOGS_PATH: cannot be combined with LOG_ANALYTICS_WORKSPACE_ID; unset one of them');
    }
    if (!e.LOG_ANALYTICS_WORKSPACE_ID) {
      return {
        backend: 'local',
        paths: e.LOCAL_LOGS_PATH,
        demoDataDir: e.DEMO_DATA_DIR ?? DEFAULT_DEMO_DATA_DIR,
        engineWorkers: e.ENGINE_WORKERS ?? (test ? 0 : DEFAULT_ENGINE_WORKERS),
      };
    }
    return {
      backend: 'azure',
      workspaceId: e.LOG_ANALYTICS_WORKSPACE_ID,
      ...(e.LOG_ANALYTICS_WORKSPACE_RESOURCE_ID
        ? { workspaceResourceId: e.LOG_ANALYTICS_WORKSPACE_RESOURCE_ID }
        : {}),
      ...(e.MANAGED_IDENTITY_CLIENT_ID ? { managedIdentityClientId: e.MANAGED_IDENTITY_CLIENT_ID } : {}),
    };
  },
});
