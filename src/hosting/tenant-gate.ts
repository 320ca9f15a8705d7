import { ActivityTypes, type InvokeResponse, type Middleware, type TurnContext } from 'botbuilder';
import { checkTenant, tenantRefusalText, type AccessPolicy } from '../authorization';
import type { Logger } from '../logging/logger';
import { localeFromActivity } from './locale';
import { principalOfActivity, tenantOfActivity } from './principal';

/**
 * The tenant allow-list, on every turn (messages, invokes, installs), before any handler runs.
 * The Bot Framework checks that Teams sent the request, not which organization the user is in:
 * any tenant can install a Teams app that is shared with it. A refused turn gets one polite
 * sentence (en/ko) where a user is waiting for an answer, and a warning in the log; nothing of
 * the bot runs for it, and nothing is stored.
 */
export class TenantGate implements Middleware {
  constructor(
    private readonly policy: Pick<AccessPolicy, 'allowedTenantIds'>,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const tenantId = tenantOfActivity(activity);
    const decision = checkTenant(tenantId, this.policy);
    if (decision.allowed) {
      await next();
      return;
    }
    const principal = principalOfActivity(activity);
    this.logger.warn(
      {
        reason: decision.reason,
        tenantId: tenantId ?? null,
        activityType: activity.type,
        activityName: activity.name,
        conversationId: activity.conversation?.id,
        conversationType: activity.conversation?.conversationType,
        fromObjectId: principal.objectId ?? null,
      },
      'Refused a turn from a tenant that is not allowed',
    );
    const text = tenantRefusalText(localeFromActivity(activity.locale));
    if (activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({
        type: 'invokeResponse',
        value: refusalInvokeResponse(activity.name, text),
      });
      return;
    }
    if (activity.type === ActivityTypes.Message || this.botWasAdded(context)) {
      await context.sendActivity(text);
    }
  }

  private botWasAdded(context: TurnContext): boolean {
    const activity = context.activity;
    if (activity.type === ActivityTypes.InstallationUpdate) return activity.action === 'add';
    return (
      activity.type === ActivityTypes.ConversationUpdate &&
      (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id)
    );
  }
}

/** A card button shows the text in place of the card's answer; other invokes get a 403. */
function refusalInvokeResponse(name: string | undefined, text: string): InvokeResponse {
  if (name === 'adaptiveCard/action') {
    return {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text },
    };
  }
  return { status: 403, body: { error: text } };
}
