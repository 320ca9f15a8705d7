import { authorize, type AccessPolicy, type AuthorizationDecision, type Principal } from './access-policy';
import { normalizeCandidates, type GroupMembership } from './group-membership';
import type { Permission, ProtectedAction } from './protected-actions';
import { ROLES } from './roles';

/**
 * The ids worth asking the directory about for this principal: every id in every role list (and
 * every grant list, e.g. ROLE_KQL) but the principal's own. All roles at once, so one lookup (then cached) answers every later action too.
 */
export function groupCandidates(principal: Principal, policy: AccessPolicy): string[] {
  if (!principal.objectId) return [];
  return normalizeCandidates(principal.objectId, [
    ...ROLES.flatMap((role) => policy.roles[role].ids),
    ...Object.values(policy.grants ?? {}).flatMap((grant) => grant?.ids ?? []),
  ]);
}

/**
 * {@link authorize}, with group ids from the role lists resolved when the object id alone is not
 * enough. The common cases (the role is `*`, or the user is listed by id, or a foreign tenant)
 * decide without asking the directory. A failed lookup throws `GroupLookupError` from the
 * membership: the caller refuses (fail closed) and says why.
 */
export async function authorizeWithGroups(
  principal: Principal,
  action: ProtectedAction | Permission,
  policy: AccessPolicy,
  membership: GroupMembership,
): Promise<AuthorizationDecision> {
  const decision = authorize(principal, action, policy);
  if (decision.allowed || decision.reason !== 'missing-role' || !principal.objectId) return decision;
  const candidates = groupCandidates(principal, policy);
  if (candidates.length === 0) return decision;
  const groupIds = await membership.memberGroupsOf(principal.objectId, candidates);
  if (groupIds.length === 0) return decision;
  return authorize({ ...principal, groupIds: [...(principal.groupIds ?? []), ...groupIds] }, action, policy);
}
