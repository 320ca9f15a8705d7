import { z } from 'zod';
import { botSection } from './bot-config';
import { commaList, guid, optionalText } from './rules';
import { configSection } from './section';
import { DEFAULT_STORAGE_PATH, storageSection } from './storage-config';
import { readWebhookAuth, type WebhookAuthConfig } from './webhook-auth';

/** How POST /api/alerts authenticates Azure Monitor; with neither a secret nor a token, the route is off. */
export interface AlertsConfig extends WebhookAuthConfig {
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
    const auth = readWebhookAuth(
      {
        secret: e.ALERT_WEBHOOK_SECRET,
        audiences: e.ALERT_WEBHOOK_AUDIENCE,
        tenantId: e.ALERT_WEBHOOK_TENANT_ID ?? e.MicrosoftAppTenantId,
        role: e.ALERT_WEBHOOK_ROLE,
      },
      {
        secret: 'ALERT_WEBHOOK_SECRET',
        audience: 'ALERT_WEBHOOK_AUDIENCE',
        tenant: 'ALERT_WEBHOOK_TENANT_ID',
      },
      { route: '/api/alerts', tokenIssuer: 'secure webhook' },
      problems,
    );
    const generateLocally =
      e.NODE_ENV === 'development' && !auth.webhookSecret && !auth.entra && e.STORAGE === 'file';
    return {
      ...auth,
      ...(generateLocally ? { localSecretFolder: e.STORAGE_PATH ?? DEFAULT_STORAGE_PATH } : {}),
    };
  },
});
