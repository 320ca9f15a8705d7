/**
 * Composition root: the one place that reads the environment, builds every dependency and wires
 * them together. Everything else receives what it needs through constructors, so tests can
 * build the same graph with other parts.
 *
 *   process.env ─▶ readConfig ─▶ logger, logs backend, conversation, cards ─▶ bot ─▶ HTTP server
 */
import { ConversationState } from 'botbuilder';
import { CardRenderer } from './cards/render';
import { readConfig, ConfigError, secretValues, type AppConfig } from './config/config';
import { Conversation } from './conversation/conversation';
import { createAdapter } from './hosting/adapter';
import { openStore } from './hosting/storage/open-store';
import { BotServer } from './hosting/server';
import { TenantGate } from './hosting/tenant-gate';
import { TriageBot } from './hosting/triage-bot';
import { createLogger, type Logger } from './logging/logger';
import type { KeyValueStore } from './storage/store';

export interface RunningApp {
  readonly port: number;
  readonly server: BotServer;
  readonly logger: Logger;
  /** Graceful stop: no new requests, turns in flight finish, then the port closes. */
  stop(): Promise<void>;
}

export interface AppOverrides {
  readonly logger?: Logger;
  /** Conversation state and every record of ours (alerts, incidents, subscriptions, outbox). */
  readonly storage?: KeyValueStore;
  readonly clock?: () => Date;
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

  const conversation = new Conversation({ dataSource });
  const renderer = new CardRenderer();
  const bot = new TriageBot(conversation, renderer, new ConversationState(storage), clock);
  const adapter = createAdapter(config.bot, logger);
  adapter.use(new TenantGate(config.authorization, logger));
  const server = new BotServer({ adapter, bot, logger });
  const port = await server.listen(config.server.port, config.server.host);

  logger.info(
    {
      port,
      host: config.server.host,
      logs: config.logs.backend,
      authentication: config.bot.appId ? 'on' : 'off (local only)',
    },
    `Bot listening on http://${config.server.host === '0.0.0.0' ? 'localhost' : config.server.host}:${port}/api/messages`,
  );
  return { port, server, logger, stop: () => server.close() };
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
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
