import { ConfigError, readConfig } from '../../src/config/config';

const MSI_CLIENT_ID = 'eeeeeeee-1111-2222-3333-444444444444';
const OTHER_CLIENT_ID = 'ffffffff-1111-2222-3333-444444444444';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config: ROLE_GROUP_LOOKUP (group ids in the role lists)', () => {
  it('is off unless asked for, also when the setting is empty (a template passes it always)', () => {
    expect(readConfig({}).roleGroupLookup).toEqual({ kind: 'off' });
    expect(readConfig({ ROLE_GROUP_LOOKUP: '' }).roleGroupLookup).toEqual({ kind: 'off' });
    expect(readConfig({ ROLE_GROUP_LOOKUP: 'off' }).roleGroupLookup).toEqual({ kind: 'off' });
  });

  it('graph: asks as MANAGED_IDENTITY_CLIENT_ID when set, else as a UserAssignedMSI bot, else the default chain', () => {
    expect(
      readConfig({ ROLE_GROUP_LOOKUP: ' Graph ', MANAGED_IDENTITY_CLIENT_ID: OTHER_CLIENT_ID })
        .roleGroupLookup,
    ).toEqual({ kind: 'graph', managedIdentityClientId: OTHER_CLIENT_ID });
    expect(
      readConfig({
        ROLE_GROUP_LOOKUP: 'graph',
        MicrosoftAppId: MSI_CLIENT_ID,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: OTHER_CLIENT_ID,
      }).roleGroupLookup,
    ).toEqual({ kind: 'graph', managedIdentityClientId: MSI_CLIENT_ID });
    expect(readConfig({ ROLE_GROUP_LOOKUP: 'graph' }).roleGroupLookup).toEqual({ kind: 'graph' });
  });

  it('rejects anything else, naming the variable and the allowed values', () => {
    expect(problemsOf({ ROLE_GROUP_LOOKUP: 'on' })).toEqual(['ROLE_GROUP_LOOKUP: must be one of off, graph']);
  });
});
