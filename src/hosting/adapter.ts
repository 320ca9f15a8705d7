import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { AppConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import { createTurnErrorHandler } from './turn-error';

/**
 * The Bot Framework adapter, authenticated with the bot's identity. With an empty app id the
 * SDK runs in anonymous mode (local development and the Agents Playground only; readConfig
 * refuses that in production).
 */
export function createAdapter(bot: AppConfig['bot'], logger: Logger): CloudAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
  });
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = createTurnErrorHandler(logger);
  return adapter;
}
