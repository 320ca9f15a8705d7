import { z } from 'zod';
import { alertsSection, type AlertsConfig } from './alerts-config';
import { authorizationSection, type AuthorizationConfig } from './authorization-config';
import { botSection, type BotConfig } from './bot-config';
import { eventsSection, type EventsConfig } from './events-config';
import { hubsSection, type HubSetting } from './hubs-config';
import { logsSection, type LogsConfig } from './logs-config';
import { serverSection, type ServerConfig } from './server-config';
import type { SectionContext } from './section';
import { storageSecrets, storageSection, type StorageConfig } from './storage-config';
import { watchesSection, type WatchesConfig } from './watches-config';

/**
 * Every setting the bot reads, validated in one place.
 *
 * `readConfig(env)` is the only reader of `process.env` in the code base (the composition root
 * passes `process.env` in); everything else receives the typed `AppConfig`. A bad value fails
 * at start with a message that names the variable and what would be valid, because a bot that
 * starts with a half-valid configuration fails later, in front of a user, with a worse message.
 *
 * Each section of `AppConfig` has its own small reader (`*-config.ts`: its variables and how they
 * map to the section); this file only composes them.
 */

export type { AlertsConfig } from './alerts-config';
export type { EventsConfig } from './events-config';
export type { AuthorizationConfig, PrincipalListSetting } from './authorization-config';
export type { BotConfig } from './bot-config';
export type { HubSetting } from './hubs-config';
export type { LogsConfig } from './logs-config';
export type { ServerConfig } from './server-config';
export type { StorageConfig } from './storage-config';
export type { WatchesConfig } from './watches-config';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const runtimeVariables = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
};

// A variable two sections read appears in both with the same rule; the spread keeps one.
const envSchema = z.object({
  ...runtimeVariables,
  ...serverSection.variables,
  ...botSection.variables,
  ...logsSection.variables,
  ...hubsSection.variables,
  ...storageSection.variables,
  ...alertsSection.variables,
  ...eventsSection.variables,
  ...watchesSection.variables,
  ...authorizationSection.variables,
});

/**
 * The name of every environment variable `readConfig` reads, taken from the schema itself so it
 * cannot drift: the deployment templates' tests check that the web app sets exactly these (less
 * the ones that only make sense on a laptop).
 */
export const CONFIG_VARIABLE_NAMES: readonly string[] = Object.keys(envSchema.shape);

/** The whole configuration; each section comes from its own reader. */
export interface AppConfig {
  readonly environment: 'development' | 'production' | 'test';
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly server: ServerConfig;
  readonly bot: BotConfig;
  readonly logs: LogsConfig;
  readonly hubs: readonly HubSetting[];
  readonly storage: StorageConfig;
  readonly alerts: AlertsConfig;
  readonly events: EventsConfig;
  readonly watches: WatchesConfig;
  readonly authorization: AuthorizationConfig;
}

/**
 * Every configured secret, for the logger to scrub wherever it appears (error messages, URLs):
 * field-name redaction alone misses a secret quoted inside an SDK's error text.
 */
export function secretValues(config: AppConfig): string[] {
  return [
    config.bot.appPassword,
    config.alerts.webhookSecret ?? '',
    config.events.webhookSecret ?? '',
    ...storageSecrets(config.storage),
  ].filter((value) => value.length > 0);
}

/** Thrown when the environment does not describe a valid configuration; the message lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validate `env` (normally `process.env`) into a typed configuration, or throw a `ConfigError`. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = issue.path.join('.') || '(environment)';
        return `${variable}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const context: SectionContext = {
    production: e.NODE_ENV === 'production',
    test: e.NODE_ENV === 'test',
    problems: [],
  };
  const config: AppConfig = {
    environment: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    server: serverSection.read(e, context),
    bot: botSection.read(e, context),
    logs: logsSection.read(e, context),
    hubs: hubsSection.read(e, context),
    storage: storageSection.read(e, context),
    alerts: alertsSection.read(e, context),
    events: eventsSection.read(e, context),
    watches: watchesSection.read(e, context),
    authorization: authorizationSection.read(e, context),
  };
  if (context.problems.length > 0) throw new ConfigError(context.problems);
  return config;
}
