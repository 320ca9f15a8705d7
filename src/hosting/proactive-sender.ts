import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  MessageFactory,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config/config';
import type { ConversationAddress } from '../proactive/conversation-address';
import { SendFailure, type OutboundMessage, type ProactiveSender } from '../proactive/sender';

/** The part of the connector client a new post needs (the client itself is botframework-connector's). */
interface ConversationsApi {
  readonly conversations: {
    sendToConversation(conversationId: string, activity: Activity): Promise<{ id?: string }>;
  };
}

/**
 * An adapter for proactive sends only: same bot identity, but no middleware (tenant gate,
 * incident turns, roles: they are for inbound turns) and no onTurnError, so a failed send
 * reaches the outbox as an error instead of being swallowed as a "turn error".
 */
export function createProactiveAdapter(bot: AppConfig['bot']): CloudAdapter {
  return new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: bot.appId,
      MicrosoftAppPassword: bot.appPassword,
      MicrosoftAppType: bot.appType,
      MicrosoftAppTenantId: bot.tenantId,
    }),
  );
}

/** Network errors where the request never left (safe to retry even for a post). */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Proactive sends through the Bot Framework: `continueConversationAsync` with the stored
 * reference, then `sendActivity` (post) or `updateActivity` (same card, new content). Errors
 * become {@link SendFailure} with the channel's status and Retry-After, for the outbox to decide.
 */
export class BotFrameworkSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async post(address: ConversationAddress, message: OutboundMessage): Promise<{ activityId: string }> {
    let activityId = '';
    await this.continue(address, async (context) => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
      activity.summary = message.summary;
      // sendToConversation, not sendActivity: a continuation turn would make the post a reply
      // to a made-up activity id; an alert is a new post in the conversation.
      const connector = context.turnState.get<ConversationsApi>(this.adapter.ConnectorClientKey);
      const response = await connector.conversations.sendToConversation(address.conversationId, {
        ...activity,
        type: 'message',
        from: context.activity.recipient,
        recipient: context.activity.from,
        conversation: context.activity.conversation,
        channelId: context.activity.channelId,
        serviceUrl: context.activity.serviceUrl,
      } as Activity);
      activityId = response.id ?? '';
    });
    return { activityId };
  }

  async update(address: ConversationAddress, activityId: string, message: OutboundMessage): Promise<void> {
    await this.continue(address, async (context) => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
      await context.updateActivity({
        ...activity,
        id: activityId,
        type: 'message',
        summary: message.summary,
      });
    });
  }

  private async continue(
    address: ConversationAddress,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        address.reference as Partial<ConversationReference>,
        async (context) => {
          withoutSdkRetries(context.turnState.get<RetryingClient>(this.adapter.ConnectorClientKey));
          await logic(context);
        },
      );
    } catch (error) {
      throw toSendFailure(error);
    }
  }
}

/** The slice of botframework-connector's client whose HTTP pipeline carries the SDK's retry policy. */
interface RetryingClient {
  readonly client?: { readonly pipeline?: { removePolicy(options: { phase?: string }): unknown } };
}

/**
 * The connector's pipeline retries 429/5xx by itself (honouring Retry-After with real waits),
 * inside the send call. The outbox owns retries instead: durable (survive a restart), shared
 * back-off per conversation, on an injectable clock, so the SDK's retry phase is removed for
 * proactive sends. Replies inside a turn keep the SDK's behaviour.
 */
function withoutSdkRetries(connector: RetryingClient | undefined): void {
  connector?.client?.pipeline?.removePolicy({ phase: 'Retry' });
}

/** Reads status, Retry-After and the kind of network error from what the connector throws. */
export function toSendFailure(error: unknown): SendFailure {
  const e = error as {
    statusCode?: unknown;
    status?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { headers?: { get?: (name: string) => string | undefined } & Record<string, unknown> };
  };
  const status =
    typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers;
  const retryAfterText =
    typeof headers?.get === 'function'
      ? headers.get('retry-after')
      : typeof headers?.['retry-after'] === 'string'
        ? (headers['retry-after'] as string)
        : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(error);
  return new SendFailure(
    status === undefined ? `${code ?? 'network error'}: ${message}` : `HTTP ${status}`,
    status,
    parseRetryAfter(retryAfterText),
    status === undefined && !(code !== undefined && NOT_SENT.has(code)),
  );
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
