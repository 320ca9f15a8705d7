import { CONFIG_VARIABLE_NAMES, readConfig } from '../../src/config/config';
import { STORAGE_KIND_VARIABLES } from '../../src/config/storage-config';
import { evaluateArm, type ArmContext, type ArmValue } from './arm-expressions';
import { SAMPLE, azureFakes } from './azure-fakes';
import {
  VARIANTS,
  allResources,
  isObject,
  onlyResource,
  propertiesOf,
  readJson,
  type JsonObject,
} from './arm-template';

const template = readJson(VARIANTS[0].template);

/** The variables of the storage kinds outside the botStateStorage parameter's allowed values. */
function storageKindsNotDeployed(): Record<string, string> {
  const parameter = (template['parameters'] as JsonObject)['botStateStorage'];
  const offered =
    isObject(parameter) && Array.isArray(parameter['allowedValues']) ? parameter['allowedValues'] : [];
  if (offered.length === 0) throw new Error('botStateStorage has no allowedValues');
  return Object.fromEntries(
    Object.entries(STORAGE_KIND_VARIABLES)
      .filter(([kind]) => !offered.includes(kind))
      .flatMap(([kind, variables]) =>
        variables.map((name) => [name, `STORAGE=${kind} is not deployed by the templates: wire it yourself`]),
      ),
  );
}

/** Settings readConfig knows that a deployed bot must not set, and why. */
const NOT_SET_IN_AZURE: Readonly<Record<string, string>> = {
  PORT: 'App Service sets PORT itself and forwards 443 to it',
  HOST: 'defaults to 0.0.0.0 when NODE_ENV=production',
  MicrosoftAppPassword: 'the bot authenticates as its user-assigned managed identity: there is no password',
  LOCAL_LOGS_PATH: 'local files instead of Log Analytics: for a laptop',
  DEMO_DATA_DIR: 'demo data: for a laptop',
  ENGINE_WORKERS: 'threads of the embedded engine, which Azure does not run (it answers from Log Analytics)',
  WATCH_GRACE_SECONDS:
    "the default (2 min) keeps token renewals quiet with Event Grid's ~60 s snapshots: shorter is for trying watches locally",
  EVENTS_WEBHOOK_SECRET:
    'the deployed Event Grid subscription sends an Entra ID token (EVENTS_WEBHOOK_AUDIENCE): the shared key is for a subscription you create yourself',
  // And the variables of every storage kind the templates do not offer (Cosmos DB, say): an
  // alternative you wire yourself. Derived, so a new kind of store needs no entry here.
  ...storageKindsNotDeployed(),
};

/** App Service platform settings (not read by the bot). */
const PLATFORM_SETTINGS = ['WEBSITE_RUN_FROM_PACKAGE', 'SCM_DO_BUILD_DURING_DEPLOYMENT'];

/**
 * Settings an issue names that readConfig does not read yet but the templates already set (empty
 * now: storage, alert intake, authorization and the events webhook have all landed). Once readConfig reads one, the
 * test below asks for it to leave this list.
 */
const ANNOUNCED_SETTINGS: readonly string[] = [];

function appSettings(): { name: string; value: string }[] {
  const site = onlyResource(template, 'Microsoft.Web/sites');
  const siteConfig = propertiesOf(site)['siteConfig'];
  const settings = isObject(siteConfig) ? siteConfig['appSettings'] : null;
  if (!Array.isArray(settings)) throw new Error('web app without appSettings');
  return settings.filter(isObject).map((s) => ({ name: String(s['name']), value: String(s['value']) }));
}

/** The app settings as Resource Manager would compute them from the example parameters file. */
function evaluatedAppSettings(overrides: Record<string, ArmValue> = {}): Record<string, string> {
  const functions = azureFakes('contoso-iot-triage-rg');
  const declared = template['parameters'] as JsonObject;
  const file = readJson(VARIANTS[0].parameters)['parameters'] as JsonObject;
  const values: Record<string, ArmValue> = { alertWebhookSecret: SAMPLE.webhookSecret };
  for (const [name, entry] of Object.entries(file))
    if (isObject(entry)) values[name] = entry['value'] ?? null;
  Object.assign(values, overrides);
  // Defaults, in declaration order (a default may use an earlier parameter).
  for (const [name, declaration] of Object.entries(declared)) {
    if (name in values || !isObject(declaration) || !('defaultValue' in declaration)) continue;
    const defaultValue = declaration['defaultValue'] ?? null;
    values[name] =
      typeof defaultValue === 'string'
        ? evaluateArm(defaultValue, { parameters: values, variables: {}, functions })
        : defaultValue;
  }
  const context: ArmContext = {
    parameters: values,
    variables: template['variables'] as JsonObject,
    functions,
  };
  return Object.fromEntries(appSettings().map((s) => [s.name, String(evaluateArm(s.value, context))]));
}

