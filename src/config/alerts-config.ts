import { z } from 'zod';
import { botSection } from './bot-config';
import { commaList, guid, optionalText } from './rules';
import { configSection } from './section';
import { DEFAULT_STORAGE_PATH, storageSection } from './storage-config';

/** How POST /api/alerts authenticates Azure Monitor; with neither, the route is off. */
export interface AlertsConfig {
  /** Shared secret (`?code=` or `x-alert-secret`). */
  readonly webhookSecret?: string;
  /**
   * Azure Monitor "secure webhook": the Entra ID bearer token of the action group is accepted
   * when its audience is one of these and it carries the app role.
   */
  readonly entra?: {
    readonly tenantId: string;
    readonly audiences: readonly string[];
    readonly requiredRole: string;
  };
  /**
   * Development with neither a secret nor a secure webhook, on the file store: the state folder
   * (STORAGE_PATH) that keeps a secret generated at first start, so `npm start` accepts alerts (and
   * `iot-triage alert --demo` finds the secret) without any setting, and it survives restarts.
   */
  readonly localSecretFolder?: string;
}

/** ALERT_WEBHOOK_*: the secret, or the secure webhook's audiences, tenant (default the bot's) and role. */
export const alertsSection = configSection({
  variables: {
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    STORAGE: storageSection.variables.STORAGE,
    STORAGE_PATH: storageSection.variables.STORAGE_PATH,
    MicrosoftAppTenantId: botSection.variables.MicrosoftAppTenantId,
    ALERT_WEBHOOK_SECRET: optionalText,
    ALERT_WEBHOOK_AUDIENCE: commaList,
    ALERT_WEBHOOK_TENANT_ID: guid('the Entra tenant that issues the action group tokens'),
    ALERT_WEBHOOK_ROLE: z.string().trim().min(1).default('ActionGroupsSecureWebhook'),
  },
  read: (e, { problems }): AlertsConfig => {
    if (e.ALERT_WEBHOOK_SECRET !== undefined && e.ALERT_WEBHOOK_SECRET.length < 16) {
      problems.push(
        'ALERT_WEBHOOK_SECRET: must be at least 16 characters (it is the only thing guarding /api/alerts); e.g. openssl rand -hex 24',
      );
    }
    const tenantId = e.ALERT_WEBHOOK_TENANT_ID ?? e.MicrosoftAppTenantId;
    if (e.ALERT_WEBHOOK_AUDIENCE.length > 0 && !tenantId) {
      problems.push(
        'ALERT_WEBHOOK_TENANT_ID: required with ALERT_WEBHOOK_AUDIENCE (or set MicrosoftAppTenantId); the tenant of the secure webhook app registration',
      );
    }
    const generateLocally =
      e.NODE_ENV === 'development' &&
      !e.ALERT_WEBHOOK_SECRET &&
      e.ALERT_WEBHOOK_AUDIENCE.length === 0 &&
      e.STORAGE === 'file';
    return {
      ...(e.ALERT_WEBHOOK_SECRET ? { webhookSecret: e.ALERT_WEBHOOK_SECRET } : {}),
      ...(generateLocally ? { localSecretFolder: e.STORAGE_PATH ?? DEFAULT_STORAGE_PATH } : {}),
      ...(e.ALERT_WEBHOOK_AUDIENCE.length > 0
        ? {
            entra: {
              tenantId: tenantId ?? '',
              audiences: e.ALERT_WEBHOOK_AUDIENCE,
              requiredRole: e.ALERT_WEBHOOK_ROLE,
            },
          }
        : {}),
    };
  },
});
