import {
  ActivityTypes,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationState,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import { errorCard, type CardContext } from '../cards';
import type { Locale } from '../cards/card-data';
import type { CardRenderer } from '../cards/render';
import type { Actor } from '../alerts/incident';
import type { Conversation, PendingAnswer, TurnOutcome } from '../conversation/conversation';
import type { ConversationMemory } from '../conversation/memory';
import type { Reply, TurnSetting } from '../conversation/reply';
import type { TurnChannel, TurnParty } from '../conversation/verbs';
import type { Logger } from '../logging/logger';
import { conversationKey } from '../proactive/conversation-address';
import { systemScheduler, type Scheduler } from '../proactive/scheduler';
import type { ConversationTracker } from './conversation-tracker';
import { invokeResponseFor, replacementActivity, replyToActivity } from './replies';
import type { RoleGate } from './role-gate';
import { correlationIdOf } from './turn-error';
import { answerLocale, timeZoneOf } from './turn-setting';

interface ConversationFlags {
  /** Teams sends both conversationUpdate and installationUpdate on install: welcome once. */
  welcomedAt?: string;
}

export interface TriageBotOptions {
  /** Keeps each user's `language ko|en` choice; without it the Teams locale always decides. */
  readonly userState?: UserState;
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /** Roles on every command and button (none: everyone may do everything, as in local development). */
  readonly roleGate?: RoleGate;
  /** Remembers where proactive delivery may go (install, first address) and forgets it on removal. */
  readonly tracker?: ConversationTracker;
  readonly scheduler?: Pick<Scheduler, 'after'>;
  /** Post "Looking at the logs for X…" when the answer isn't ready after this long. */
  readonly placeholderAfterMs?: number;
  /** Give up on an answer after this long (from the start of the turn), inside Teams' 15 s. */
  readonly answerTimeoutMs?: number;
}

export const DEFAULT_PLACEHOLDER_AFTER_MS = 3_000;
export const DEFAULT_ANSWER_TIMEOUT_MS = 12_000;

const TIMED_OUT: Readonly<Record<Locale, string>> = {
  en: 'The logs took too long to answer. Try again, or ask about a shorter time window.',
  ko: '로그 조회가 너무 오래 걸렸어요. 다시 시도하거나 더 짧은 기간으로 물어보세요.',
};

const FAILED: Readonly<Record<Locale, string>> = {
  en: 'Something went wrong on my side while answering.',
  ko: '답하는 중에 문제가 생겼어요.',
};

const SETTING_KEY = Symbol('turn setting');

type Settled =
  | { readonly kind: 'answered'; readonly outcome: TurnOutcome }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'timed-out' };

/**
 * The Teams face of the bot: maps activities to the platform-neutral `Conversation` and sends
 * its replies. All the understanding lives in `conversation/`; this class only speaks Teams.
 *
 * A question that reads logs gets a typing indicator at once; if the answer isn't ready after
 * ~3 s, a short "Looking at the logs for X…" message, which the answer then replaces
 * (updateActivity). The turn never waits past `answerTimeoutMs` (12 s, inside Teams' 15 s): then
 * the placeholder becomes an error card with a Retry button.
 *
 *   message ─▶ typing ─▶ answer ready < 3 s? ── yes ─▶ send the card
 *                              │ no
 *                              ▼
 *                  post "Looking at the logs…" ─▶ ready < 12 s? ── yes ─▶ update it to the card
 *                                                    │ no
 *                                                    ▼
 *                                         update it to an error card [Retry]
 *
 * Card buttons: `adaptiveCard/action` invokes answer with the card that replaces the clicked one
 * (a reply marked `updatesClickedCard` also updates the posted card for everyone); Action.Submit
 * (older clients) arrives as a message with `value` and is answered like a message.
 *
 * Every turn: the conversation tracker first (proactive delivery's addresses), the setting (locale,
 * time zone, memory) worked out once, the command recognized by the registry, then the role gate
 * once, on that command's permission, before anything is answered.
 */
export class TriageBot extends TeamsActivityHandler {
  /** Conversations whose welcome is being sent right now (see welcomeOnce). */
  private readonly welcoming = new Set<string>();
  private readonly flags: StatePropertyAccessor<ConversationFlags>;
  private readonly memory: StatePropertyAccessor<ConversationMemory>;
  private readonly language: StatePropertyAccessor<Locale> | undefined;
  /** Keeps each user's `time zone …` choice; without it the client's zone (or UTC) decides. */
  private readonly timeZone: StatePropertyAccessor<string> | undefined;
  private readonly clock: () => Date;
  private readonly scheduler: Pick<Scheduler, 'after'>;
  private readonly placeholderAfterMs: number;
  private readonly answerTimeoutMs: number;

