/**
 * ROLE_KQL: who may run `kql`. Unset, the responder role; `*`, every reader; ids (users or groups),
 * those readers and the admins. Read through the real config reader, decided by the real policy.
 */
import {
  authorize,
  authorizeWithGroups,
  groupCandidates,
  isAudited,
  PERMISSIONS,
  refusalText,
  type AccessPolicy,
  type GroupMembership,
} from '../../src/authorization';
import { readConfig } from '../../src/config/config';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const READER = '10000000-0000-0000-0000-000000000001';
const RESPONDER = '10000000-0000-0000-0000-000000000002';
const ADMIN = '10000000-0000-0000-0000-000000000003';
const ANALYST = '10000000-0000-0000-0000-000000000004';
const STRANGER = '10000000-0000-0000-0000-000000000009';
const ANALYSTS_GROUP = '20000000-0000-0000-0000-000000000007';

function policyWith(roleKql?: string): AccessPolicy {
  return readConfig({
    NODE_ENV: 'production',
    MicrosoftAppId: '30000000-0000-0000-0000-000000000001',
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: TENANT,
    ALLOWED_TENANT_IDS: TENANT,
    ROLE_READERS: `${READER},${ANALYST},${ANALYSTS_GROUP}`,
    ROLE_RESPONDERS: RESPONDER,
    ROLE_ADMINS: ADMIN,
    ...(roleKql !== undefined ? { ROLE_KQL: roleKql } : {}),
  }).authorization;
}

const may = (objectId: string, policy: AccessPolicy) =>
  authorize({ objectId, tenantId: TENANT }, PERMISSIONS.runQuery, policy).allowed;

describe('ROLE_KQL', () => {
  it('unset (or empty): the responder role, readers refused', () => {
    for (const policy of [policyWith(), policyWith('')]) {
      expect([READER, RESPONDER, ADMIN].map((id) => may(id, policy))).toEqual([false, true, true]);
    }
    const refused = authorize({ objectId: READER, tenantId: TENANT }, PERMISSIONS.runQuery, policyWith());
    expect(refused).toMatchObject({ allowed: false, neededRole: 'responder' });
  });

  it('`*`: every reader, still nobody without a role', () => {
    const policy = policyWith('*');
    expect([READER, RESPONDER, ADMIN, STRANGER].map((id) => may(id, policy))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('ids: only those (and admins); a listed responder is not needed, an unlisted one is refused', () => {
    const policy = policyWith(ANALYST.toUpperCase());
    expect([ANALYST, READER, RESPONDER, ADMIN].map((id) => may(id, policy))).toEqual([
      true,
      false,
      false,
      true,
    ]);
    const refused = authorize({ objectId: RESPONDER, tenantId: TENANT }, PERMISSIONS.runQuery, policy);
    if (refused.allowed) throw new Error('expected a refusal');
    expect(refused.grantSetting).toBe('ROLE_KQL');
    expect(refusalText(refused, PERMISSIONS.runQuery.words.en, 'en', RESPONDER)).toBe(
      `Sorry, only people a bot admin allows in ROLE_KQL may run a KQL query. Ask a bot admin to add your Entra object id (${RESPONDER}) to ROLE_KQL.`,
    );
    expect(refusalText(refused, PERMISSIONS.runQuery.words.ko, 'ko', RESPONDER)).toContain('ROLE_KQL');
  });

  it('counts a group in ROLE_KQL through the directory', async () => {
    const policy = policyWith(ANALYSTS_GROUP);
    expect(groupCandidates({ objectId: READER }, policy)).toContain(ANALYSTS_GROUP);
    const directory: GroupMembership = {
      memberGroupsOf: async (_id, candidates) => candidates.filter((c) => c === ANALYSTS_GROUP),
    };
    const decision = await authorizeWithGroups(
      { objectId: READER, tenantId: TENANT },
      PERMISSIONS.runQuery,
      policy,
      directory,
    );
    expect(decision.allowed).toBe(true);
  });

  it('refuses a setting that is neither * nor GUIDs', () => {
    expect(() => policyWith('responders')).toThrow(/ROLE_KQL/);
  });

  it('is audited although it changes nothing', () => {
    expect(PERMISSIONS.runQuery.changesState).toBe(false);
    expect(isAudited(PERMISSIONS.runQuery)).toBe(true);
    expect(isAudited(PERMISSIONS.ask)).toBe(false);
  });
});
