import { LocalLogsEngine } from '../../src/logs/local/engine';
import { analyzeKql } from '../../src/logs/local/kusto-bridge';
import { DEMO_SCENARIOS, scenarioEvents } from '../../src/logs/simulate/scenarios';
import { evaluateArm } from './arm-expressions';
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
const variables = template['variables'] as JsonObject;

function real401003Query(): string {
  const rule = onlyResource(template, 'Microsoft.Insights/scheduledQueryRules');
  const criteria = propertiesOf(rule)['criteria'];
  const allOf = isObject(criteria) ? criteria['allOf'] : null;
  const first = Array.isArray(allOf) ? allOf[0] : null;
  expect(isObject(first) && first['query']).toBe("[variables('real401003Query')]");
  return String(variables['real401003Query']);
}

/** The demo scenarios (every finding of findings.md), three days ending at `end`, in the embedded engine. */
function demoEngine(end: number): LocalLogsEngine {
  const engine = new LocalLogsEngine({ clock: () => new Date(end) });
  for (const event of scenarioEvents(20260302, { startInMs: end - 3 * 24 * 3600_000, endInMs: end })) {
    engine.appendRow(event.table, event.row);
  }
  engine.finishLoading();
  return engine;
}

const devicesWith = (prefix: string) =>
  DEMO_SCENARIOS.filter((s) => s.findingId.startsWith(prefix)).map((s) => s.deviceId);

describe('log search alert: real 401003 failures', () => {
  test('the query parses and binds against the Log Analytics schema with the official Kusto parser, with zero diagnostics', () => {
    expect(analyzeKql(real401003Query())).toEqual([]);
  });

  test('on the demo data it names every device with a real 401003 cause and none that only renews its SAS token', () => {
    const end = Date.parse('2026-03-02T12:00:00Z');
    const engine = demoEngine(end);
    const [result] = engine.query(real401003Query(), { duration: 'P3D' });
    const alerted = (result?.rows ?? []).map((row) => row[0]);

    const renewing = devicesWith('iothub.401003.token-renewal');
    const realFailures = DEMO_SCENARIOS.filter(
      (s) => s.findingId.startsWith('iothub.401003.') && s.findingId !== 'iothub.401003.token-renewal',
    ).map((s) => s.deviceId);
    expect(renewing.length).toBeGreaterThan(0);
    expect(realFailures.length).toBeGreaterThan(5);

    // The renewing devices do log 401003: leaving them out is the query's doing.
    const [naive] = engine.query(
      'AzureDiagnostics | where ResultType == "401003" | distinct tostring(parse_json(properties_s).deviceId)',
      { duration: 'P3D' },
    );
    expect((naive?.rows ?? []).map((row) => row[0])).toEqual(expect.arrayContaining(renewing));

    expect([...alerted].sort()).toEqual([...realFailures].sort());
    // The alert's dimension and the columns the bot reads from the alert.
    expect(result?.columns.map((c) => c.name)).toEqual([
      'DeviceId',
      'Hub',
      'Failures',
      'FirstSeen',
      'LastSeen',
      'Message',
    ]);
  });

  test('runs every 15 minutes over the last hour, one alert per device, to the bot', () => {
    const rule = propertiesOf(onlyResource(template, 'Microsoft.Insights/scheduledQueryRules'));
    expect(rule['scopes']).toEqual(["[parameters('logAnalyticsWorkspaceResourceId')]"]);
    expect([rule['evaluationFrequency'], rule['windowSize']]).toEqual(['PT15M', 'PT1H']);
    expect(JSON.stringify(rule['criteria'])).toContain(
      '"dimensions":[{"name":"DeviceId","operator":"Include","values":["*"]}]',
    );
    expect(rule['actions']).toEqual({
      actionGroups: ["[resourceId('Microsoft.Insights/actionGroups', variables('actionGroupName'))]"],
    });
  });
});

