/**
 * Composition root: the one place that reads the environment, builds every dependency and wires
 * them together. Everything else receives what it needs through constructors, so tests can
 * build the same graph with other parts.
 *
 *   process.env ─▶ readConfig ─▶ logger, logs backend, conversation, cards ─▶ bot ─▶ HTTP server
 */
import { ConversationState, UserState } from 'botbuilder';
import {
  CachedGroupMembership,
  GraphGroupMembership,
  JwksKeySource,
  LoggerAuditLog,
  NoGroupMembership,
  validateEntraBearer,
  type EntraTokenPolicy,
  type GroupMembership,
  type SigningKeySource,
  type TokenCheck,
} from './authorization';
import { CardRenderer } from './cards/render';
import type { Locale } from './cards/card-data';
import { readConfig, ConfigError, secretValues, type AppConfig } from './config/config';
import { Conversation } from './conversation/conversation';
import { DEFAULT_WINDOW_MS } from './conversation/command';
import {
  hubDirectoryFromLogs,
  hubDirectoryFromSettings,
  warmUpQuestions,
  type HubDirectory,
} from './diagnosis';
import { LogsSource } from './conversation/logs-source';
import { createAdapter } from './hosting/adapter';
import { buildAlerting, type Alerting } from './hosting/alerting';
import { INCIDENT_COMMANDS_HELP } from './hosting/incident-turns';
import { openStore } from './storage/open-store';
import { BotServer, type ReadinessCheck } from './hosting/server';
import { RoleGate } from './hosting/role-gate';
import { TenantGate } from './hosting/tenant-gate';
import type { Scheduler } from './hosting/scheduler';
import { TriageBot } from './hosting/triage-bot';
import { createLogger, type Logger } from './logging/logger';
import type { LogsBackend } from './logs/backend';
import { createAzureCredential } from './logs/azure/credential';
import { loadLocalLogs } from './logs/local/data-source';
import { LocalLogsBackend } from './logs/local/local-backend';
import { ResilientLogsBackend, type LogsBackendHealth } from './logs/resilient-backend';
import { selectLogsBackend } from './logs/select-backend';
import type { KeyValueStore } from './storage/store';

export interface RunningApp {
  readonly port: number;
  readonly server: BotServer;
  readonly logger: Logger;
  /** Alert intake, incidents and proactive delivery (tests drain its queues). */
  readonly alerting: Alerting;
  /** Graceful stop: no new requests, turns in flight finish, then the port closes. */
  stop(): Promise<void>;
}

export interface AppOverrides {
  readonly logger?: Logger;
  /** Conversation state and every record of ours (alerts, incidents, subscriptions, outbox). */
  readonly storage?: KeyValueStore;
  readonly clock?: () => Date;
  /** How often idle alert/outbox workers look for due work (tests use a short interval). */
  readonly alertPollInMs?: number;
  /** Signing keys for secure-webhook tokens instead of the tenant's published JWKS (tests). */
  readonly alertTokenKeys?: SigningKeySource;
  /** The logs to answer from instead of the configured ones (tests). */
  readonly logs?: LogsBackend;
  /**
   * Load the logs as soon as the server listens (default), or on the first question. Tests
   * (NODE_ENV=test) default to the first question, so starting an app costs no demo load.
   */
  readonly loadLogsAtStart?: boolean;
  /** The timers behind "Looking at the logs…" and the answer timeout (tests fire them by hand). */
  readonly scheduler?: Scheduler;
  /** Who is in which group, instead of what ROLE_GROUP_LOOKUP configures (tests: a fake directory). */
  readonly groupMembership?: GroupMembership;
}

/**
 * Azure when a workspace is configured, else the embedded engine over LOCAL_LOGS_PATH or the demo
 * data (generated on first start). Progress goes to the log, so `npm start` shows what it is doing.
 */
