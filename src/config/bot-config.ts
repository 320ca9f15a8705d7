import { z } from 'zod';
import { guid, optionalText } from './rules';
import { configSection } from './section';

/** The Bot Framework identity the adapter authenticates with. */
export interface BotConfig {
  /** Empty in local development: the Bot Framework then runs without inbound authentication. */
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly tenantId: string;
}

/** MicrosoftApp*: the names the Bot Framework samples and Azure Bot resources use. */
export const botSection = configSection({
  variables: {
    MicrosoftAppId: guid('the bot app registration or managed identity client id'),
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
        error: 'must be one of MultiTenant, SingleTenant, UserAssignedMSI',
      })
      .default('MultiTenant'),
    MicrosoftAppTenantId: guid('the Entra tenant id'),
  },
  read: (e, { production, problems }): BotConfig => {
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
    return {
      appId: e.MicrosoftAppId ?? '',
      appPassword: e.MicrosoftAppPassword ?? '',
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId ?? '',
    };
  },
});
