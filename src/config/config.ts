import { z } from 'zod';

/**
 * Every setting the bot reads, validated in one place.
 *
 * `readConfig(env)` is the only reader of `process.env` in the code base (the composition root
 * passes `process.env` in); everything else receives the typed `AppConfig`. A bad value fails
 * at start with a message that names the variable and what would be valid, because a bot that
 * starts with a half-valid configuration fails later, in front of a user, with a worse message.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const guid = (what: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => v === undefined || GUID.test(v),
      `must be a GUID (${what}), e.g. 00000000-0000-0000-0000-000000000000`,
    )
    .optional();

// 0 asks the OS for a free port (tests and parallel local runs).
const PORT_RULE = 'must be a whole number between 0 and 65535 (0 picks a free port)';
const port = z.coerce.number({ error: PORT_RULE }).int(PORT_RULE).min(0, PORT_RULE).max(65535, PORT_RULE);

const hubEntry = z.object({
  name: z.string().min(1),
  kind: z.enum(['iothub', 'dps']).default('iothub'),
  workspaceId: z.string().regex(GUID, 'must be a Log Analytics workspace id (GUID)').optional(),
  resourceId: z
    .string()
    .startsWith('/subscriptions/', 'must be an ARM resource id starting with /subscriptions/')
    .optional(),
});

const hubList = z
  .string()
  .trim()
  .optional()
  .transform((text, ctx) => {
    if (!text) return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be JSON: [{"name":"my-hub","workspaceId":"<guid>","resourceId":"/subscriptions/..."}]',
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(hubEntry));

const commaList = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0),
  );

/** A role's holders: `*` (everyone in an allowed tenant) and/or Entra object ids of users or groups. */
export interface PrincipalListSetting {
  readonly everyone: boolean;
  readonly ids: readonly string[];
}

const PRINCIPAL_LIST_RULE =
  'must be * (everyone in an allowed tenant) or Entra object ids of users or groups (GUIDs), as a comma list or a JSON array';

