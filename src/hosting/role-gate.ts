import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import {
  actionForCommand,
  authorizeWithGroups,
  changesState,
  GroupLookupError,
  groupLookupFailureText,
  NoGroupMembership,
  REQUIRED_ROLE,
  refusalText,
  type AccessPolicy,
  type AuditLog,
  type AuthorizationDecision,
  type GroupMembership,
  type Principal,
  type ProtectedAction,
} from '../authorization';
import type { Locale } from '../cards/card-data';
import type { Logger } from '../logging/logger';
import { answerLocale } from './turn-setting';
import { principalOfActivity } from './principal';

/** The action in the user's words, for "to <what> you need the responder role". */
const ACTION_WORDS: Readonly<Record<Locale, Readonly<Record<ProtectedAction, string>>>> = {
  en: {
    ask: 'ask about the logs',
    acknowledge: 'acknowledge an alert',
    assign: 'take an alert',
    snooze: 'snooze an alert',
    rediagnose: 'diagnose an alert again',
    resolve: 'resolve an alert',
    subscribe: 'subscribe a conversation to alerts',
    unsubscribe: 'unsubscribe a conversation from alerts',
  },
  ko: {
    ask: '로그 질문',
    acknowledge: '알림 확인',
    assign: '알림 담당',
    snooze: '알림 일시 중지',
    rediagnose: '알림 다시 진단',
    resolve: '알림 해결',
    subscribe: '대화 알림 구독',
    unsubscribe: '대화 알림 구독 해제',
  },
};

/** The `cmd` of a card button's data, when it has one (the payload is untrusted, so only a string counts). */
export function commandOfPayload(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const cmd: unknown = (payload as Record<string, unknown>)['cmd'];
  return typeof cmd === 'string' ? cmd : undefined;
}

/** The first word of a message without @mentions, lower-case: typed commands start with their verb. */
function firstWordOf(text: string | undefined): string | undefined {
  const word = (text ?? '')
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .trim()
    .split(/\s+/)[0]
    ?.toLowerCase();
  return word ? word : undefined;
}

function targetOfPayload(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as Record<string, unknown>;
  for (const key of ['incidentId', 'alertId', 'subscriptionId', 'setting']) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) return value.slice(0, 200);
  }
  return undefined;
}

/**
 * Roles on every command and every card button, for whoever the channel says sent it
 * (`from.aadObjectId`). Hosting asks before anything runs: with the typed command's verb once it
 * is recognized, and with a button's `cmd` as the client sent it (so a forged payload cannot
 * reach a handler its sender may not use). State-changing actions, allowed or refused, go to the
 * audit log.
 *
 * Group ids in the role lists count through `groupMembership` (ROLE_GROUP_LOOKUP=graph), asked only
 * when the object id alone does not give the role. When the directory cannot answer, the gate
 * refuses and says so (fail closed): a Graph outage never hands out a role.
 */