async function openLogs(
  config: AppConfig,
  clock: () => Date,
  logger: Logger,
): Promise<{ backend: LogsBackend; detail: string; hubs?: HubDirectory }> {
  if (config.logs.backend === 'azure') {
    const { workspaceId, workspaceResourceId, managedIdentityClientId } = config.logs;
    const backend = await selectLogsBackend(
      {
        workspaceId,
        ...(workspaceResourceId ? { workspaceResourceId } : {}),
        ...(config.bot.tenantId ? { tenantId: config.bot.tenantId } : {}),
        ...(managedIdentityClientId ? { managedIdentityClientId } : {}),
      },
      () => Promise.reject(new Error('unreachable: a workspace is configured')),
    );
    return { backend, detail: `Log Analytics workspace ${workspaceId}` };
  }
  const { paths, demoDataDir } = config.logs;
  const started = Date.now();
  let reported = -1;
  const { engine, summary } = await loadLocalLogs({
    paths,
    demoCacheDir: demoDataDir,
    clock,
    onGenerateDemo: (end) =>
      logger.info(`Generating the demo data set (window ending ${end.toISOString()}) into ${demoDataDir}…`),
    onProgress: (progress) => {
      const quarter =
        progress.bytesTotal > 0 ? Math.floor((4 * progress.bytesRead) / progress.bytesTotal) : 4;
      if (quarter === reported) return;
      reported = quarter;
      logger.info(`Loading logs… ${quarter * 25}% (${progress.rowsLoaded} rows)`);
    },
  });
  const source =
    summary.source === 'demo' && summary.demo
      ? `demo data ending ${summary.demo.end.toISOString()}`
      : `${summary.load.files.length} log file(s)`;
  const rejected = summary.load.rowsRejected + summary.load.problems.length;
  const detail = `${summary.load.rowsLoaded} rows from ${source}${rejected > 0 ? ` (some records could not be read)` : ''}`;
  logger.info(
    { rows: summary.load.rowsLoaded, rejected: summary.load.rowsRejected, ms: Date.now() - started },
    `Logs loaded: ${detail}`,
  );
  for (const notice of summary.load.notices) {
    // A refused file (an export of a projecting query) or one that lacks columns: say what to export instead.
    logger.warn(
      { file: notice.file, missingColumns: notice.missingColumns },
      `${notice.file}: ${notice.message}`,
    );
  }
  if (rejected > 0) {
    // A bad file costs its own records, never the bot: say which and why, so the operator can fix it.
    logger.warn(
      { problems: summary.load.problems.slice(0, 5), more: summary.load.problemsNotShown },
      'Some log records could not be read and were skipped',
    );
  }
  const backend = new LocalLogsBackend(engine);
  // Local mode has no hub configuration: the hubs are those the loaded logs name.
  const tables = engine.coverage();
  const earliest = Math.min(...tables.map((t) => t.earliest?.getTime() ?? Infinity));
  const latest = Math.max(...tables.map((t) => t.latest?.getTime() ?? -Infinity));
  const hubs =
    Number.isFinite(earliest) && Number.isFinite(latest)
      ? await hubDirectoryFromLogs(backend, { start: new Date(earliest), end: new Date(latest + 1) })
      : undefined;
  if (Number.isFinite(latest)) {
    // One parse per query shape, paid now rather than by the first people to ask.
    const warmStarted = Date.now();
    const end = new Date(latest + 1);
    const asked = await warmUpQuestions(
      { start: new Date(end.getTime() - DEFAULT_WINDOW_MS), end },
      { logs: backend, now: clock, ...(hubs ? { hubs } : {}) },
    );
    logger.debug({ asked, ms: Date.now() - warmStarted }, 'Query shapes prepared');
  }
  return { backend, detail, ...(hubs ? { hubs } : {}) };
}

