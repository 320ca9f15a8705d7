import { z } from 'zod';
import { botSection } from './bot-config';
import { commaList, guid, optionalText } from './rules';
import { configSection } from './section';

/** How POST /api/events authenticates Event Grid; with neither, the route is off. */
export interface EventsConfig {
  /** Shared key (`?code=` or `x-events-secret`). */
  readonly webhookSecret?: string;
  /**
   * Event Grid's Entra ID delivery: the bearer token is accepted when its audience is one of
   * these and it carries the app role.
   */
  readonly entra?: {
    readonly tenantId: string;
    readonly audiences: readonly string[];
    readonly requiredRole: string;
  };
}

/** EVENTS_WEBHOOK_*: the key, or the Entra ID delivery's audiences, tenant (default the bot's) and role. */
export const eventsSection = configSection({
  variables: {
    MicrosoftAppTenantId: botSection.variables.MicrosoftAppTenantId,
    EVENTS_WEBHOOK_SECRET: optionalText,
    EVENTS_WEBHOOK_AUDIENCE: commaList,
    EVENTS_WEBHOOK_TENANT_ID: guid('the Entra tenant that issues the Event Grid delivery tokens'),
    EVENTS_WEBHOOK_ROLE: z.string().trim().min(1).default('AzureEventGridSecureWebhookSubscriber'),
  },
  read: (e, { problems }): EventsConfig => {
    if (e.EVENTS_WEBHOOK_SECRET !== undefined && e.EVENTS_WEBHOOK_SECRET.length < 16) {
      problems.push(
        'EVENTS_WEBHOOK_SECRET: must be at least 16 characters (it is the only thing guarding /api/events); e.g. openssl rand -hex 24',
      );
    }
    const tenantId = e.EVENTS_WEBHOOK_TENANT_ID ?? e.MicrosoftAppTenantId;
    if (e.EVENTS_WEBHOOK_AUDIENCE.length > 0 && !tenantId) {
      problems.push(
        'EVENTS_WEBHOOK_TENANT_ID: required with EVENTS_WEBHOOK_AUDIENCE (or set MicrosoftAppTenantId); the tenant of the Event Grid webhook app registration',
      );
    }
    return {
      ...(e.EVENTS_WEBHOOK_SECRET ? { webhookSecret: e.EVENTS_WEBHOOK_SECRET } : {}),
      ...(e.EVENTS_WEBHOOK_AUDIENCE.length > 0
        ? {
            entra: {
              tenantId: tenantId ?? '',
              audiences: e.EVENTS_WEBHOOK_AUDIENCE,
              requiredRole: e.EVENTS_WEBHOOK_ROLE,
            },
          }
        : {}),
    };
  },
});
