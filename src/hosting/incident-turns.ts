import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TurnContext,
  type Activity,
  type InvokeResponse,
  type Middleware,
} from 'botbuilder';
import type { Actor } from '../alerts/incident';
import type { DeskResult, IncidentDesk } from '../alerts/incident-desk';
import { normalizeIncidentId } from '../alerts/incident-store';
import type { Locale } from '../cards/card-data';
import { incidentCardData, incidentStatusWord } from '../cards/incident-card';
import type { AdaptiveCardJson, CardRenderer } from '../cards/render';
import type { Logger } from '../logging/logger';
import {
  conversationKey,
  type ConversationAddress,
  type ConversationDirectory,
} from '../proactive/conversation-address';
import { describeSubscription, languageName, parseSubscribe } from '../proactive/subscription-commands';
import { alertLanguageOf, type Subscriptions } from '../proactive/subscriptions';
import { INCIDENT_REPLY_TEXT } from './incident-replies';
import { answerLocale } from './turn-setting';

/** What the help card lists for the commands this middleware answers (the Conversation shows them). */
export const INCIDENT_COMMANDS_HELP = [
  {
    name: 'subscribe alerts',
    description: {
      en: 'Post Azure Monitor alerts here, optionally only for one hub or from a severity up; the cards use your language (or add language en|ko)',
      ko: 'Azure Monitor 경고를 이 대화에 게시 (허브나 심각도로 거를 수 있음). 카드는 구독한 사람의 언어로 (language en|ko로 지정 가능)',
    },
    example: {
      en: 'subscribe alerts for hub contoso-hub severity Sev2',
      ko: 'subscribe alerts severity Sev2 language ko',
    },
  },
  {
    name: 'unsubscribe',
    description: { en: 'Stop posting alerts here', ko: '이 대화에 경고 게시 중지' },
    example: { en: 'unsubscribe', ko: 'unsubscribe' },
  },
  {
    name: 'subscriptions',
    description: { en: 'Which alerts this conversation gets', ko: '이 대화가 받는 경고' },
    example: { en: 'subscriptions', ko: 'subscriptions' },
  },
  {
    name: 'incidents',
    description: { en: 'Open incidents, newest first', ko: '열린 인시던트 (최신순)' },
    example: { en: 'incidents', ko: 'incidents' },
  },
  {
    name: 'ack',
    description: {
      en: 'Acknowledge an incident (the id is on its card)',
      ko: '인시던트 확인 (ID는 카드에 있음)',
    },
    example: { en: 'ack 3fa2c1', ko: 'ack 3fa2c1' },
  },
  {
    name: 'assign',
    description: {
      en: 'Assign an incident to yourself or a colleague',
      ko: '인시던트를 나 또는 동료에게 배정',
    },
    example: { en: 'assign 3fa2c1 me', ko: 'assign 3fa2c1 me' },
  },
  {
    name: 'resolve',
    description: { en: 'Resolve an incident with a note', ko: '메모와 함께 인시던트 해결' },
    example: { en: 'resolve 3fa2c1 rotated the device key', ko: 'resolve 3fa2c1 장치 키 교체' },
  },
  {
    name: 'incident',
    description: { en: 'An incident with its whole timeline', ko: '인시던트와 전체 타임라인' },
    example: { en: 'incident 3fa2c1', ko: 'incident 3fa2c1' },
  },
] as const;

const INCIDENT_COMMANDS = new Set(['ack', 'assign-me', 'snooze', 'incident', 'resolve', 'rediagnose']);

export interface IncidentTurnsDeps {
  readonly desk: IncidentDesk;
  readonly directory: ConversationDirectory;
  readonly subscriptions: Subscriptions;
  readonly renderer: CardRenderer;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Resolves once a diagnosis can run (the logs are loaded). */
  readonly prepareDiagnosis?: () => Promise<void>;
  /** The user's own `language ko|en` choice (user state), so replies follow it as the bot's do. */
  readonly userLanguage?: (context: TurnContext) => Promise<Locale | undefined>;
}