describe('web app app settings', () => {
  test('cover exactly the settings readConfig reads, less the laptop-only ones', () => {
    const names = appSettings().map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);

    const needed = CONFIG_VARIABLE_NAMES.filter((name) => !(name in NOT_SET_IN_AZURE));
    expect(needed.filter((name) => !names.includes(name))).toEqual([]);
    const unexpected = names.filter(
      (name) =>
        !CONFIG_VARIABLE_NAMES.includes(name) &&
        !PLATFORM_SETTINGS.includes(name) &&
        !ANNOUNCED_SETTINGS.includes(name),
    );
    expect(unexpected).toEqual([]);
    expect(names.filter((name) => name in NOT_SET_IN_AZURE)).toEqual([]);
  });

  test('the exception lists name only real settings: laptop-only ones exist, announced ones are not read yet', () => {
    expect(Object.keys(NOT_SET_IN_AZURE).filter((name) => !CONFIG_VARIABLE_NAMES.includes(name))).toEqual([]);
    // When readConfig starts reading one of these, move it out of ANNOUNCED_SETTINGS (it is then a config variable).
    expect(ANNOUNCED_SETTINGS.filter((name) => CONFIG_VARIABLE_NAMES.includes(name))).toEqual([]);
  });

  test('as Resource Manager computes them, readConfig accepts them: production, managed identity, Log Analytics, the hub and DPS', () => {
    const env = evaluatedAppSettings();
    const config = readConfig(env);
    expect(config.environment).toBe('production');
    expect(config.bot).toEqual({
      appId: SAMPLE.clientId,
      appPassword: '',
      appType: 'UserAssignedMSI',
      tenantId: SAMPLE.tenantId,
    });
    expect(config.logs).toEqual({
      backend: 'azure',
      workspaceId: SAMPLE.workspaceCustomerId,
      workspaceResourceId:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso-monitoring/providers/Microsoft.OperationalInsights/workspaces/contoso-logs',
      managedIdentityClientId: SAMPLE.clientId,
    });
    expect(config.hubs.map((h) => [h.name, h.kind])).toEqual([
      ['contoso-fleet-hub', 'iothub'],
      ['contoso-fleet-dps', 'dps'],
    ]);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.storage).toEqual({
      kind: 'blob',
      connectionString: env['STORAGE_CONNECTION_STRING'],
      container: 'bot-state',
    });
    expect(config.alerts.webhookSecret).toBe(SAMPLE.webhookSecret);
  });

  test('blob state: the connection string names the new account and its key; the container exists in the template', () => {
    const env = evaluatedAppSettings();
    expect(env['STORAGE']).toBe('blob');
    expect(env['STORAGE_CONNECTION_STRING']).toMatch(
      new RegExp(
        `^DefaultEndpointsProtocol=https;AccountName=iottriage\\w+;AccountKey=${SAMPLE.storageKey};EndpointSuffix=core\\.windows\\.net$`,
      ),
    );
    const containers = allResources(template).filter(
      (r) => r.type === 'Microsoft.Storage/storageAccounts/blobServices/containers',
    );
    expect(containers.map((c) => c.name)).toEqual(
      expect.arrayContaining([expect.stringContaining(`'/default/', variables('stateContainerName')`)]),
    );
    expect(env['STORAGE_CONTAINER']).toBe((template['variables'] as JsonObject)['stateContainerName']);
  });

  test('file state and no DPS: no connection string, a writable /home path, only the hub', () => {
    const env = evaluatedAppSettings({ botStateStorage: 'file', dpsResourceId: '' });
    expect(env['STORAGE']).toBe('file');
    expect(env['STORAGE_CONNECTION_STRING']).toBe('');
    expect(env['STORAGE_PATH']).toMatch(/^\/home\//);
    const config = readConfig(env);
    expect(config.storage).toEqual({ kind: 'file', path: env['STORAGE_PATH'] });
    expect(config.hubs.map((h) => h.name)).toEqual(['contoso-fleet-hub']);
  });

  test('roles: empty parameters keep the production defaults of the bot; given ones reach readConfig', () => {
    const defaults = readConfig(evaluatedAppSettings()).authorization.roles;
    expect(defaults).toEqual({
      reader: { everyone: true, ids: [] },
      responder: { everyone: false, ids: [] },
      admin: { everyone: false, ids: [] },
    });
    const onCallGroup = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    const given = readConfig(evaluatedAppSettings({ roleResponders: onCallGroup, roleAdmins: onCallGroup }))
      .authorization.roles;
    expect(given.responder).toEqual({ everyone: false, ids: [onCallGroup] });
    expect(given.admin).toEqual({ everyone: false, ids: [onCallGroup] });
  });

  test('group lookup: off by default; graph asks Microsoft Graph as the bot managed identity', () => {
    expect(readConfig(evaluatedAppSettings()).authorization.groupLookup).toEqual({ kind: 'off' });
    expect(readConfig(evaluatedAppSettings({ roleGroupLookup: 'graph' })).authorization.groupLookup).toEqual({
      kind: 'graph',
      managedIdentityClientId: SAMPLE.clientId,
    });
  });

  test('the alert secret and tenant allow-list come from parameters; the package runs from the zip', () => {
    const env = evaluatedAppSettings();
    expect(env['ALERT_WEBHOOK_SECRET']).toBe(SAMPLE.webhookSecret);
    expect(env['ALLOWED_TENANT_IDS']).toBe(SAMPLE.tenantId);
    expect(readConfig(env).authorization.allowedTenantIds).toEqual([SAMPLE.tenantId]);
    expect(env['WEBSITE_RUN_FROM_PACKAGE']).toBe('1');
    expect(env['SCM_DO_BUILD_DURING_DEPLOYMENT']).toBe('false');
  });
});