export class RoleGate implements Middleware {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly groupMembership: GroupMembership = new NoGroupMembership(),
    /** The user's `language ko|en` choice, so a refusal is in the language the bot answers them in. */
    private readonly userLanguage?: (context: TurnContext) => Promise<Locale | undefined>,
  ) {}

  /**
   * As middleware, ahead of the incident and subscription commands (which answer before the
   * bot's own handlers): a button's `cmd` and the first typed word decide. The bot checks its
   * recognized verbs again with {@link refusal}.
   */
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const isCardAction = activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action';
    if (activity.type !== ActivityTypes.Message && !isCardAction) {
      await next();
      return;
    }
    const payload: unknown = isCardAction
      ? (activity.value as { action?: { data?: unknown } } | undefined)?.action?.data
      : activity.value;
    const firstWord = isCardAction ? undefined : firstWordOf(activity.text);
    const chosen = await this.userLanguage?.(context).catch(() => undefined);
    const locale = answerLocale(activity, chosen);
    const refusal = await this.refusal(context, [commandOfPayload(payload), firstWord], locale, payload);
    if (refusal === undefined) {
      await next();
      return;
    }
    if (isCardAction) {
      await context.sendActivity({
        type: 'invokeResponse',
        value: {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: refusal },
        },
      });
    } else {
      await context.sendActivity(refusal);
    }
  }

  /**
   * Undefined when every named command is allowed; otherwise the refusal to show (en/ko), which
   * says which role is needed. `payload` is a card button's data when there is one.
   */
  async refusal(
    context: TurnContext,
    commands: readonly (string | undefined)[],
    locale: Locale,
    payload?: unknown,
  ): Promise<string | undefined> {
    const principal = principalOfActivity(context.activity);
    const actions = [...new Set(commands.filter((c): c is string => c !== undefined).map(actionForCommand))];
    for (const action of actions) {
      const outcome = await this.decide(principal, action);
      const decision = outcome.decision;
      if (changesState(action) || !decision.allowed) {
        const target = targetOfPayload(payload);
        await this.audit.record({
          at: this.clock(),
          actor: {
            ...(principal.objectId ? { objectId: principal.objectId } : {}),
            ...(principal.tenantId ? { tenantId: principal.tenantId } : {}),
            ...(principal.name ? { name: principal.name } : {}),
          },
          action,
          ...(target ? { target } : {}),
          where: {
            channelId: context.activity.channelId,
            conversationId: context.activity.conversation?.id,
            ...(context.activity.conversation?.conversationType
              ? { conversationType: context.activity.conversation.conversationType }
              : {}),
          },
          outcome: decision.allowed ? 'allowed' : 'denied',
          ...(outcome.lookupFailure
            ? {
                detail: `group-lookup-failed (${outcome.lookupFailure.failure}): needs ${REQUIRED_ROLE[action]}`,
              }
            : decision.allowed
              ? {}
              : { detail: `${decision.reason}: needs ${decision.neededRole}` }),
        });
      }
      if (outcome.lookupFailure) {
        this.logger.warn(
          {
            action,
            neededRole: REQUIRED_ROLE[action],
            fromObjectId: principal.objectId,
            failure: outcome.lookupFailure.failure,
            status: outcome.lookupFailure.status,
            err: outcome.lookupFailure,
          },
          'Refused a command: group membership could not be checked',
        );
        return groupLookupFailureText(
          outcome.lookupFailure.failure,
          REQUIRED_ROLE[action],
          ACTION_WORDS[locale][action],
          locale,
        );
      }
      if (!decision.allowed) {
        this.logger.info(
          {
            action,
            reason: decision.reason,
            neededRole: decision.neededRole,
            fromObjectId: principal.objectId,
          },
          'Refused a command for lack of a role',
        );
        return refusalText(
          decision,
          ACTION_WORDS[locale][action],
          locale,
          principal.objectId,
          // Without a directory to ask, a group id in the role list can never match: don't suggest one.
          !(this.groupMembership instanceof NoGroupMembership),
        );
      }
    }
    return undefined;
  }

  /** The decision, or the lookup failure that stopped it (then the decision is the object id's alone: a refusal). */
  private async decide(
    principal: Principal,
    action: ProtectedAction,
  ): Promise<{ decision: AuthorizationDecision; lookupFailure?: GroupLookupError }> {
    try {
      return { decision: await authorizeWithGroups(principal, action, this.policy, this.groupMembership) };
    } catch (error) {
      if (!(error instanceof GroupLookupError)) {
        this.logger.error({ err: error, action }, 'Group membership lookup failed unexpectedly');
      }
      const lookupFailure =
        error instanceof GroupLookupError
          ? error
          : new GroupLookupError(
              'unavailable',
              `Group lookup failed unexpectedly (${error instanceof Error ? error.name : typeof error})`,
            );
      return {
        decision: { allowed: false, reason: 'missing-role', neededRole: REQUIRED_ROLE[action] },
        lookupFailure,
      };
    }
  }
}
