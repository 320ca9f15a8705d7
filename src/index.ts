/**
 * Composition root: reads the configuration (main) and builds and wires every part, top to
 * bottom, in startApp. Nothing else constructs dependencies; everything receives what it needs
 * through constructors, so tests build the same graph with other parts (AppOverrides).
 *
 *   readConfig ─▶ logger, clock, store ─▶ logs provider (logs + hubs + clock, shared by chat and alerts)
 *             ─▶ live connection state (Event Grid intake, watches) ─▶ alerting (intake, incidents,
 *                subscriptions, delivery) ─▶ conversation (command registry)
 *             ─▶ role gate, tracker, bot, tenant gate ─▶ HTTP server (/api/messages, /api/alerts, /api/events, /readyz)
 */
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
import { readConfig, ConfigError, secretValues, type AppConfig } from './config/config';
import { DEFAULT_WINDOW_MS } from './conversation/command';
import { Conversation } from './conversation/conversation';
import { VERB_REGISTRY } from './conversation/verb-table';
import type { AnyVerb } from './conversation/verbs';
import { hubDirectoryFromSettings, type HubDirectory } from './diagnosis';
import { prepareLogsContext } from './diagnosis/logs-context';
import { createAdapter } from './hosting/adapter';
import { loadOrCreateLocalSecret, type LocalWebhookSecret } from './alerts/local-webhook-secret';
import { buildAlerting, type Alerting } from './compose/alerting';
import { buildLive, type Live } from './compose/live';
import { botStateOver } from './hosting/bot-state';
import { ConversationTracker } from './hosting/conversation-tracker';
import { LogsSource, type OpenedLogs } from './hosting/logs-source';
import { circuitReadiness, logsReadiness } from './hosting/readiness';
import { RoleGate } from './hosting/role-gate';
import { BotServer } from './hosting/server';
import { TenantGate } from './hosting/tenant-gate';
import { TriageBot } from './hosting/triage-bot';
import { createLogger, type Logger } from './logging/logger';
import { createAzureCredential } from './logs/azure/credential';
import type { LogsBackend } from './logs/backend';
import { openLocalLogs } from './logs/local/open-local-logs';
import { ResilientLogsBackend } from './logs/resilient-backend';
import { selectLogsBackend } from './logs/select-backend';
import { SIMULATED_HUB } from './logs/simulate/fleet-resources';
import type { Scheduler } from './proactive/scheduler';
import { openStore } from './storage/open-store';
import type { KeyValueStore } from './storage/store';

export interface RunningApp {
  readonly port: number;
  readonly server: BotServer;
  readonly logger: Logger;
  /** Alert intake, incidents and proactive delivery (tests drain its queues). */
  readonly alerting: Alerting;
  /** Live connection state from Event Grid and the watches (tests call `live.tick()`). */
  readonly live: Live;
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
  /** Signing keys for secure-webhook tokens (alerts and events) instead of the tenant's published JWKS (tests). */
  readonly alertTokenKeys?: SigningKeySource;
  /** How often the watches are evaluated (default from the grace period, at most 20 s; tests call `live.tick()` instead). */
  readonly watchPollInMs?: number;
  /** The logs to answer from instead of the configured ones (tests). */
  readonly logs?: LogsBackend;
  /**
   * Load the logs as soon as the server listens (default), or on the first question. Tests
   * (NODE_ENV=test) default to the first question, so starting an app costs no demo load.
   */
  readonly loadLogsAtStart?: boolean;
  /** The timers behind "Looking at the logs…" and the answer timeout (tests fire them by hand). */
  readonly scheduler?: Pick<Scheduler, 'after'>;
  /** More verbs for the command registry (tests: a verb registered once is typed, clicked, listed, guarded). */
  readonly extraVerbs?: readonly AnyVerb<object>[];
  /** Who is in which group, instead of what ROLE_GROUP_LOOKUP configures (tests: a fake directory). */
  readonly groupMembership?: GroupMembership;
}

/**
 * Azure when a workspace is configured, else the embedded engine over LOCAL_LOGS_PATH or the demo
 * data (generated on first start); then the context every answer gets (hubs, warm-up).
 */