describe('metric alerts', () => {
  const metricAlerts = allResources(template).filter((r) => r.type === 'Microsoft.Insights/metricAlerts');
  const alertOn = (metric: string) => {
    const found = metricAlerts.find((r) => JSON.stringify(r.body).includes(`"metricName":"${metric}"`));
    if (!found) throw new Error(`no metric alert on ${metric}`);
    return found;
  };
  const byMetric = (metric: string) => propertiesOf(alertOn(metric));

  test('DPS attestation attempts that did not succeed, on the DPS, only when a DPS is given', () => {
    const alert = byMetric('AttestationAttempts');
    expect(alert['scopes']).toEqual(["[parameters('dpsResourceId')]"]);
    const criterion = (alert['criteria'] as { allOf: JsonObject[] }).allOf[0];
    expect(criterion).toMatchObject({
      metricNamespace: 'Microsoft.Devices/provisioningServices',
      dimensions: [{ name: 'Status', operator: 'Exclude', values: ['Success'] }],
      operator: 'GreaterThan',
      timeAggregation: 'Total',
    });
    expect(alertOn('AttestationAttempts').body['condition']).toBe(
      "[and(parameters('deployAlertRules'), variables('hasDps'))]",
    );
  });

  test('a drop of connectedDeviceCount on the hub (dynamic threshold, lower side)', () => {
    const alert = byMetric('connectedDeviceCount');
    expect(alert['scopes']).toEqual(["[parameters('iotHubResourceId')]"]);
    expect((alert['criteria'] as { allOf: JsonObject[] }).allOf[0]).toMatchObject({
      criterionType: 'DynamicThresholdCriterion',
      metricNamespace: 'Microsoft.Devices/IotHubs',
      operator: 'LessThan',
    });
  });

  test('both notify the action group', () => {
    for (const alert of metricAlerts) {
      expect(propertiesOf(alert)['actions']).toEqual([
        { actionGroupId: "[resourceId('Microsoft.Insights/actionGroups', variables('actionGroupName'))]" },
      ]);
    }
  });
});