/** Build and start the bot from a validated configuration. */
export async function startApp(config: AppConfig, overrides: AppOverrides = {}): Promise<RunningApp> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets: secretValues(config) });
  const clock = overrides.clock ?? (() => new Date());
  const storage = overrides.storage ?? openStore(config.storage);

  const dataSource = () =>
    config.logs.backend === 'azure'
      ? `Log Analytics workspace ${config.logs.workspaceId}`
      : config.logs.paths.length > 0
        ? `Local log files: ${config.logs.paths.join(', ')}`
        : 'Embedded demo data';

  const provided = overrides.logs;
  let resilient: ResilientLogsBackend | undefined;
  let logHubs: HubDirectory | undefined;
  const logs = new LogsSource(async () => {
    const opened = provided
      ? { backend: provided, detail: 'logs given by the caller' }
      : await openLogs(config, clock, logger);
    if ('hubs' in opened) logHubs = opened.hubs;
    // Fail fast while the logs are unreachable, instead of every question waiting out the retries.
    resilient = new ResilientLogsBackend(opened.backend);
    return { backend: resilient, detail: opened.detail };
  });
  if (overrides.loadLogsAtStart ?? config.environment !== 'test') logs.start();

  // Configured hubs map each name to its workspace; without any, the hubs the local logs name.
  const hubs = config.hubs.length > 0 ? hubDirectoryFromSettings(config.hubs) : undefined;
  const conversation = new Conversation({
    dataSource,
    extraCommands: INCIDENT_COMMANDS_HELP,
    logs: () => logs.backend(),
    hubs: () => hubs ?? logHubs,
    clock,
  });
  const renderer = new CardRenderer();
  const roleGate: RoleGate = new RoleGate(
    config.authorization,
    new LoggerAuditLog(logger),
    logger,
    clock,
    overrides.groupMembership ?? openGroupMembership(config.authorization.groupLookup, clock),
    // Called during turns, by when `bot` exists.
    (context): Promise<Locale | undefined> => bot.userLanguage(context),
  );
  const bot: TriageBot = new TriageBot(conversation, renderer, new ConversationState(storage), {
    userState: new UserState(storage),
    clock,
    logger,
    roleGate,
    ...(overrides.scheduler ? { scheduler: overrides.scheduler } : {}),
  });
  const adapter = createAdapter(config.bot, logger);
  adapter.use(new TenantGate(config.authorization, logger));
  // Roles before the incident and subscription commands, which answer ahead of the bot.
  adapter.use(roleGate);
  const alertTokenKeys = config.alerts.entra
    ? (overrides.alertTokenKeys ?? JwksKeySource.forTenant(config.alerts.entra.tenantId))
    : undefined;
  const alerting = buildAlerting({
    store: storage,
    bot: config.bot,
    renderer,
    logger,
    logs: () => logs.backend(),
    clock,
    ...(config.alerts.webhookSecret ? { secret: config.alerts.webhookSecret } : {}),
    ...(alertTokenKeys && config.alerts.entra
      ? { bearer: entraBearerCheck(config.alerts.entra, alertTokenKeys) }
      : {}),
    ...(overrides.alertPollInMs ? { pollInMs: overrides.alertPollInMs } : {}),
    userLanguage: (context) => bot.userLanguage(context),
  });
  adapter.use(alerting.turns);
  const server = new BotServer({
    adapter,
    bot,
    logger,
    extraRoutes: alerting.routes,
    readiness: [logsReadiness(logs), circuitReadiness(() => resilient?.health()), alerting.readiness],
  });
  const port = await server.listen(config.server.port, config.server.host);

  logger.info(
    {
      port,
      host: config.server.host,
      logs: config.logs.backend,
      authentication: config.bot.appId ? 'on' : 'off (local only)',
      roleGroupLookup: config.authorization.groupLookup.kind,
    },
    `Bot listening on http://${config.server.host === '0.0.0.0' ? 'localhost' : config.server.host}:${port}/api/messages`,
  );
  alerting.start();
  return {
    port,
    server,
    logger,
    alerting,
    stop: async () => {
      await alerting.stop();
      await server.close();
    },
  };
}

/**
 * Group ids in the role lists: matched through Microsoft Graph as the bot's own identity (the same
 * credential kind the Log Analytics backend uses), answers kept 5 minutes; or not at all.
 */
function openGroupMembership(
  setting: AppConfig['authorization']['groupLookup'],
  clock: () => Date,
): GroupMembership {
  if (setting.kind === 'off') return new NoGroupMembership();
  const credential = createAzureCredential(
    setting.managedIdentityClientId ? { managedIdentityClientId: setting.managedIdentityClientId } : {},
  );
  return new CachedGroupMembership(new GraphGroupMembership({ credential }), {
    now: () => clock().getTime(),
  });
}

/** The secure-webhook check for /api/alerts, bound to its policy and keys. */
function entraBearerCheck(
  policy: EntraTokenPolicy,
  keys: SigningKeySource,
): (authorizationHeader: string) => Promise<TokenCheck> {
  return (header) => validateEntraBearer(header, policy, keys);
}

/**
 * /readyz: not ready while the logs circuit is open (Log Analytics unreachable several times in a
 * row). Says which kind of failure and when, not its text: /readyz is unauthenticated.
 */
function circuitReadiness(health: () => LogsBackendHealth | undefined): ReadinessCheck {
  return {
    name: 'logs-circuit',
    check: async () => {
      const current = health();
      if (!current) return { ok: true, detail: 'logs not opened yet' };
      const last = current.lastError
        ? `; last failure: ${current.lastError.kind} at ${current.lastError.at.toISOString()}`
        : '';
      return { ok: current.state !== 'open', detail: `${current.state}${last}` };
    },
  };
}

/** /readyz: ready once the logs are loaded (or, when they load on demand, before the first question). */
function logsReadiness(logs: LogsSource): ReadinessCheck {
  return {
    name: 'logs',
    check: async () => {
      const state = logs.state;
      if (state.kind === 'loaded') return { ok: true, detail: state.detail };
      if (state.kind === 'not-started') return { ok: true, detail: 'loads on the first question' };
      if (state.kind === 'loading') return { ok: false, detail: 'loading' };
      return { ok: false, detail: `load failed: ${state.message}` };
    },
  };
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await startApp(config);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal, turnsInFlight: app.server.turnsInFlight }, 'Shutting down');
    void app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // A rejection some dependency leaves unhandled must not take every conversation down with it
  // (Node's default exits the process); accepted alerts are durable either way.
  process.on('unhandledRejection', (reason: unknown) => {
    app.logger.error({ err: reason }, 'Unhandled promise rejection (kept running)');
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