async function openLogs(
  config: AppConfig,
  configuredHubs: HubDirectory | undefined,
  provided: LogsBackend | undefined,
  clock: () => Date,
  logger: Logger,
): Promise<OpenedLogs> {
  const opened = provided
    ? { backend: provided, detail: 'logs given by the caller' }
    : config.logs.backend === 'local'
      ? await openLocalLogs(config.logs, clock, logger)
      : await openRemoteLogs(config.logs, config.bot.tenantId);
  // Fail fast while the logs are unreachable, instead of every question waiting out the retries.
  const resilient = new ResilientLogsBackend(opened.backend);
  const warmStarted = Date.now();
  const { context, warmedUp } = await prepareLogsContext(resilient, {
    now: clock,
    ...(configuredHubs ? { configuredHubs } : {}),
    ...('span' in opened && opened.span ? { span: opened.span, warmUpWindowMs: DEFAULT_WINDOW_MS } : {}),
  });
  if (warmedUp > 0) logger.debug({ asked: warmedUp, ms: Date.now() - warmStarted }, 'Query shapes prepared');
  return {
    context,
    detail: opened.detail,
    health: () => resilient.health(),
    ...('close' in opened ? { close: opened.close } : {}),
  };
}

/**
 * A logs service (Log Analytics today): select-backend builds the one the settings name, so another
 * service (Azure Data Explorer) is a config section and a line there, not a branch here. Its portal
 * links need the tenant to sign in to.
 */
async function openRemoteLogs(
  settings: Exclude<AppConfig['logs'], { backend: 'local' }>,
  tenantId: string,
): Promise<{ backend: LogsBackend; detail: string }> {
  const backend = await selectLogsBackend({ ...settings, ...(tenantId ? { tenantId } : {}) }, () =>
    Promise.reject(new Error('unreachable: a logs service is configured')),
  );
  const { serviceName, defaultTarget } = backend.description;
  return { backend, detail: `${serviceName} ${defaultTarget.kind} ${defaultTarget.id}` };
}