describe('wiring', () => {
  test('the action group posts the common alert schema to /api/alerts with the shared secret, and optionally as a secure webhook', () => {
    const group = propertiesOf(onlyResource(template, 'Microsoft.Insights/actionGroups'));
    expect(String(group['groupShortName']).length).toBeLessThanOrEqual(12);
    const receivers = group['webhookReceivers'];
    if (!Array.isArray(receivers) || receivers.length !== 1) throw new Error('expected one webhook receiver');
    const receiver = (secureWebhook: Record<string, string>) =>
      evaluateArm(String(receivers[0]), {
        parameters: {
          botName: 'contoso-iot-triage',
          alertWebhookSecret: 'secret with spaces&more',
          secureWebhookAppObjectId: '',
          secureWebhookIdentifierUri: '',
          ...secureWebhook,
        },
        variables,
        functions: azureFakes('contoso-iot-triage-rg'),
      });
    const serviceUri = `https://${SAMPLE.hostName}/api/alerts?code=secret%20with%20spaces%26more`;
    expect(receiver({})).toEqual({
      name: 'iot-triage-bot',
      serviceUri,
      useCommonAlertSchema: true,
      useAadAuth: false,
    });
    const appObjectId = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
    expect(
      receiver({
        secureWebhookAppObjectId: appObjectId,
        secureWebhookIdentifierUri: 'api://iot-triage-alerts',
      }),
    ).toEqual({
      name: 'iot-triage-bot',
      serviceUri,
      useCommonAlertSchema: true,
      useAadAuth: true,
      objectId: appObjectId,
      identifierUri: 'api://iot-triage-alerts',
      tenantId: SAMPLE.tenantId,
    });
  });

  test('the Azure Bot uses the managed identity, points at /api/messages and has the Teams channel', () => {
    const bot = propertiesOf(onlyResource(template, 'Microsoft.BotService/botServices'));
    expect(bot['msaAppType']).toBe('UserAssignedMSI');
    expect(bot['msaAppMSIResourceId']).toBe(
      "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('identityName'))]",
    );
    expect(String(bot['msaAppId'])).toContain("variables('identityName')), '2023-01-31').clientId");
    expect(String(bot['endpoint'])).toMatch(
      /^\[concat\('https:\/\/', reference\(resourceId\('Microsoft\.Web\/sites'.*'\/api\/messages'\)\]$/,
    );
    const channel = propertiesOf(onlyResource(template, 'Microsoft.BotService/botServices/channels'));
    expect(channel).toEqual({ channelName: 'MsTeamsChannel', properties: { isEnabled: true } });
  });

  test('the web app: Linux Node 22 LTS, HTTPS only, health check /healthz, runs the bot (not the playground), with the identity', () => {
    const site = onlyResource(template, 'Microsoft.Web/sites');
    const properties = propertiesOf(site);
    expect(properties['httpsOnly']).toBe(true);
    expect(properties['siteConfig']).toMatchObject({
      linuxFxVersion: 'NODE|22-lts',
      healthCheckPath: '/healthz',
      appCommandLine: 'node lib/index.js',
      minTlsVersion: '1.2',
      ftpsState: 'Disabled',
    });
    expect(site.body['identity']).toEqual({
      type: 'UserAssigned',
      userAssignedIdentities: {
        "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('identityName'))]": {},
      },
    });
    const plan = onlyResource(template, 'Microsoft.Web/serverfarms');
    expect([plan.body['kind'], propertiesOf(plan)['reserved']]).toEqual(['linux', true]);
  });

  test('diagnostic settings: hub Connections (and the chosen categories), DPS DeviceOperations + ServiceOperations + metrics, to the workspace', () => {
    const settings = allResources(template).filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings');
    const hub = settings.find((r) => String(r.body['scope']).includes('Microsoft.Devices/IotHubs/'));
    const dps = settings.find((r) =>
      String(r.body['scope']).includes('Microsoft.Devices/provisioningServices/'),
    );
    if (!hub || !dps) throw new Error('missing diagnostic settings');

    expect(propertiesOf(hub)['workspaceId']).toBe("[parameters('workspaceResourceId')]");
    expect(JSON.stringify(propertiesOf(hub)['copy'])).toContain(
      "parameters('logCategories')[copyIndex('logs')]",
    );
    const categories = ((template['parameters'] as JsonObject)['iotHubLogCategories'] as JsonObject)[
      'defaultValue'
    ];
    expect(categories).toEqual(['Connections']);

    expect(propertiesOf(dps)).toEqual({
      workspaceId: "[parameters('workspaceResourceId')]",
      logs: [
        { category: 'DeviceOperations', enabled: true },
        { category: 'ServiceOperations', enabled: true },
      ],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    });
  });

  test('optional Blob state storage: TLS 1.2, HTTPS only, no public blobs', () => {
    const account = onlyResource(template, 'Microsoft.Storage/storageAccounts');
    // Blob state, or the dead-letter container of the live connection events.
    expect(account.body['condition']).toBe("[variables('needsStorageAccount')]");
    expect((template['variables'] as JsonObject)['needsStorageAccount']).toBe(
      "[or(variables('useBlobState'), parameters('liveConnectionEvents'))]",
    );
    expect(propertiesOf(account)).toMatchObject({
      allowBlobPublicAccess: false,
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
    });
  });

  test('outputs say what to put in the Teams manifest', () => {
    const outputs = template['outputs'] as JsonObject;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'botEndpoint',
        'identityClientId',
        'teamsManifestBotId',
        'teamsPackageCommand',
      ]),
    );
    expect(JSON.stringify(outputs['teamsPackageCommand'])).toContain('npm run package:teams -- --bot-id ');
  });
});
