import { ConfigError, readConfig } from '../../src/config/config';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = '66666666-7777-8888-9999-000000000000';
const WORKSPACE = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function problemsOf(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected readConfig to fail');
}

describe('readConfig', () => {
  it('runs on the embedded default with no settings at all', () => {
    const config = readConfig({});
    expect(config.server).toEqual({ port: 3978, host: '127.0.0.1' });
    expect(config.bot.appId).toBe('');
    expect(config.logs).toEqual({
      backend: 'local',
      paths: [],
      demoDataDir: '.cache/demo',
      engineWorkers: 'auto',
    });
    expect(config.hubs).toEqual([]);
  });

  it('runs the embedded engine in worker threads as the cores allow, in-process under NODE_ENV=test, as ENGINE_WORKERS says', () => {
    expect(readConfig({ NODE_ENV: 'test' }).logs).toMatchObject({ engineWorkers: 0 });
    expect(readConfig({ NODE_ENV: 'development' }).logs).toMatchObject({ engineWorkers: 'auto' });
    expect(readConfig({ NODE_ENV: 'test', ENGINE_WORKERS: 'auto' }).logs).toMatchObject({
      engineWorkers: 'auto',
    });
    expect(readConfig({ NODE_ENV: 'test', ENGINE_WORKERS: '3' }).logs).toMatchObject({ engineWorkers: 3 });
    expect(() => readConfig({ ENGINE_WORKERS: 'many' })).toThrow(
      'ENGINE_WORKERS: must be auto or a whole number from 0 (in-process) to 8',
    );
  });

  it('chooses Log Analytics when a workspace id is set', () => {
    const config = readConfig({ LOG_ANALYTICS_WORKSPACE_ID: WORKSPACE, MANAGED_IDENTITY_CLIENT_ID: APP_ID });
    expect(config.logs).toEqual({
      backend: 'azure',
      workspaceId: WORKSPACE,
      managedIdentityClientId: APP_ID,
    });
  });

  it('splits LOCAL_LOGS_PATH on commas', () => {
    const config = readConfig({ LOCAL_LOGS_PATH: ' ./a.json, ./logs/ ,' });
    expect(config.logs).toMatchObject({ backend: 'local', paths: ['./a.json', './logs/'] });
  });

  it('binds all interfaces in production (App Service) and loopback elsewhere', () => {
    const production = readConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: APP_ID,
      ALLOWED_TENANT_IDS: APP_ID,
    });
    expect(production.server.host).toBe('0.0.0.0');
    expect(readConfig({ HOST: '0.0.0.0' }).server.host).toBe('0.0.0.0');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a whole number between 0 and 65535 (0 picks a free port)'],
    [{ PORT: '70000' }, 'PORT: must be a whole number between 0 and 65535 (0 picks a free port)'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId: must be a GUID'],
    [
      { MicrosoftAppType: 'Multi' },
      'MicrosoftAppType: must be one of MultiTenant, SingleTenant, UserAssignedMSI',
    ],
    [{ LOG_ANALYTICS_WORKSPACE_ID: 'workspace-1' }, 'LOG_ANALYTICS_WORKSPACE_ID: must be a GUID'],
    [
      { LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: '/subscriptions/x' },
      'LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: must be the workspace ARM id',
    ],
    [{ IOT_HUBS: 'my-hub' }, 'IOT_HUBS: must be JSON'],
    [
      { IOT_HUBS: '[{"name":"h","workspaceId":"nope"}]' },
      'IOT_HUBS.0.workspaceId: must be a Log Analytics workspace id',
    ],
    [{ MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword: required with MicrosoftAppType=MultiTenant'],
    [
      { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI' },
      'MicrosoftAppTenantId: required when MicrosoftAppType=UserAssignedMSI',
    ],
    [
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' },
      'MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant',
    ],
    [
      { LOG_ANALYTICS_WORKSPACE_ID: WORKSPACE, LOCAL_LOGS_PATH: './x' },
      'LOCAL_LOGS_PATH: cannot be combined',
    ],
  ])('rejects %j naming the variable', (env, expected) => {
    expect(problemsOf(env).join('\n')).toContain(expected);
  });

  it('refuses to start in production without an app id, because an empty id turns off authentication', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join('\n')).toMatch(
      /^MicrosoftAppId: required when NODE_ENV=production/,
    );
  });

  it('accepts a complete single-tenant production configuration', () => {
    const config = readConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      ALLOWED_TENANT_IDS: TENANT,
      IOT_HUBS: `[{"name":"contoso-hub","workspaceId":"${WORKSPACE}"}]`,
    });
    expect(config.bot).toEqual({
      appId: APP_ID,
      appPassword: 'secret',
      appType: 'SingleTenant',
      tenantId: TENANT,
    });
    expect(config.hubs).toEqual([{ name: 'contoso-hub', kind: 'iothub', workspaceId: WORKSPACE }]);
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });

  it('reports a variable two sections read once (MicrosoftAppTenantId: bot and alerts)', () => {
    expect(problemsOf({ MicrosoftAppTenantId: 'contoso' })).toEqual([
      'MicrosoftAppTenantId: must be a GUID (the Entra tenant id), e.g. 00000000-0000-0000-0000-000000000000',
    ]);
  });

  it('gathers problems from every section before failing', () => {
    const problems = problemsOf({ NODE_ENV: 'production', STORAGE: 'blob', ALERT_WEBHOOK_SECRET: 'short' });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'MicrosoftAppId',
      'STORAGE_CONNECTION_STRING',
      'ALERT_WEBHOOK_SECRET',
      'ALLOWED_TENANT_IDS',
    ]);
  });
});