/** Who the turn answers (replies to one person) and where (the conversation's shared cards). */
interface TurnLanguages {
  /** The clicker's or typer's language: user choice, Hangul in the text, Teams locale. */
  readonly reply: Locale;
  /** The conversation's alert language; the reply language where nobody subscribed. */
  readonly card: Locale;
}

type Answer = { readonly text: string } | { readonly card: AdaptiveCardJson; readonly summary: string };

/**
 * The alert side of a turn, as middleware after the tenant gate:
 *   - every turn: remember the conversation reference (install or first address), forget it on
 *     uninstall, so proactive delivery has somewhere to go and nowhere it may not;
 *   - typed `subscribe alerts …`, `unsubscribe`, `subscriptions`, `incidents`, `ack <id>`,
 *     `assign <id> me|@person`, `resolve <id> <note>`, `incident <id>`;
 *   - incident card buttons (`adaptiveCard/action` invokes, or Action.Submit fallbacks): the
 *     answer is the incident's current card, which replaces the clicked card; other posted copies
 *     are refreshed through the outbox.
 * Anything else passes on to the bot.
 */
export class IncidentTurns implements Middleware {
  constructor(private readonly deps: IncidentTurnsDeps) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    await this.trackConversation(activity);
    const answered =
      (activity.type === ActivityTypes.Invoke &&
        activity.name === 'adaptiveCard/action' &&
        (await this.onInvoke(context))) ||
      (activity.type === ActivityTypes.Message && (await this.onMessage(context)));
    if (!answered) await next();
  }

  private async trackConversation(activity: Activity): Promise<void> {
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

  private async onInvoke(context: TurnContext): Promise<boolean> {
    const value = context.activity.value as { action?: { data?: unknown }; trigger?: unknown } | undefined;
    const data = value?.action?.data;
    if (!isIncidentAction(data)) return false;
    const languages = await this.languagesOf(context);
    const answer = await this.onAction(context, data, languages);
    if (data.cmd === 'incident' && value?.trigger !== 'automatic' && 'card' in answer) {
      // "Open" on a digest card: the incident's card goes into the conversation as a new message;
      // answering with it would replace the digest (for the clicker) with one of its incidents.
      await context.sendActivity(cardActivity(answer));
      return this.answerInvoke(context, {
        text: INCIDENT_REPLY_TEXT[languages.reply].postedBelow(data.incidentId),
      });
    }
    // A refresh (`incident`, automatic) only shows the current card; a change updates the posted one.
    if ('card' in answer && data.cmd !== 'incident') {
      // Everyone in this conversation sees the new state on the posted card, not only the clicker.
      if (context.activity.replyToId) {
        await context
          .updateActivity({ ...cardActivity(answer), id: context.activity.replyToId })
          .catch((error: unknown) =>
            this.deps.logger.warn({ err: error }, 'Could not update the clicked card'),
          );
      }
    }
    return this.answerInvoke(context, answer);
  }

  private async answerInvoke(context: TurnContext, answer: Answer): Promise<boolean> {
    const body =
      'card' in answer
        ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card }
        : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text };
    const response: InvokeResponse = { status: 200, body };
    await context.sendActivity({ type: 'invokeResponse', value: response });
    return true;
  }

  private async onMessage(context: TurnContext): Promise<boolean> {
    const submitted: unknown = context.activity.value;
    if (isIncidentAction(submitted)) {
      await this.send(context, await this.onAction(context, submitted, await this.languagesOf(context)));
      return true;
    }
    const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '')
      .replace(/<at>[^<]*<\/at>/g, '')
      .trim();
    const answer = await this.onText(context, text);
    if (!answer) return false;
    await this.send(context, answer);
    return true;
  }

  private async onAction(
    context: TurnContext,
    data: IncidentAction,
    languages: TurnLanguages,
  ): Promise<Answer> {
    const id = normalizeIncidentId(data.incidentId);
    if (!id) return { text: INCIDENT_REPLY_TEXT[languages.reply].invalidButton };
    const actor = actorOf(context.activity);
    const { desk } = this.deps;
    const result =
      data.cmd === 'ack'
        ? await desk.acknowledge(id, actor)
        : data.cmd === 'assign-me'
          ? await desk.assign(id, actor, actor)
          : data.cmd === 'snooze'
            ? await desk.snooze(id, actor)
            : data.cmd === 'resolve'
              ? await desk.resolve(id, typeof data.note === 'string' ? data.note : undefined, actor)
              : data.cmd === 'rediagnose'
                ? await this.rediagnose(id, actor)
                : await desk.get(id);
    return this.answerFor(result, data.cmd === 'incident', languages);
  }

  /** Diagnose again; if the logs cannot load, the card then says why there is no diagnosis. */
  private async rediagnose(id: string, actor: Actor): Promise<DeskResult> {
    await this.deps.prepareDiagnosis?.().catch(() => undefined);
    return this.deps.desk.rediagnose(id, actor);
  }

  private async onText(context: TurnContext, text: string): Promise<Answer | undefined> {
    const lower = text.toLowerCase();
    const [verb = '', ...rest] = text.split(/\s+/);
    const args = rest.join(' ');
    const incidentVerb = verb.toLowerCase();
    const isAlertCommand =
      /^subscribe(\s|$)/.test(lower) ||
      ['unsubscribe', 'unsubscribe alerts', 'subscriptions', 'incidents'].includes(lower) ||
      ['ack', 'assign', 'resolve', 'incident'].includes(incidentVerb);
    if (!isAlertCommand) return undefined;
    const key = conversationKey(context.activity.conversation.id);
    const actor = actorOf(context.activity);
    const { desk, subscriptions } = this.deps;
    const reply = await this.replyLanguageOf(context);
    const say = INCIDENT_REPLY_TEXT[reply];

    if (/^subscribe(\s|$)/.test(lower)) {
      const parsed = parseSubscribe(args, reply);
      if (parsed.kind === 'usage') return { text: parsed.message };
      // The subscriber's language, unless they named one: the team's cards follow it from now on.
      const language = parsed.language ?? reply;
      await subscriptions.put({
        conversationKey: key,
        ...parsed.filters,
        language,
        createdBy: {
          id: actor.id,
          name: actor.name,
          ...(actor.aadObjectId ? { aadObjectId: actor.aadObjectId } : {}),
        },
        createdAt: this.deps.clock().toISOString(),
      });
      return {
        text: say.subscribed(
          describeSubscription(parsed.filters, reply),
          languageName(language, reply),
          language === 'ko' ? 'en' : 'ko',
        ),
      };
    }
    if (lower === 'unsubscribe' || lower === 'unsubscribe alerts') {
      const removed = await subscriptions.remove(key);
      return { text: removed ? say.unsubscribed : say.wasNotSubscribed };
    }
    if (lower === 'subscriptions') {
      const mine = await subscriptions.forConversation(key);
      return {
        text: mine
          ? say.subscription(
              describeSubscription(mine, reply),
              mine.createdAt.slice(0, 16).replace('T', ' '),
              mine.createdBy.name,
              languageName(alertLanguageOf(mine), reply),
            )
          : say.notSubscribed,
      };
    }
    if (lower === 'incidents') {
      const open = await desk.open();
      if (open.length === 0) return { text: say.noOpenIncidents };
      return {
        text: [
          say.openIncidents(open.length),
          ...open
            .slice(0, 20)
            .map(
              (i) =>
                `- ${i.id} · ${i.severity} · ${i.alert.rule} · ${i.alert.resource?.name ?? '?'} · ${incidentStatusWord(i.status, reply)}${i.assignee ? ` (${i.assignee.name})` : ''}`,
            ),
        ].join('\n'),
      };
    }
    const [idText = '', ...restWords] = rest;
    const id = normalizeIncidentId(idText);
    if (!id) return { text: say.whichIncident(incidentVerb) };
    const remainder = restWords.join(' ').trim();
    const languages: TurnLanguages = { reply, card: await this.cardLanguageOf(key, reply) };
    switch (incidentVerb) {
      case 'ack':
        return this.answerFor(await desk.acknowledge(id, actor), false, languages);
      case 'assign': {
        const to = assigneeOf(context.activity, remainder, actor);
        if (!to) return { text: say.assignToWhom(id) };
        return this.answerFor(await desk.assign(id, to, actor), false, languages);
      }
      case 'resolve':
        return this.answerFor(await desk.resolve(id, remainder || undefined, actor), false, languages);
      default:
        return this.answerFor(await desk.get(id), true, languages);
    }
  }

  /**
   * A reply goes to one person, in their language; a card stays in the conversation for everyone,
   * in the conversation's alert language, so a click never flips it to the clicker's language.
   */
  private async languagesOf(context: TurnContext): Promise<TurnLanguages> {
    const reply = await this.replyLanguageOf(context);
    return {
      reply,
      card: await this.cardLanguageOf(conversationKey(context.activity.conversation.id), reply),
    };
  }

  private async replyLanguageOf(context: TurnContext): Promise<Locale> {
    const chosen = await this.deps.userLanguage?.(context).catch(() => undefined);
    return answerLocale(context.activity, chosen);
  }

  /** The subscription's language (English for ones stored without it); unsubscribed: the reader's. */
  private async cardLanguageOf(key: string, reply: Locale): Promise<Locale> {
    const subscription = await this.deps.subscriptions.forConversation(key);
    return subscription ? alertLanguageOf(subscription) : reply;
  }

  private answerFor(result: DeskResult, fullTimeline: boolean, languages: TurnLanguages): Answer {
    if (result.kind === 'not-found')
      return { text: INCIDENT_REPLY_TEXT[languages.reply].notFound(result.id) };
    const { incident } = result;
    const card = this.deps.renderer.render(
      'incident',
      incidentCardData(incident, languages.card, { fullTimeline, now: this.deps.clock() }),
    );
    const summary = result.unchanged
      ? INCIDENT_REPLY_TEXT[languages.reply].unchanged[result.unchanged](incident.id)
      : `${incident.id}: ${incidentStatusWord(incident.status, languages.card)}`;
    return { card, summary };
  }

  private async send(context: TurnContext, answer: Answer): Promise<void> {
    await context.sendActivity('card' in answer ? cardActivity(answer) : MessageFactory.text(answer.text));
  }
}

