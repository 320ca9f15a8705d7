import {
  TeamsActivityHandler,
  TurnContext,
  type ConversationState,
  type StatePropertyAccessor,
} from 'botbuilder';
import type { CardRenderer } from '../cards/render';
import type { Conversation } from '../conversation/conversation';
import type { Reply } from '../conversation/reply';
import { localeFromActivity } from './locale';
import { replyToActivity } from './replies';

interface ConversationFlags {
  /** Teams sends both conversationUpdate and installationUpdate on install: welcome once. */
  welcomedAt?: string;
}

/**
 * The Teams face of the bot: maps activities to the platform-neutral `Conversation` and sends
 * its replies. All the understanding lives in `conversation/`; this class only speaks Teams.
 */
export class TriageBot extends TeamsActivityHandler {
  private readonly flags: StatePropertyAccessor<ConversationFlags>;

  constructor(
    private readonly conversation: Conversation,
    private readonly renderer: CardRenderer,
    private readonly conversationState: ConversationState,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super();
    this.flags = conversationState.createProperty<ConversationFlags>('flags');

    this.onMessage(async (context, next) => {
      const text = this.messageText(context);
      const replies = await this.conversation.handleMessage({
        text,
        locale: localeFromActivity(context.activity.locale),
      });
      await this.send(context, replies);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botWasAdded = (context.activity.membersAdded ?? []).some(
        (m) => m.id === context.activity.recipient.id,
      );
      const personal = context.activity.conversation.conversationType === 'personal';
      if (botWasAdded || personal || context.activity.conversation.conversationType === undefined) {
        await this.welcomeOnce(context);
      }
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    const flags = await this.flags.get(context, {});
    if (flags.welcomedAt) return;
    await this.send(context, this.conversation.welcome(localeFromActivity(context.activity.locale)));
    await this.flags.set(context, { ...flags, welcomedAt: this.clock().toISOString() });
  }

  /** The message text without the bot's @mention (channels and group chats prefix it). */
  private messageText(context: TurnContext): string {
    const withoutMention =
      TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    // Some clients send the mention markup without a matching entity; strip any leftover tag.
    return withoutMention.replace(/<at>[^<]*<\/at>/g, '').trim();
  }

  private async send(context: TurnContext, replies: readonly Reply[]): Promise<void> {
    for (const reply of replies) {
      await context.sendActivity(replyToActivity(reply, this.renderer));
    }
  }
}
