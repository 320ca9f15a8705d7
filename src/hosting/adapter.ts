import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import { createTurnErrorHandler } from './turn-error';

/** What a successful inbound authentication yields (botframework-connector's type, not re-exported by botbuilder). */
export type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/**
 * `CloudAdapter` with its two steps, authenticate and run the turn, callable one at a time, so
 * `/api/messages` decides what an authentication failure answers (see inbound-activity.ts)
 * instead of `process`, which answers 500 to a bad signature and echoes error text.
 */
export class AuthenticatingCloudAdapter extends CloudAdapter {
  /** Validates the bearer token (issuer, signature, audience, serviceurl claim); throws on failure. */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /** Runs the turn for an activity that {@link authenticate} accepted. */
  processAuthenticated(
    authenticated: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

/**
 * The Bot Framework adapter, authenticated with the bot's identity. With an empty app id the
 * SDK runs in anonymous mode (local development and the Agents Playground only; readConfig
 * refuses that in production).
 */
export function createAdapter(bot: AppConfig['bot'], logger: Logger): AuthenticatingCloudAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
  });
  const adapter = new AuthenticatingCloudAdapter(authentication);
  adapter.onTurnError = createTurnErrorHandler(logger);
  return adapter;
}
