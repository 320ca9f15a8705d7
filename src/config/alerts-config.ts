import { z } from 'zod';
import { botSection } from './bot-config';
import { commaList, guid, optionalText } from './rules';
import { configSection } from './section';
import { readWebhookAuth, type WebhookAuthConfig } from './webhook-auth';

/** How POST /api/alerts authenticates Azure Monitor; with neither, the route is off. */
export type AlertsConfig = WebhookAuthConfig;

/** ALERT_WEBHOOK_*: the secret, or the secure webhook's audiences, tenant (default the bot's) and role. */
export const alertsSection = configSection({
  variables: {
    MicrosoftAppTenantId: botSection.variables.MicrosoftAppTenantId,
    ALERT_WEBHOOK_SECRET: optionalText,
    ALERT_WEBHOOK_AUDIENCE: commaList,
    ALERT_WEBHOOK_TENANT_ID: guid('the Entra tenant that issues the action group tokens'),
    ALERT_WEBHOOK_ROLE: z.string().trim().min(1).default('ActionGroupsSecureWebhook'),
  },
  read: (e, { problems }): AlertsConfig =>
    readWebhookAuth(
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
    ),
});
