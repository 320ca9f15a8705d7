import { ConfigError, readConfig } from '../../src/config/config';

const TENANT = 'AAAAAAAA-1111-2222-3333-444444444444';
const OTHER_TENANT = 'bbbbbbbb-1111-2222-3333-444444444444';
const USER = 'CCCCCCCC-1111-2222-3333-444444444444';
const GROUP = 'dddddddd-1111-2222-3333-444444444444';
const APP_ID = 'eeeeeeee-1111-2222-3333-444444444444';

const PRODUCTION = {
  NODE_ENV: 'production',
  MicrosoftAppId: APP_ID,
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: TENANT,
  ALLOWED_TENANT_IDS: TENANT,
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config: tenant allow-list and roles', () => {
  it('outside production lets any tenant in and gives everyone every role (local development, the Playground)', () => {
    expect(readConfig({}).authorization).toEqual({
      allowedTenantIds: [],
      roles: {
        reader: { everyone: true, ids: [] },
        responder: { everyone: true, ids: [] },
        admin: { everyone: true, ids: [] },
      },
      // ROLE_KQL unset: `kql` needs the responder role.
      grants: {},
      groupLookup: { kind: 'off' },
    });
  });

  it('refuses production without ALLOWED_TENANT_IDS', () => {
    const { ALLOWED_TENANT_IDS: _omitted, ...withoutTenants } = PRODUCTION;
    expect(problemsOf(withoutTenants).join('\n')).toMatch(
      /^ALLOWED_TENANT_IDS: required when NODE_ENV=production/m,
    );
  });

  it('in production: readers everyone in the allowed tenants, responders and admins nobody until named', () => {
    expect(readConfig(PRODUCTION).authorization).toEqual({
      allowedTenantIds: [TENANT.toLowerCase()],
      roles: {
        reader: { everyone: true, ids: [] },
        responder: { everyone: false, ids: [] },
        admin: { everyone: false, ids: [] },
      },
      grants: {},
      groupLookup: { kind: 'off' },
    });
  });

  it('reads comma lists and JSON arrays of object ids, lower-cased and de-duplicated; empty means the default', () => {
    const config = readConfig({
      ...PRODUCTION,
      ALLOWED_TENANT_IDS: ` ${TENANT}, ${OTHER_TENANT} `,
      ROLE_READERS: `${USER},${GROUP}`,
      ROLE_RESPONDERS: `["${USER}", "${USER.toLowerCase()}"]`,
      ROLE_ADMINS: '',
    });
    expect(config.authorization.allowedTenantIds).toEqual([TENANT.toLowerCase(), OTHER_TENANT]);
    expect(config.authorization.roles.reader).toEqual({ everyone: false, ids: [USER.toLowerCase(), GROUP] });
    expect(config.authorization.roles.responder).toEqual({ everyone: false, ids: [USER.toLowerCase()] });
    expect(config.authorization.roles.admin).toEqual({ everyone: false, ids: [] });
    expect(
      readConfig({ ...PRODUCTION, ROLE_RESPONDERS: `*, ${USER}` }).authorization.roles.responder,
    ).toEqual({
      everyone: true,
      ids: [USER.toLowerCase()],
    });
  });

  it.each([
    [
      { ALLOWED_TENANT_IDS: 'contoso.onmicrosoft.com' },
      'ALLOWED_TENANT_IDS: must be a comma-separated list of Entra tenant ids',
    ],
    [
      { ROLE_ADMINS: 'alice@contoso.com' },
      'ROLE_ADMINS: must be * (everyone in an allowed tenant) or Entra object ids',
    ],
    [{ ROLE_RESPONDERS: `[${USER}]` }, 'ROLE_RESPONDERS: must be *'],
    [{ ROLE_READERS: '{"users":[]}' }, 'ROLE_READERS: must be *'],
  ])('rejects %j naming the variable and the bad entry', (env, expected) => {
    expect(problemsOf({ ...PRODUCTION, ...env }).join('\n')).toContain(expected);
  });

  it('names the offending entry', () => {
    expect(problemsOf({ ROLE_ADMINS: `${USER}, alice@contoso.com` }).join('\n')).toContain(
      'not valid: alice@contoso.com',
    );
  });
});

describe('config: secure webhook (Entra ID bearer on /api/alerts)', () => {
  it('takes the audiences, the tenant (default MicrosoftAppTenantId) and the role (default ActionGroupsSecureWebhook)', () => {
    expect(
      readConfig({
        ALERT_WEBHOOK_AUDIENCE: 'api://alerts, 11111111-2222-3333-4444-555555555555',
        MicrosoftAppTenantId: TENANT,
      }).alerts.entra,
    ).toEqual({
      tenantId: TENANT,
      audiences: ['api://alerts', '11111111-2222-3333-4444-555555555555'],
      requiredRole: 'ActionGroupsSecureWebhook',
    });
    expect(readConfig({}).alerts.entra).toBeUndefined();
  });

  it('needs a tenant to know whose tokens to trust', () => {
    expect(problemsOf({ ALERT_WEBHOOK_AUDIENCE: 'api://alerts' }).join('\n')).toContain(
      'ALERT_WEBHOOK_TENANT_ID: required with ALERT_WEBHOOK_AUDIENCE',
    );
  });
});

const MSI_CLIENT_ID = APP_ID;
const OTHER_CLIENT_ID = 'ffffffff-1111-2222-3333-444444444444';

describe('config: ROLE_GROUP_LOOKUP (group ids in the role lists)', () => {
  it('is off unless asked for, also when the setting is empty (a template passes it always)', () => {
    expect(readConfig({}).authorization.groupLookup).toEqual({ kind: 'off' });
    expect(readConfig({ ROLE_GROUP_LOOKUP: '' }).authorization.groupLookup).toEqual({ kind: 'off' });
    expect(readConfig({ ROLE_GROUP_LOOKUP: 'off' }).authorization.groupLookup).toEqual({ kind: 'off' });
  });

  it('graph: asks as MANAGED_IDENTITY_CLIENT_ID when set, else as a UserAssignedMSI bot, else the default chain', () => {
    expect(
      readConfig({ ROLE_GROUP_LOOKUP: ' Graph ', MANAGED_IDENTITY_CLIENT_ID: OTHER_CLIENT_ID }).authorization
        .groupLookup,
    ).toEqual({ kind: 'graph', managedIdentityClientId: OTHER_CLIENT_ID });
    expect(
      readConfig({
        ROLE_GROUP_LOOKUP: 'graph',
        MicrosoftAppId: MSI_CLIENT_ID,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: OTHER_CLIENT_ID,
      }).authorization.groupLookup,
    ).toEqual({ kind: 'graph', managedIdentityClientId: MSI_CLIENT_ID });
    expect(readConfig({ ROLE_GROUP_LOOKUP: 'graph' }).authorization.groupLookup).toEqual({ kind: 'graph' });
  });

  it('rejects anything else, naming the variable and the allowed values', () => {
    expect(problemsOf({ ROLE_GROUP_LOOKUP: 'on' })).toEqual(['ROLE_GROUP_LOOKUP: must be one of off, graph']);
  });
});
