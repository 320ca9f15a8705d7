import { PERMISSIONS, type Permission, type ProtectedAction } from './protected-actions';
import { ROLES, roleIncludes, type Role } from './roles';

/** Who holds one role: everyone (in an allowed tenant), and/or these Entra object ids (users or groups). */
export interface PrincipalList {
  readonly everyone: boolean;
  /** Lower-case GUIDs. Entra object ids are unique across users and groups, so one list serves both. */
  readonly ids: readonly string[];
}

/**
 * The bot's whole authorization configuration (from `readConfig`: ALLOWED_TENANT_IDS, ROLE_READERS,
 * ROLE_RESPONDERS, ROLE_ADMINS). One value, passed to the one place that checks it.
 */
export interface AccessPolicy {
  /** Lower-case tenant ids; empty means any tenant (local development only; config refuses it in production). */
  readonly allowedTenantIds: readonly string[];
  readonly roles: Readonly<Record<Role, PrincipalList>>;
  /**
   * Permissions granted by their own setting instead of their role (ROLE_KQL → `runQuery`), keyed
   * by the permission's `action`; absent or unset, the permission's role decides.
   */
  readonly grants?: Readonly<Partial<Record<string, PrincipalList>>>;
}

/**
 * Who is asking, as the channel vouched for it: `from.aadObjectId` and the tenant of the activity,
 * never a display name. Group ids only when something resolved them (Teams does not send them).
 */
export interface Principal {
  readonly objectId?: string;
  readonly tenantId?: string;
  readonly groupIds?: readonly string[];
  /** For audit entries and messages only; never used to decide. */
  readonly name?: string;
}

export type TenantDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'no-tenant' | 'tenant-not-allowed' };

export type AuthorizationDecision =
  | { readonly allowed: true; readonly role: Role }
  | {
      readonly allowed: false;
      readonly reason: 'no-tenant' | 'tenant-not-allowed' | 'missing-role';
      readonly neededRole: Role;
      readonly heldRole?: Role;
      /** The permission is granted by this setting (e.g. `ROLE_KQL`), which does not list the principal. */
      readonly grantSetting?: string;
    };

/** Is this tenant one the bot serves? Case-insensitive; a missing tenant only passes when any tenant may. */
export function checkTenant(
  tenantId: string | undefined,
  policy: Pick<AccessPolicy, 'allowedTenantIds'>,
): TenantDecision {
  if (policy.allowedTenantIds.length === 0) return { allowed: true };
  if (!tenantId) return { allowed: false, reason: 'no-tenant' };
  return policy.allowedTenantIds.includes(tenantId.toLowerCase())
    ? { allowed: true }
    : { allowed: false, reason: 'tenant-not-allowed' };
}

/** The highest role the principal holds, or undefined for none. Ignores the tenant (see {@link authorize}). */
export function highestRole(principal: Principal, policy: AccessPolicy): Role | undefined {
  const ids = idsOf(principal);
  let highest: Role | undefined;
  for (const role of ROLES) {
    const holders = policy.roles[role];
    if (holders.everyone || holders.ids.some((id) => ids.has(id))) highest = role;
  }
  return highest;
}

/** The principal's own ids (object id and resolved groups), lower-case. */
function idsOf(principal: Principal): Set<string> {
  return new Set(
    [principal.objectId, ...(principal.groupIds ?? [])]
      .filter((id): id is string => typeof id === 'string' && id.length > 0)
      .map((id) => id.toLowerCase()),
  );
}

/**
 * May this principal do this? Tenant first (a foreign tenant holds no role), then role. A
 * permission its setting grants (ROLE_KQL set) needs the reader role and a place in that list;
 * admins hold it regardless, since they could change the list anyway.
 */
export function authorize(
  principal: Principal,
  action: ProtectedAction | Permission,
  policy: AccessPolicy,
): AuthorizationDecision {
  const permission: Permission = typeof action === 'string' ? PERMISSIONS[action] : action;
  const neededRole = permission.role;
  const tenant = checkTenant(principal.tenantId, policy);
  if (!tenant.allowed) return { allowed: false, reason: tenant.reason, neededRole };
  const held = highestRole(principal, policy);
  const grant = permission.grantSetting ? policy.grants?.[permission.action] : undefined;
  if (grant && permission.grantSetting) {
    const ids = idsOf(principal);
    const listed = grant.everyone || grant.ids.some((id) => ids.has(id));
    if (held !== undefined && (listed || held === 'admin')) return { allowed: true, role: held };
    return {
      allowed: false,
      reason: 'missing-role',
      neededRole: held === undefined ? 'reader' : neededRole,
      ...(held ? { heldRole: held } : {}),
      ...(held !== undefined ? { grantSetting: permission.grantSetting } : {}),
    };
  }
  if (held !== undefined && roleIncludes(held, neededRole)) return { allowed: true, role: held };
  return { allowed: false, reason: 'missing-role', neededRole, ...(held ? { heldRole: held } : {}) };
}
