import type { TurnContext } from 'botbuilder';
import {
  authorizeWithGroups,
  GroupLookupError,
  groupLookupFailureText,
  isAudited,
  NoGroupMembership,
  refusalText,
  type AccessPolicy,
  type AuditLog,
  type AuthorizationDecision,
  type GroupMembership,
  type Permission,
  type Principal,
} from '../authorization';
import type { Locale } from '../cards/card-data';
import type { Logger } from '../logging/logger';
import { principalOfActivity } from './principal';

/**
 * Roles on every command and every card button, for whoever the channel says sent it
 * (`from.aadObjectId`). The bot asks once per turn, with the permission of the command the
 * registry recognized — typed, or from a button's zod-checked data, so a forged payload cannot
 * reach a handler its sender may not use. State-changing actions (and audited reads such as `kql`),
 * allowed or refused, go to the audit log.
 *
 * Group ids in the role lists count through `groupMembership` (ROLE_GROUP_LOOKUP=graph), asked only
 * when the object id alone does not give the role. When the directory cannot answer, the gate
 * refuses and says so (fail closed): a Graph outage never hands out a role.
 */
export class RoleGate {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly groupMembership: GroupMembership = new NoGroupMembership(),
  ) {}

  /**
   * Undefined when `permission` is granted; otherwise the refusal to show (en/ko), which says
   * which role is needed. `target` is what the audit entry names (e.g. the incident id).
   */
  async refusal(
    context: TurnContext,
    permission: Permission,
    locale: Locale,
    target?: string,
  ): Promise<string | undefined> {
    const principal = principalOfActivity(context.activity);
    const { action, role } = permission;
    const words = permission.words[locale];
    const outcome = await this.decide(principal, permission);
    const decision = outcome.decision;
    if (isAudited(permission) || !decision.allowed) {
      await this.audit.record({
        at: this.clock(),
        actor: {
          ...(principal.objectId ? { objectId: principal.objectId } : {}),
          ...(principal.tenantId ? { tenantId: principal.tenantId } : {}),
          ...(principal.name ? { name: principal.name } : {}),
        },
        action,
        ...(target ? { target: target.slice(0, 200) } : {}),
        where: {
          channelId: context.activity.channelId,
          conversationId: context.activity.conversation?.id,
          ...(context.activity.conversation?.conversationType
            ? { conversationType: context.activity.conversation.conversationType }
            : {}),
        },
        outcome: decision.allowed ? 'allowed' : 'denied',
        ...(outcome.lookupFailure
          ? { detail: `group-lookup-failed (${outcome.lookupFailure.failure}): needs ${role}` }
          : decision.allowed
            ? {}
            : { detail: `${decision.reason}: needs ${decision.neededRole}` }),
      });
    }
    if (outcome.lookupFailure) {
      this.logger.warn(
        {
          action,
          neededRole: role,
          fromObjectId: principal.objectId,
          failure: outcome.lookupFailure.failure,
          status: outcome.lookupFailure.status,
          err: outcome.lookupFailure,
        },
        'Refused a command: group membership could not be checked',
      );
      return groupLookupFailureText(outcome.lookupFailure.failure, role, words, locale);
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
        words,
        locale,
        principal.objectId,
        // Without a directory to ask, a group id in the role list can never match: don't suggest one.
        !(this.groupMembership instanceof NoGroupMembership),
      );
    }
    return undefined;
  }

  /** The decision, or the lookup failure that stopped it (then the decision is the object id's alone: a refusal). */
  private async decide(
    principal: Principal,
    permission: Permission,
  ): Promise<{ decision: AuthorizationDecision; lookupFailure?: GroupLookupError }> {
    try {
      return {
        decision: await authorizeWithGroups(principal, permission, this.policy, this.groupMembership),
      };
    } catch (error) {
      if (!(error instanceof GroupLookupError)) {
        this.logger.error(
          { err: error, action: permission.action },
          'Group membership lookup failed unexpectedly',
        );
      }
      const lookupFailure =
        error instanceof GroupLookupError
          ? error
          : new GroupLookupError(
              'unavailable',
              `Group lookup failed unexpectedly (${error instanceof Error ? error.name : typeof error})`,
            );
      return {
        decision: { allowed: false, reason: 'missing-role', neededRole: permission.role },
        lookupFailure,
      };
    }
  }
}