// Unset or empty stays undefined so the default can depend on NODE_ENV (and an ARM template can
// always pass the setting, empty when the operator chose nothing).
const principalList = z
  .string()
  .optional()
  .transform((text, ctx): PrincipalListSetting | undefined => {
    const trimmed = (text ?? '').trim();
    if (trimmed === '') return undefined;
    let entries: unknown;
    if (trimmed.startsWith('[')) {
      try {
        entries = JSON.parse(trimmed) as unknown;
      } catch {
        entries = undefined;
      }
    } else {
      entries = trimmed.split(',').map((entry) => entry.trim());
    }
    if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string')) {
      ctx.addIssue({ code: 'custom', message: PRINCIPAL_LIST_RULE });
      return z.NEVER;
    }
    const present = (entries as string[]).map((entry) => entry.trim()).filter((entry) => entry !== '');
    const bad = present.filter((entry) => entry !== '*' && !GUID.test(entry));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `${PRINCIPAL_LIST_RULE}; not valid: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return {
      everyone: present.includes('*'),
      ids: [...new Set(present.filter((entry) => entry !== '*').map((entry) => entry.toLowerCase()))],
    };
  });

const tenantIdList = commaList.refine(
  (ids) => ids.every((id) => GUID.test(id)),
  'must be a comma-separated list of Entra tenant ids (GUIDs)',
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3978),
  HOST: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MicrosoftAppId: guid('the bot app registration or managed identity client id'),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
      error: 'must be one of MultiTenant, SingleTenant, UserAssignedMSI',
    })
    .default('MultiTenant'),
  MicrosoftAppTenantId: guid('the Entra tenant id'),
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
  IOT_HUBS: hubList,
  LOCAL_LOGS_PATH: commaList,
  DEMO_DATA_DIR: optionalText,
  STORAGE: z.enum(['file', 'blob', 'cosmos'], { error: 'must be one of file, blob, cosmos' }).default('file'),
  STORAGE_PATH: optionalText,
  STORAGE_CONNECTION_STRING: optionalText,
  STORAGE_CONTAINER: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, {
      error: 'must be a blob container name: 3-63 lower-case letters, digits and single hyphens',
    })
    .default('iot-triage-bot'),
  COSMOS_ENDPOINT: optionalText,
  COSMOS_KEY: optionalText,
  COSMOS_DATABASE: optionalText,
  COSMOS_CONTAINER: optionalText,
  ALERT_WEBHOOK_SECRET: optionalText,
  ALERT_WEBHOOK_AUDIENCE: commaList,
  ALERT_WEBHOOK_TENANT_ID: guid('the Entra tenant that issues the action group tokens'),
  ALERT_WEBHOOK_ROLE: z.string().trim().min(1).default('ActionGroupsSecureWebhook'),
  ALLOWED_TENANT_IDS: tenantIdList,
  ROLE_READERS: principalList,
  ROLE_RESPONDERS: principalList,
  ROLE_ADMINS: principalList,
  // Empty counts as unset, so a template can always pass the setting.
  ROLE_GROUP_LOOKUP: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => (v ? v : 'off'))
    .pipe(z.enum(['off', 'graph'], { error: 'must be one of off, graph' })),
});

/**
 * The name of every environment variable `readConfig` reads, taken from the schema itself so it
 * cannot drift: the deployment templates' tests check that the web app sets exactly these (less
 * the ones that only make sense on a laptop).
 */
export const CONFIG_VARIABLE_NAMES: readonly string[] = Object.keys(envSchema.shape);

export type HubSetting = z.infer<typeof hubEntry>;

export interface AppConfig {
  readonly environment: 'development' | 'production' | 'test';
  readonly server: { readonly port: number; readonly host: string };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bot: {
    /** Empty in local development: the Bot Framework then runs without inbound authentication. */
    readonly appId: string;
    readonly appPassword: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId: string;
  };
  readonly logs:
    | {
        readonly backend: 'azure';
        readonly workspaceId: string;
        readonly workspaceResourceId?: string;
        readonly managedIdentityClientId?: string;
      }
    | { readonly backend: 'local'; readonly paths: readonly string[]; readonly demoDataDir: string };
  readonly hubs: readonly HubSetting[];
  /** Where conversation state, alerts, incidents, subscriptions and the outbox live. */
  readonly storage:
    | { readonly kind: 'file'; readonly path: string }
    | { readonly kind: 'blob'; readonly connectionString: string; readonly container: string }
    | {
        readonly kind: 'cosmos';
        readonly endpoint: string;
        readonly key: string;
        readonly database: string;
        readonly container: string;
      };
  /** Shared secret for POST /api/alerts (`?code=` or `x-alert-secret`); without it the route is off. */
  readonly alertWebhookSecret?: string;
  /**
   * Azure Monitor "secure webhook": the Entra ID bearer token of the action group is accepted
   * on /api/alerts when its audience is one of these and it carries the app role.
   */
  readonly alertWebhookEntra?: {
    readonly tenantId: string;
    readonly audiences: readonly string[];
    readonly requiredRole: string;
  };
  /** The agreed shape (config-shape.md) of the two settings above; the platform branch drops those. */
  readonly alerts: {
    readonly webhookSecret?: string;
    readonly entra?: NonNullable<AppConfig['alertWebhookEntra']>;
  };
  /**
   * Who may use the bot (src/authorization/ checks it). Defaults: any tenant outside production;
   * readers everyone; responders and admins everyone outside production, nobody in production.
   */
  readonly authorization: {
    /** Lower-case; empty means any tenant (refused in production). */
    readonly allowedTenantIds: readonly string[];
    readonly roles: {
      readonly reader: PrincipalListSetting;
      readonly responder: PrincipalListSetting;
      readonly admin: PrincipalListSetting;
    };
    /** The agreed shape (config-shape.md) of `roleGroupLookup`. */
    readonly groupLookup: AppConfig['roleGroupLookup'];
  };
  /**
   * How group ids in the role lists are matched (Teams sends only the user's object id): `off`, no
   * group ever matches; `graph`, Microsoft Graph `checkMemberGroups` as the bot's managed identity
   * (MANAGED_IDENTITY_CLIENT_ID, else the app id of a UserAssignedMSI bot; without either the
   * default Azure credential chain, e.g. `az login` on a laptop), answers cached for 5 minutes.
   */
  readonly roleGroupLookup:
    { readonly kind: 'off' } | { readonly kind: 'graph'; readonly managedIdentityClientId?: string };
}

/**
 * Every configured secret, for the logger to scrub wherever it appears (error messages, URLs):
 * field-name redaction alone misses a secret quoted inside an SDK's error text.
 */
export function secretValues(config: AppConfig): string[] {
  const values = [
    config.bot.appPassword,
    config.alertWebhookSecret ?? '',
    config.storage.kind === 'blob' ? config.storage.connectionString : '',
    config.storage.kind === 'cosmos' ? config.storage.key : '',
  ];
  // An Azure Storage connection string's AccountKey on its own, as SDK errors quote it.
  const accountKey = /AccountKey=([^;]+)/i.exec(values[2] ?? '')?.[1];
  return [...values, accountKey ?? ''].filter((value) => value.length > 0);
}

/** Graph as the bot itself: its managed identity (MANAGED_IDENTITY_CLIENT_ID, else a UserAssignedMSI bot's app id). */
function graphLookup(e: z.infer<typeof envSchema>): AppConfig['roleGroupLookup'] {
  const clientId =
    e.MANAGED_IDENTITY_CLIENT_ID ?? (e.MicrosoftAppType === 'UserAssignedMSI' ? e.MicrosoftAppId : undefined);
  return { kind: 'graph', ...(clientId ? { managedIdentityClientId: clientId } : {}) };
}

const EVERYONE: PrincipalListSetting = { everyone: true, ids: [] };
const NOBODY: PrincipalListSetting = { everyone: false, ids: [] };

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
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';

  if (production && !e.MicrosoftAppId) {
    problems.push(
      "MicrosoftAppId: required when NODE_ENV=production (without it the Bot Framework accepts unauthenticated requests); set it to the bot's app id or managed identity client id",
    );
  }
  if (e.MicrosoftAppType !== 'MultiTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    problems.push(
      `MicrosoftAppTenantId: required when MicrosoftAppType=${e.MicrosoftAppType}; set it to your Entra tenant id`,
    );
  }
  if (e.MicrosoftAppType !== 'UserAssignedMSI' && e.MicrosoftAppId && !e.MicrosoftAppPassword) {
    problems.push(
      `MicrosoftAppPassword: required with MicrosoftAppType=${e.MicrosoftAppType}; set the app registration's client secret, or use MicrosoftAppType=UserAssignedMSI`,
    );
  }
  if (e.LOG_ANALYTICS_WORKSPACE_ID && e.LOCAL_LOGS_PATH.length > 0) {
    problems.push('LOCAL_LOGS_PATH: cannot be combined with LOG_ANALYTICS_WORKSPACE_ID; unset one of them');
  }
  if (e.STORAGE === 'blob' && !e.STORAGE_CONNECTION_STRING) {
    problems.push(
      'STORAGE_CONNECTION_STRING: required when STORAGE=blob; the storage account connection string (or UseDevelopmentStorage=true for Azurite)',
    );
  }
  if (e.STORAGE === 'cosmos') {
    for (const name of ['COSMOS_ENDPOINT', 'COSMOS_KEY', 'COSMOS_DATABASE', 'COSMOS_CONTAINER'] as const) {
      if (!e[name]) problems.push(`${name}: required when STORAGE=cosmos`);
    }
  }
  if (e.ALERT_WEBHOOK_SECRET !== undefined && e.ALERT_WEBHOOK_SECRET.length < 16) {
    problems.push(
      'ALERT_WEBHOOK_SECRET: must be at least 16 characters (it is the only thing guarding /api/alerts); e.g. openssl rand -hex 24',
    );
  }
  if (e.ALERT_WEBHOOK_AUDIENCE.length > 0 && !(e.ALERT_WEBHOOK_TENANT_ID ?? e.MicrosoftAppTenantId)) {
    problems.push(
      'ALERT_WEBHOOK_TENANT_ID: required with ALERT_WEBHOOK_AUDIENCE (or set MicrosoftAppTenantId); the tenant of the secure webhook app registration',
    );
  }
  if (production && e.ALLOWED_TENANT_IDS.length === 0) {
    problems.push(
      'ALLOWED_TENANT_IDS: required when NODE_ENV=production (otherwise anyone in any organization who can reach the bot may use it); set it to your Entra tenant id, or a comma list of tenant ids',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const entra =
    e.ALERT_WEBHOOK_AUDIENCE.length > 0
      ? {
          tenantId: e.ALERT_WEBHOOK_TENANT_ID ?? e.MicrosoftAppTenantId ?? '',
          audiences: e.ALERT_WEBHOOK_AUDIENCE,
          requiredRole: e.ALERT_WEBHOOK_ROLE,
        }
      : undefined;
  const groupLookup: AppConfig['roleGroupLookup'] =
    e.ROLE_GROUP_LOOKUP === 'graph' ? graphLookup(e) : { kind: 'off' };
  return {
    environment: e.NODE_ENV,
    server: { port: e.PORT, host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1') },
    logLevel: e.LOG_LEVEL,
    bot: {
      appId: e.MicrosoftAppId ?? '',
      appPassword: e.MicrosoftAppPassword ?? '',
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId ?? '',
    },
    logs: e.LOG_ANALYTICS_WORKSPACE_ID
      ? {
          backend: 'azure',
          workspaceId: e.LOG_ANALYTICS_WORKSPACE_ID,
          ...(e.LOG_ANALYTICS_WORKSPACE_RESOURCE_ID
            ? { workspaceResourceId: e.LOG_ANALYTICS_WORKSPACE_RESOURCE_ID }
            : {}),
          ...(e.MANAGED_IDENTITY_CLIENT_ID ? { managedIdentityClientId: e.MANAGED_IDENTITY_CLIENT_ID } : {}),
        }
      : { backend: 'local', paths: e.LOCAL_LOGS_PATH, demoDataDir: e.DEMO_DATA_DIR ?? '.cache/demo' },
    hubs: e.IOT_HUBS,
    storage:
      e.STORAGE === 'blob'
        ? {
            kind: 'blob',
            connectionString: e.STORAGE_CONNECTION_STRING ?? '',
            container: e.STORAGE_CONTAINER,
          }
        : e.STORAGE === 'cosmos'
          ? {
              kind: 'cosmos',
              endpoint: e.COSMOS_ENDPOINT ?? '',
              key: e.COSMOS_KEY ?? '',
              database: e.COSMOS_DATABASE ?? '',
              container: e.COSMOS_CONTAINER ?? '',
            }
          : { kind: 'file', path: e.STORAGE_PATH ?? './.data' },
    ...(e.ALERT_WEBHOOK_SECRET ? { alertWebhookSecret: e.ALERT_WEBHOOK_SECRET } : {}),
    ...(entra ? { alertWebhookEntra: entra } : {}),
    alerts: {
      ...(e.ALERT_WEBHOOK_SECRET ? { webhookSecret: e.ALERT_WEBHOOK_SECRET } : {}),
      ...(entra ? { entra } : {}),
    },
    authorization: {
      allowedTenantIds: e.ALLOWED_TENANT_IDS.map((id) => id.toLowerCase()),
      roles: {
        reader: e.ROLE_READERS ?? EVERYONE,
        responder: e.ROLE_RESPONDERS ?? (production ? NOBODY : EVERYONE),
        admin: e.ROLE_ADMINS ?? (production ? NOBODY : EVERYONE),
      },
      groupLookup,
    },
    roleGroupLookup: groupLookup,
  };
}
