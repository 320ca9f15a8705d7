import { VERB_REGISTRY } from '../../src/conversation/verb-table';
import fc from 'fast-check';
import {
  authorize,
  checkTenant,
  highestRole,
  refusalText,
  REQUIRED_ROLE,
  ROLES,
  roleIncludes,
  tenantRefusalText,
  type AccessPolicy,
  type ProtectedAction,
} from '../../src/authorization';
import { readConfig } from '../../src/config/config';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const FOREIGN_TENANT = 'ffffffff-1111-2222-3333-444444444444';
const READER = '10000000-0000-0000-0000-000000000001';
const RESPONDER = '10000000-0000-0000-0000-000000000002';
const ADMIN = '10000000-0000-0000-0000-000000000003';
const ONCALL_GROUP = '20000000-0000-0000-0000-000000000001';

/** The policy as a tenant admin would configure it, through the real config reader. */
const policy: AccessPolicy = readConfig({
  NODE_ENV: 'production',
  MicrosoftAppId: '30000000-0000-0000-0000-000000000001',
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: TENANT,
  ALLOWED_TENANT_IDS: TENANT.toUpperCase(),
  ROLE_RESPONDERS: `${RESPONDER},${ONCALL_GROUP}`,
  ROLE_ADMINS: ADMIN.toUpperCase(),
}).authorization;

describe('authorization: tenant allow-list', () => {
  it('lets the allowed tenant in, case-insensitively, and refuses others and a missing tenant', () => {
    expect(checkTenant(TENANT, policy)).toEqual({ allowed: true });
    expect(checkTenant(TENANT.toUpperCase(), policy)).toEqual({ allowed: true });
    expect(checkTenant(FOREIGN_TENANT, policy)).toEqual({ allowed: false, reason: 'tenant-not-allowed' });
    expect(checkTenant(undefined, policy)).toEqual({ allowed: false, reason: 'no-tenant' });
  });

  it('with an empty allow-list (development) lets any tenant in', () => {
    expect(checkTenant(FOREIGN_TENANT, { ...policy, allowedTenantIds: [] })).toEqual({ allowed: true });
  });

  it('gives a principal from a foreign tenant no role, even an admin object id', () => {
    expect(authorize({ objectId: ADMIN, tenantId: FOREIGN_TENANT }, 'ask', policy)).toEqual({
      allowed: false,
      reason: 'tenant-not-allowed',
      neededRole: 'reader',
    });
  });
});

describe('authorization: roles', () => {
  it('nests the roles: admin ⊇ responder ⊇ reader', () => {
    expect(ROLES.filter((held) => roleIncludes(held, 'responder'))).toEqual(['responder', 'admin']);
    expect(roleIncludes('reader', 'admin')).toBe(false);
  });

  it.each<[string, string | undefined, ProtectedAction, boolean]>([
    ['a reader asks', READER, 'ask', true],
    ['a reader acknowledges', READER, 'acknowledge', false],
    ['a responder resolves', RESPONDER, 'resolve', true],
    ['a responder subscribes a channel', RESPONDER, 'subscribe', false],
    ['an admin subscribes a channel', ADMIN, 'subscribe', true],
    ['an admin acknowledges', ADMIN, 'acknowledge', true],
    ['someone without an object id asks', undefined, 'ask', true],
    ['someone without an object id acknowledges', undefined, 'acknowledge', false],
  ])('%s → %s', (_name, objectId, action, allowed) => {
    const decision = authorize({ ...(objectId ? { objectId } : {}), tenantId: TENANT }, action, policy);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed)
      expect(decision).toMatchObject({ reason: 'missing-role', neededRole: REQUIRED_ROLE[action] });
  });

  it('grants a role through a group the user is in', () => {
    expect(highestRole({ objectId: READER, groupIds: [ONCALL_GROUP.toUpperCase()] }, policy)).toBe(
      'responder',
    );
  });

  it('decides on object ids only: a display name that looks like an admin id gets nothing extra', () => {
    expect(highestRole({ name: ADMIN, tenantId: TENANT }, policy)).toBe('reader');
  });

  it('never gives more than the named role, whatever ids a client makes up', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.array(fc.uuid(), { maxLength: 5 }), (objectId, groupIds) => {
        fc.pre(![RESPONDER, ADMIN, ONCALL_GROUP].includes(objectId));
        fc.pre(!groupIds.some((id) => [RESPONDER, ADMIN, ONCALL_GROUP].includes(id)));
        return highestRole({ objectId, groupIds, tenantId: TENANT }, policy) === 'reader';
      }),
    );
  });
});

describe('authorization: the verbs of the registry declare their roles', () => {
  it('gives the state-changing verbs (typed and button-only) the responder and admin roles', () => {
    const roleOf = (verb: string) => VERB_REGISTRY.find(verb)?.permission.role;
    expect(roleOf('ack')).toBe('responder');
    expect(roleOf('resolve')).toBe('responder');
    expect(roleOf('assign-me')).toBe('responder');
    expect(roleOf('snooze')).toBe('responder');
    expect(roleOf('rediagnose')).toBe('responder');
    expect(roleOf('subscribe')).toBe('admin');
    expect(roleOf('unsubscribe')).toBe('admin');
    expect(roleOf('diagnose')).toBe('reader');
    expect(roleOf('incident')).toBe('reader');
  });

  it('does not let an inherited property name pick a verb', () => {
    expect(VERB_REGISTRY.find('__proto__')).toBeUndefined();
    expect(VERB_REGISTRY.find('constructor')).toBeUndefined();
    expect(VERB_REGISTRY.parseButton({ cmd: 'toString' }, new Date())).toEqual({ kind: 'unknown' });
  });
});

describe('authorization: refusal texts', () => {
  it('say which role is needed and which setting grants it, in English and Korean', () => {
    const decision = authorize({ objectId: READER, tenantId: TENANT }, 'acknowledge', policy);
    if (decision.allowed) throw new Error('expected a refusal');
    expect(refusalText(decision, 'acknowledge this alert', 'en', READER)).toBe(
      `Sorry, to acknowledge this alert you need the responder role in this bot. Ask a bot admin to add your Entra object id (${READER}) to ROLE_RESPONDERS.`,
    );
    // A group is only worth suggesting when groups are looked up (ROLE_GROUP_LOOKUP=graph).
    expect(refusalText(decision, 'acknowledge this alert', 'en', READER, true)).toBe(
      `Sorry, to acknowledge this alert you need the responder role in this bot. Ask a bot admin to add your Entra object id (${READER}) or one of your groups to ROLE_RESPONDERS.`,
    );
    expect(refusalText(decision, '이 알림 확인', 'ko', READER, true)).toContain('속한 그룹');
    const korean = refusalText(decision, '이 알림 확인', 'ko', READER);
    expect(korean).toContain('대응(responder)');
    expect(korean).toContain('ROLE_RESPONDERS');
    expect(korean).toContain(READER);
    expect(korean).not.toContain('그룹');
  });

  it('refuse a foreign tenant without naming the allowed tenants', () => {
    const decision = authorize({ objectId: READER, tenantId: FOREIGN_TENANT }, 'ask', policy);
    if (decision.allowed) throw new Error('expected a refusal');
    for (const locale of ['en', 'ko'] as const) {
      const text = refusalText(decision, 'ask', locale, READER);
      expect(text).toBe(tenantRefusalText(locale));
      expect(text).not.toContain(TENANT);
    }
    expect(tenantRefusalText('ko')).toMatch(/조직/);
  });
});