  constructor(
    private readonly conversation: Conversation,
    private readonly renderer: CardRenderer,
    private readonly conversationState: ConversationState,
    private readonly options: TriageBotOptions = {},
  ) {
    super();
    this.flags = conversationState.createProperty<ConversationFlags>('flags');
    this.memory = conversationState.createProperty<ConversationMemory>('memory');
    this.language = options.userState?.createProperty<Locale>('language');
    this.timeZone = options.userState?.createProperty<string>('timeZone');
    this.clock = options.clock ?? (() => new Date());
    this.scheduler = options.scheduler ?? systemScheduler;
    this.placeholderAfterMs = options.placeholderAfterMs ?? DEFAULT_PLACEHOLDER_AFTER_MS;
    this.answerTimeoutMs = options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;

    this.onMessage(async (context, next) => {
      const setting = await this.settingOf(context);
      const text = this.messageText(context);
      const submitted: unknown = context.activity.value;
      const isSubmit = text === '' && typeof submitted === 'object' && submitted !== null;
      const party = partyOf(context.activity, isSubmit ? 'submit' : 'text');
      const pending = isSubmit
        ? this.conversation.understandAction({ ...setting, payload: submitted, party })
        : this.conversation.understand({ ...setting, text, party });
      const refusal = await this.refusal(context, pending, setting);
      if (refusal !== undefined) {
        await context.sendActivity(refusal);
        await next();
        return;
      }
      await this.answerMessage(context, pending, setting);
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
    // Before the handlers, after the tenant gate (the adapter's only middleware, so before anything).
    await this.options.tracker?.track(context.activity);
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.options.userState?.saveChanges(context, false);
  }

  /** A card button (Action.Execute): the answer's first card replaces the clicked card. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const setting = await this.settingOf(context);
    const payload: unknown = invokeValue.action?.data;
    // The SDK's invoke value leaves `trigger` out: read it from the activity (automatic = a card refresh).
    const trigger = (context.activity.value as { trigger?: unknown } | undefined)?.trigger;
    const party = partyOf(context.activity, trigger === 'automatic' ? 'refresh' : 'button');
    const pending = this.conversation.understandAction({ ...setting, payload, party });
    const refusal = await this.refusal(context, pending, setting);
    if (refusal !== undefined) {
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: refusal as never };
    }
    const controller = new AbortController();
    const settled = await this.settle(pending, controller, this.answerTimeoutMs);
    const replies = await this.repliesOf(context, pending, settled, setting);
    const [first, ...rest] = replies;
    for (const reply of rest) await context.sendActivity(replyToActivity(reply, this.renderer));
    if (first?.kind === 'card' && first.updatesClickedCard && context.activity.replyToId) {
      await context
        .updateActivity({ ...replyToActivity(first, this.renderer), id: context.activity.replyToId })
        .catch((error: unknown) =>
          this.options.logger?.warn({ err: error }, 'Could not update the clicked card'),
        );
    }
    return first
      ? invokeResponseFor(first, this.renderer)
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' as never };
  }

  private async answerMessage(
    context: TurnContext,
    pending: PendingAnswer,
    setting: TurnSetting,
  ): Promise<void> {
    if (pending.placeholder === undefined) {
      const outcome = await pending.answer();
      await this.keep(context, outcome);
      await this.send(context, outcome.replies);
      return;
    }
    await context.sendActivity({ type: ActivityTypes.Typing });
    const controller = new AbortController();
    const answering = this.answering(pending, controller);
    const patience = this.scheduler.after(this.placeholderAfterMs);
    const first = await Promise.race([answering, patience.elapsed.then(() => 'slow' as const)]);
    if (first !== 'slow') patience.cancel();
    if (first !== 'slow' && first.kind === 'failed') throw first.error; // nothing posted yet: onTurnError's apology
    if (first !== 'slow' && first.kind === 'answered') {
      await this.keep(context, first.outcome);
      await this.send(context, first.outcome.replies);
      return;
    }
    const posted = await context.sendActivity(MessageFactory.text(pending.placeholder));
    const settled = await this.settle(
      pending,
      controller,
      this.answerTimeoutMs - this.placeholderAfterMs,
      answering,
    );
    const [replacement, ...rest] = await this.repliesOf(context, pending, settled, setting);
    if (replacement && posted?.id) {
      await context.updateActivity(replacementActivity(posted.id, replacement, this.renderer));
      await this.send(context, rest);
    } else {
      await this.send(context, replacement ? [replacement, ...rest] : rest);
    }
  }

  private answering(pending: PendingAnswer, controller: AbortController): Promise<Settled> {
    return pending.answer({ abortSignal: controller.signal }).then(
      (outcome): Settled => ({ kind: 'answered', outcome }),
      (error: unknown): Settled => ({ kind: 'failed', error }),
    );
  }

  /** The answer, or `timed-out` after `timeoutInMs` (the query is then aborted). */
  private async settle(
    pending: PendingAnswer,
    controller: AbortController,
    timeoutInMs: number,
    answering: Promise<Settled> = this.answering(pending, controller),
  ): Promise<Settled> {
    const deadline = this.scheduler.after(Math.max(0, timeoutInMs));
    const settled = await Promise.race([
      answering,
      deadline.elapsed.then((): Settled => ({ kind: 'timed-out' })),
    ]);
    deadline.cancel();
    if (settled.kind === 'timed-out') controller.abort();
    return settled;
  }

  /** What to show for a settled answer: its replies, or an error card with Retry. */
  private async repliesOf(
    context: TurnContext,
    pending: PendingAnswer,
    settled: Settled,
    setting: TurnSetting,
  ): Promise<readonly Reply[]> {
    if (settled.kind === 'answered') {
      await this.keep(context, settled.outcome);
      return settled.outcome.replies;
    }
    const cards: CardContext = {
      locale: setting.locale,
      timeZone: setting.timeZone ?? 'UTC',
      now: this.clock(),
    };
    const retry = pending.command ? { retry: this.conversation.registry.buttonFor(pending.command) } : {};
    if (settled.kind === 'timed-out') {
      return [{ kind: 'card', card: errorCard({ message: TIMED_OUT[setting.locale], ...retry }, cards) }];
    }
    const correlationId = correlationIdOf(context);
    this.options.logger?.error(
      { err: settled.error, correlationId, conversationId: context.activity.conversation?.id },
      'Answering failed',
    );
    return [
      { kind: 'card', card: errorCard({ message: FAILED[setting.locale], correlationId, ...retry }, cards) },
    ];
  }

  /** The role gate, once per turn, with the permission of what the registry recognized. */
  private async refusal(
    context: TurnContext,
    pending: PendingAnswer,
    setting: TurnSetting,
  ): Promise<string | undefined> {
    return this.options.roleGate?.refusal(context, pending.permission, setting.locale, pending.auditTarget);
  }

  /** The turn's locale, time zone and memory, worked out once per turn and kept in turn state. */
  private async settingOf(context: TurnContext): Promise<TurnSetting> {
    const kept = context.turnState.get(SETTING_KEY) as TurnSetting | undefined;
    if (kept) return kept;
    const chosen = this.language ? await this.language.get(context) : undefined;
    const chosenZone = this.timeZone ? await this.timeZone.get(context) : undefined;
    const setting: TurnSetting = {
      locale: answerLocale(context.activity, chosen),
      timeZone: chosenZone ?? timeZoneOf(context.activity),
      memory: await this.memory.get(context, {}),
    };
    context.turnState.set(SETTING_KEY, setting);
    return setting;
  }

  /** Store what the turn changed: the conversation's memory, the user's language and time zone. */
  private async keep(context: TurnContext, outcome: TurnOutcome): Promise<void> {
    await this.memory.set(context, outcome.memory);
    if (outcome.userLocale && this.language) await this.language.set(context, outcome.userLocale);
    if (outcome.userTimeZone && this.timeZone) await this.timeZone.set(context, outcome.userTimeZone);
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    // Teams (and the Playground) send conversationUpdate and installationUpdate at the same time:
    // both turns read the state before either saves it, so the in-flight set closes that race.
    const conversationId = context.activity.conversation.id;
    if (this.welcoming.has(conversationId)) return;
    this.welcoming.add(conversationId);
    try {
      const flags = await this.flags.get(context, {});
      if (flags.welcomedAt) return;
      await this.send(context, this.conversation.welcome((await this.settingOf(context)).locale));
      await this.flags.set(context, { ...flags, welcomedAt: this.clock().toISOString() });
      await this.conversationState.saveChanges(context, false);
    } finally {
      this.welcoming.delete(conversationId);
    }
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

/** Who asks and where, in the conversation's terms (the alert verbs act on behalf of this person). */
function partyOf(activity: Activity, channel: TurnChannel): TurnParty {
  return {
    actor: actorOf(activity.from),
    conversationKey: conversationKey(activity.conversation?.id ?? ''),
    mentions: (activity.entities ?? []).flatMap((entity) => {
      if (entity.type !== 'mention') return [];
      const mentioned = (entity as { mentioned?: { id?: string; name?: string; aadObjectId?: string } })
        .mentioned;
      return mentioned?.id && mentioned.id !== activity.recipient?.id ? [actorOf(mentioned)] : [];
    }),
    channel,
  };
}

function actorOf(account: { id?: string; name?: string; aadObjectId?: string } | undefined): Actor {
  return {
    id: account?.id ?? 'unknown',
    name: account?.name ?? account?.id ?? 'someone',
    ...(account?.aadObjectId ? { aadObjectId: account.aadObjectId } : {}),
  };
}