/** Build and start the bot from a validated configuration, top to bottom. */
export async function startApp(config: AppConfig, overrides: AppOverrides = {}): Promise<RunningApp> {
  // Cross-cutting: log, clock, store.
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets: secretValues(config) });
  const clock = overrides.clock ?? (() => new Date());
  const storage = overrides.storage ?? openStore(config.storage);
  const renderer = new CardRenderer();

  // The logs, hubs and clock every answer reads: one provider for chat and alerts. Configured hubs
  // map each name to its workspace; without any, the hubs the local logs name.
  const configuredHubs = config.hubs.length > 0 ? hubDirectoryFromSettings(config.hubs) : undefined;
  const logs = new LogsSource(() => openLogs(config, configuredHubs, overrides.logs, clock, logger));
  if (overrides.loadLogsAtStart ?? config.environment !== 'test') logs.start();

  // Live connection state: Event Grid's device events on /api/events, the watches on a timer.
  const eventTokenKeys = config.events.entra
    ? (overrides.alertTokenKeys ?? JwksKeySource.forTenant(config.events.entra.tenantId))
    : undefined;
  const live = buildLive({
    store: storage,
    renderer,
    logger,
    clock,
    logs: logs.context,
    ...(config.events.webhookSecret ? { secret: config.events.webhookSecret } : {}),
    ...(eventTokenKeys && config.events.entra
      ? { bearer: entraBearerCheck(config.events.entra, eventTokenKeys) }
      : {}),
    graceMs: config.watches.graceMs,
    ...(overrides.watchPollInMs ? { pollInMs: overrides.watchPollInMs } : {}),
  });

  // Alerts: intake, incidents, subscriptions, proactive delivery (watch notices too).
  const alertTokenKeys = config.alerts.entra
    ? (overrides.alertTokenKeys ?? JwksKeySource.forTenant(config.alerts.entra.tenantId))
    : undefined;
  // Development without a secret: one generated and kept in the state folder, so alerts work locally.
  const localSecret: LocalWebhookSecret | undefined = config.alerts.localSecretFolder
    ? await loadOrCreateLocalSecret(config.alerts.localSecretFolder)
    : undefined;
  const alertSecret = config.alerts.webhookSecret ?? localSecret?.secret;
  const alerting = buildAlerting({
    store: storage,
    bot: config.bot,
    renderer,
    logger,
    logs: logs.context,
    clock,
    ...(alertSecret ? { secret: alertSecret } : {}),
    ...(config.environment === 'development' ? { demoHubResourceId: SIMULATED_HUB.resourceId } : {}),
    ...(alertTokenKeys && config.alerts.entra
      ? { bearer: entraBearerCheck(config.alerts.entra, alertTokenKeys) }
      : {}),
    ...(overrides.alertPollInMs ? { pollInMs: overrides.alertPollInMs } : {}),
    watchMessages: live.messages,
  });

  // The conversation: every verb of the command registry, answered over the same logs.
  const conversation = new Conversation({
    dataSource: () => dataSourceOf(config, logs),
    logs: logs.context,
    clock,
    alerts: {
      desk: alerting.desk,
      subscriptions: alerting.subscriptions,
      live: live.services,
      ...(alerting.demo ? { demo: alerting.demo } : {}),
    },
    ...(overrides.extraVerbs ? { registry: VERB_REGISTRY.with(...overrides.extraVerbs) } : {}),
  });

  // Teams: roles, conversation tracking, the bot, the tenant gate, the HTTP server.
  const roleGate = new RoleGate(
    config.authorization,
    new LoggerAuditLog(logger),
    logger,
    clock,
    overrides.groupMembership ?? openGroupMembership(config.authorization.groupLookup, clock),
  );
  const tracker = new ConversationTracker({
    directory: alerting.directory,
    subscriptions: alerting.subscriptions,
    logger,
    clock,
  });
  const { conversationState, userState } = botStateOver(storage);
  const bot = new TriageBot(conversation, renderer, conversationState, {
    userState,
    clock,
    logger,
    roleGate,
    tracker,
    ...(overrides.scheduler ? { scheduler: overrides.scheduler } : {}),
  });
  const adapter = createAdapter(config.bot, logger);
  // The only middleware: nothing of the bot runs, and nothing is stored, for a foreign tenant.
  adapter.use(new TenantGate(config.authorization, logger));
  const server = new BotServer({
    adapter,
    bot,
    logger,
    extraRoutes: [...alerting.routes, ...live.routes],
    readiness: [logsReadiness(logs), circuitReadiness(logs), alerting.readiness],
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
  if (localSecret) logLocalAlerts(logger, localSecret, config.server.host, port);
  alerting.start();
  live.start(alerting.outbox);
  return {
    port,
    server,
    logger,
    alerting,
    live,
    stop: async () => {
      await live.stop();
      await alerting.stop();
      await server.close();
      await logs.close();
    },
  };
}

/**
 * Once per start: where to post alerts locally, and the generated secret. A development secret on a
 * loopback port; showing it is how a newcomer tries alerts. It goes in the header form because the
 * logger scrubs every `?code=` value.
 */
function logLocalAlerts(logger: Logger, local: LocalWebhookSecret, host: string, port: number): void {
  const shown = host === '0.0.0.0' ? 'localhost' : host;
  logger.info(
    { secretFile: local.file, generated: local.created },
    `Alerts (development): POST http://${shown}:${port}/api/alerts with the header "x-alert-secret: ${local.secret}" (the secret is kept in ${local.file}); or type "subscribe alerts" in the chat, then run "node lib/cli/main.js alert --demo" after npm run build`,
  );
}

/** One line saying where answers come from (welcome and help cards). */
function dataSourceOf(config: AppConfig, logs: LogsSource): string {
  if (config.logs.backend === 'local') {
    return config.logs.paths.length > 0
      ? `Local log files: ${config.logs.paths.join(', ')}`
      : 'Embedded demo data';
  }
  // A service names itself once opened ("Log Analytics workspace <id>").
  const state = logs.state;
  return state.kind === 'loaded' ? state.detail : 'The configured logs service (connecting)';
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

/** The secure-webhook check for /api/alerts and /api/events, bound to its policy and keys. */
function entraBearerCheck(
  policy: EntraTokenPolicy,
  keys: SigningKeySource,
): (authorizationHeader: string) => Promise<TokenCheck> {
  return (header) => validateEntraBearer(header, policy, keys);
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