interface IncidentAction {
  readonly cmd: string;
  readonly incidentId: string;
  readonly note?: unknown;
}

function isIncidentAction(data: unknown): data is IncidentAction {
  if (typeof data !== 'object' || data === null) return false;
  const { cmd, incidentId } = data as { cmd?: unknown; incidentId?: unknown };
  return typeof cmd === 'string' && INCIDENT_COMMANDS.has(cmd) && typeof incidentId === 'string';
}

function cardActivity(answer: { card: AdaptiveCardJson; summary: string }): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(answer.card));
  return { ...activity, summary: answer.summary, type: ActivityTypes.Message };
}

function actorOf(activity: Activity): Actor {
  return {
    id: activity.from?.id ?? 'unknown',
    name: activity.from?.name ?? 'someone',
    ...(activity.from?.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
  };
}

/** `me`, or the first @mention that is not the bot. */
function assigneeOf(activity: Activity, text: string, self: Actor): Actor | undefined {
  if (/^me$/i.test(text)) return self;
  const mention = (activity.entities ?? []).find(
    (e) =>
      e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id !== activity.recipient?.id,
  ) as { mentioned?: { id?: string; name?: string; aadObjectId?: string } } | undefined;
  const mentioned = mention?.mentioned;
  if (mentioned?.id) {
    return {
      id: mentioned.id,
      name: mentioned.name ?? mentioned.id,
      ...(mentioned.aadObjectId ? { aadObjectId: mentioned.aadObjectId } : {}),
    };
  }
  const name = text.replace(/^@/, '').trim();
  return name ? { id: `name:${name}`, name } : undefined;
}
