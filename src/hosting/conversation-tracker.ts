import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from '../logging/logger';
import {
  conversationKey,
  type ConversationAddress,
  type ConversationDirectory,
} from '../proactive/conversation-address';
import type { Subscriptions } from '../proactive/subscriptions';

/**
 * Where proactive delivery may go: every turn remembers the conversation's reference (install or
 * first address), and removing the bot forgets it and its subscription. Bookkeeping only: it
 * never answers and never fails a turn.
 */
export class ConversationTracker {
  constructor(
    private readonly deps: {
      readonly directory: ConversationDirectory;
      readonly subscriptions: Subscriptions;
      readonly logger: Logger;
      readonly clock: () => Date;
    },
  ) {}

  async track(activity: Activity): Promise<void> {
    const id = activity.conversation?.id;
    if (!id || !activity.serviceUrl) return;
    const key = conversationKey(id);
    const removed =
      (activity.type === ActivityTypes.InstallationUpdate && activity.action?.startsWith('remove')) ||
      (activity.type === ActivityTypes.ConversationUpdate &&
        (activity.membersRemoved ?? []).some((m) => m.id === activity.recipient?.id));
    try {
      if (removed) {
        await this.deps.directory.forget(key);
        await this.deps.subscriptions.remove(key);
        this.deps.logger.info(
          { conversation: key },
          'Bot removed from a conversation; reference and subscription dropped',
        );
        return;
      }
      // Without the triggering activity's id, so proactive sends start new posts rather than replies.
      const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
      const tenantId =
        activity.conversation.tenantId ??
        (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
      const address: ConversationAddress = {
        conversationId: id,
        serviceUrl: activity.serviceUrl,
        ...(tenantId ? { tenantId } : {}),
        ...(activity.conversation.conversationType
          ? { conversationType: activity.conversation.conversationType }
          : {}),
        reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
        storedAt: this.deps.clock().toISOString(),
      };
      await this.deps.directory.remember(address);
    } catch (error) {
      // Never fail a user's turn over bookkeeping; the next turn tries again.
      this.deps.logger.warn({ err: error }, 'Could not store the conversation reference');
    }
  }
}
