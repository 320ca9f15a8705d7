import { z } from 'zod';
import { botSection } from './bot-config';
import { logsSection } from './logs-config';
import { commaList, GUID } from './rules';
import { configSection } from './section';

/** A role's holders: `*` (everyone in an allowed tenant) and/or Entra object ids of users or groups. */
export interface PrincipalListSetting {
  readonly everyone: boolean;
  readonly ids: readonly string[];
}

/**
 * Who may use the bot (src/authorization/ checks it). Defaults: any tenant outside production;
 * readers everyone; responders and admins everyone outside production, nobody in production.
 */
export interface AuthorizationConfig {
  /** Lower-case; empty means any tenant (refused in production). */
  readonly allowedTenantIds: readonly string[];
  readonly roles: {
    readonly reader: PrincipalListSetting;
    readonly responder: PrincipalListSetting;
    readonly admin: PrincipalListSetting;
  };
  /**
   * Permissions an admin grants by their own setting: ROLE_KQL (`*` or ids) → `runQuery`. Unset,
   * the permission's role decides (`kql`: responders).
   */
  readonly grants: { readonly runQuery?: PrincipalListSetting };
  /**
   * How group ids in the role lists are matched (Teams sends only the user's object id): `off`, no
   * group ever matches; `graph`, Microsoft Graph `checkMemberGroups` as the bot's managed identity
   * (MANAGED_IDENTITY_CLIENT_ID, else the app id of a UserAssignedMSI bot; without either the
   * default Azure credential chain, e.g. `az login` on a laptop), answers cached for 5 minutes.
   */
  readonly groupLookup:
    { readonly kind: 'off' } | { readonly kind: 'graph'; readonly managedIdentityClientId?: string };
}

const PRINCIPAL_LIST_RULE =
  'must be * (everyone in an allowed tenant) or Entra object ids of users or groups (GUIDs), as a comma list or a JSON array';

// Unset or empty stays undefined so the default can depend on NODE_ENV (and an ARM template can
// always pass the setting, empty when the operator chose nothing).
const principalList = z
  .string()
  .optional()
  .transform((text, ctx): PrincipalListSetting | undefined => {
    const trimmed = (text ?? '').trim();
    if (trimmed === '') return undefined;
    let entries: unknown;
    if (trimmed.startsWith('[')) {
      try {
        entries = JSON.parse(trimmed) as unknown;
      } catch {
        entries = undefined;
      }
    } else {
      entries = trimmed.split(',').map((entry) => entry.trim());
    }
    if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string')) {
      ctx.addIssue({ code: 'custom', message: PRINCIPAL_LIST_RULE });
      return z.NEVER;
    }
    const present = (entries as string[]).map((entry) => entry.trim()).filter((entry) => entry !== '');
    const bad = present.filter((entry) => entry !== '*' && !GUID.test(entry));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `${PRINCIPAL_LIST_RULE}; not valid: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return {
      everyone: present.includes('*'),
      ids: [...new Set(present.filter((entry) => entry !== '*').map((entry) => entry.toLowerCase()))],
    };
  });

const tenantIdList = commaList.refine(
  (ids) => ids.every((id) => GUID.test(id)),
  'must be a comma-separated list of Entra tenant ids (GUIDs)',
);

const EVERYONE: PrincipalListSetting = { everyone: true, ids: [] };
const NOBODY: PrincipalListSetting = { everyone: false, ids: [] };

/** ALLOWED_TENANT_IDS, ROLE_* (ROLE_KQL too) and ROLE_GROUP_LOOKUP; the group lookup signs in as the bot's own identity. */
export const authorizationSection = configSection({
  variables: {
    MicrosoftAppId: botSection.variables.MicrosoftAppId,
    MicrosoftAppType: botSection.variables.MicrosoftAppType,
    MANAGED_IDENTITY_CLIENT_ID: logsSection.variables.MANAGED_IDENTITY_CLIENT_ID,
    ALLOWED_TENANT_IDS: tenantIdList,
    ROLE_READERS: principalList,
    ROLE_RESPONDERS: principalList,
    ROLE_ADMINS: principalList,
    ROLE_KQL: principalList,
    // Empty counts as unset, so a template can always pass the setting.
    ROLE_GROUP_LOOKUP: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .transform((v) => (v ? v : 'off'))
      .pipe(z.enum(['off', 'graph'], { error: 'must be one of off, graph' })),
  },
  read: (e, { production, problems }): AuthorizationConfig => {
    if (production && e.ALLOWED_TENANT_IDS.length === 0) {
      problems.push(
        'ALLOWED_TENANT_IDS: required when NODE_ENV=production (otherwise anyone in any organization who can reach the bot may use it); set it to your Entra tenant id, or a comma list of tenant ids',
      );
    }
    // Graph as the bot itself: its managed identity (MANAGED_IDENTITY_CLIENT_ID, else a UserAssignedMSI bot's app id).
    const graphClientId =
      e.MANAGED_IDENTITY_CLIENT_ID ??
      (e.MicrosoftAppType === 'UserAssignedMSI' ? e.MicrosoftAppId : undefined);
    return {
      allowedTenantIds: e.ALLOWED_TENANT_IDS.map((id) => id.toLowerCase()),
      roles: {
        reader: e.ROLE_READERS ?? EVERYONE,
        responder: e.ROLE_RESPONDERS ?? (production ? NOBODY : EVERYONE),
        admin: e.ROLE_ADMINS ?? (production ? NOBODY : EVERYONE),
      },
      grants: e.ROLE_KQL ? { runQuery: e.ROLE_KQL } : {},
      groupLookup:
        e.ROLE_GROUP_LOOKUP === 'graph'
          ? { kind: 'graph', ...(graphClientId ? { managedIdentityClientId: graphClientId } : {}) }
          : { kind: 'off' },
    };
  },
});
