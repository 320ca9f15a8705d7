import { z } from 'zod';
import { botSection } from './bot-config';
import { commaList, guid, optionalText } from './rules';
import { configSection } from './section';
import { readWebhookAuth, type WebhookAuthConfig } from './webhook-auth';

/** How POST /api/events authenticates Event Grid; with neither, the route is off. */
export type EventsConfig = WebhookAuthConfig;

/** EVENTS_WEBHOOK_*: the key, or the Entra ID delivery's audiences, tenant (default the bot's) and role. */
export const eventsSection = configSection({
  variables: {
    MicrosoftAppTenantId: botSection.variables.MicrosoftAppTenantId,
    EVENTS_WEBHOOK_SECRET: optionalText,
    EVENTS_WEBHOOK_AUDIENCE: commaList,
    EVENTS_WEBHOOK_TENANT_ID: guid('the Entra tenant that issues the Event Grid delivery tokens'),
    EVENTS_WEBHOOK_ROLE: z.string().trim().min(1).default('AzureEventGridSecureWebhookSubscriber'),
  },
  read: (e, { problems }): EventsConfig =>
    readWebhookAuth(
      {
        secret: e.EVENTS_WEBHOOK_SECRET,
        audiences: e.EVENTS_WEBHOOK_AUDIENCE,
        tenantId: e.EVENTS_WEBHOOK_TENANT_ID ?? e.MicrosoftAppTenantId,
        role: e.EVENTS_WEBHOOK_ROLE,
      },
      {
        secret: 'EVENTS_WEBHOOK_SECRET',
        audience: 'EVENTS_WEBHOOK_AUDIENCE',
        tenant: 'EVENTS_WEBHOOK_TENANT_ID',
      },
      { route: '/api/events', tokenIssuer: 'Event Grid webhook' },
      problems,
    ),
});
