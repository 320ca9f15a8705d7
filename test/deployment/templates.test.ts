import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EXISTING_GROUP_TEMPLATE,
  NEW_GROUP_TEMPLATE,
  readTemplate,
  wrapForNewResourceGroup,
} from '../../scripts/generate-new-rg-template';
import {
  TEMPLATES_DIR,
  VARIANTS,
  allResources,
  isObject,
  propertiesOf,
  readJson,
  referencedNames,
  stringsInScope,
  templateScopes,
  type JsonObject,
} from './arm-template';
import { evaluateArm, type ArmContext, type ArmValue } from './arm-expressions';
import { azureFakes } from './azure-fakes';

/**
 * Resource types and the API versions the templates may use: GA versions (or, for diagnostic
 * settings, the version the Azure Monitor docs and quickstarts use), checked against the ARM
 * template reference (learn.microsoft.com/azure/templates/<provider>/<type>).
 */
const KNOWN_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'Microsoft.Resources/resourceGroups': ['2022-09-01'],
  'Microsoft.Resources/deployments': ['2022-09-01'],
  'Microsoft.ManagedIdentity/userAssignedIdentities': ['2023-01-31'],
  'Microsoft.Web/serverfarms': ['2023-12-01'],
  'Microsoft.Web/sites': ['2023-12-01'],
  'Microsoft.Storage/storageAccounts': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices/containers': ['2023-05-01'],
  'Microsoft.BotService/botServices': ['2022-09-15'],
  'Microsoft.BotService/botServices/channels': ['2022-09-15'],
  'Microsoft.Authorization/roleAssignments': ['2022-04-01'],
  'Microsoft.Insights/diagnosticSettings': ['2021-05-01-preview'],
  'Microsoft.Insights/actionGroups': ['2023-01-01'],
  'Microsoft.Insights/scheduledQueryRules': ['2021-08-01'],
  'Microsoft.Insights/metricAlerts': ['2018-03-01'],
  'Microsoft.EventGrid/systemTopics': ['2022-06-15'],
  'Microsoft.EventGrid/systemTopics/eventSubscriptions': ['2022-06-15'],
};

/** API versions passed to reference()/listKeys() for resources the templates read. */
const KNOWN_REFERENCE_API_VERSIONS: Readonly<Record<string, string>> = {
  'Microsoft.ManagedIdentity/userAssignedIdentities': '2023-01-31',
  'Microsoft.Web/sites': '2023-12-01',
  'Microsoft.Storage/storageAccounts': '2023-05-01',
  'Microsoft.Resources/deployments': '2022-09-01',
  // The workspace is referenced by its full id (a parameter); its type is in the parameter's name.
  logAnalyticsWorkspaceResourceId: '2023-09-01',
  // The hub's region, for its Event Grid system topic (a system topic lives where its source does).
  iotHubResourceId: '2023-06-30',
};

/** Each reference()/listKeys() call in `text`: the resource type (or parameter) it reads and the API version. */
function referenceCalls(text: string): { target: string; apiVersion: string }[] {
  const calls: { target: string; apiVersion: string }[] = [];
  for (const match of text.matchAll(/\b(?:reference|listKeys)\(/g)) {
    let depth = 1;
    let end = (match.index ?? 0) + match[0].length;
    const argumentsStart = end;
    while (depth > 0 && end < text.length) {
      if (text[end] === '(') depth++;
      if (text[end] === ')') depth--;
      end++;
    }
    const args = text.slice(argumentsStart, end - 1);
    const apiVersion =
      /,\s*'(\d{4}-\d{2}-\d{2}(?:-preview)?)'/.exec(args.slice(args.lastIndexOf(')')))?.[1] ?? '';
    const target =
      /resourceId\((?:[^,]+,\s*)?'([A-Za-z]+\.[A-Za-z]+\/[^']+)'/.exec(args)?.[1] ??
      /^parameters\('([^']+)'\)/.exec(args)?.[1] ??
      args;
    calls.push({ target, apiVersion });
  }
  return calls;
}

/** Built-in role definition ids (learn.microsoft.com/azure/role-based-access-control/built-in-roles). */
const BUILT_IN_ROLES = {
  'Log Analytics Reader': '73c42c96-874c-492b-b04d-ab87d138a893',
  'Monitoring Reader': '43d0d8ad-25c7-4714-9337-8ba259a9fe05',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  'Log Analytics Contributor': '92aaf0da-9dab-42b6-94a3-d43ce8d16293',
  'Monitoring Contributor': '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
  'IoT Hub Data Contributor': '4fc6c259-987e-4a07-842e-c321cc9d413f',
} as const;

const SECRET_NAME = /secret|password|passwd|key|token|connectionstring|sas/i;
const SECRET_VALUE = [
  /AccountKey=[^;'"\s]+/i,
  /SharedAccessKey=[^;'"\s]+/i,
  /SharedAccessSignature\s/i,
  /[?&]sig=/i,
  /\b[0-9a-f]{32,}\b/i,
  // Storage account keys and SAS keys are base64: long runs without the dots and slashes of names.
  /[A-Za-z0-9+]{40,}/,
  /[A-Za-z0-9+/]{20,}={1,2}(?![A-Za-z0-9])/,
];

function parametersOf(template: JsonObject): JsonObject {
  const parameters = template['parameters'];
  return isObject(parameters) ? parameters : {};
}

function variablesOf(template: JsonObject): JsonObject {
  const variables = template['variables'];
  return isObject(variables) ? variables : {};
}

describe.each(VARIANTS)('ARM template: $name', (variant) => {
  const template = readJson(variant.template);

  test('is valid JSON with the deployment template schema for its scope', () => {
    expect(String(template['$schema'])).toMatch(
      variant.name === 'new resource group'
        ? /subscriptionDeploymentTemplate\.json#$/
        : /\/deploymentTemplate\.json#$/,
    );
    expect(template['contentVersion']).toBe('1.0.0.0');
  });

  test.each(templateScopes(template).map((scope) => [scope.where, scope.template] as const))(
    'scope %s: every parameter and variable is declared and used',
    (_where, scopeTemplate) => {
      const strings = stringsInScope({ ...scopeTemplate, parameters: null });
      const declaredParameters = Object.keys(parametersOf(scopeTemplate));
      const declaredVariables = Object.keys(variablesOf(scopeTemplate));
      // Parameter defaults may refer to earlier parameters: count those as uses too.
      const defaults = Object.values(parametersOf(scopeTemplate)).flatMap((declaration) =>
        isObject(declaration) && typeof declaration['defaultValue'] === 'string'
          ? [declaration['defaultValue']]
          : [],
      );
      const usedParameters = referencedNames([...strings, ...defaults], 'parameters');
      const usedVariables = referencedNames(strings, 'variables');

      expect([...usedParameters].filter((name) => !declaredParameters.includes(name))).toEqual([]);
      expect(declaredParameters.filter((name) => !usedParameters.has(name))).toEqual([]);
      expect([...usedVariables].filter((name) => !declaredVariables.includes(name))).toEqual([]);
      expect(declaredVariables.filter((name) => !usedVariables.has(name))).toEqual([]);
    },
  );

  test('runs the web app on Node 22 LTS (Node 20 reached end of life in April 2026)', () => {
    const sites = allResources(template).filter((r) => r.type === 'Microsoft.Web/sites');
    expect(sites).toHaveLength(1);
    for (const site of sites) {
      const siteConfig = propertiesOf(site)['siteConfig'];
      expect(isObject(siteConfig) ? siteConfig['linuxFxVersion'] : undefined).toBe('NODE|22-lts');
    }
  });

  test('uses only known resource types and API versions', () => {
    const unknown = allResources(template)
      .filter((r) => !(KNOWN_API_VERSIONS[r.type] ?? []).includes(r.apiVersion))
      .map((r) => `${r.type}@${r.apiVersion}`);
    expect(unknown).toEqual([]);
  });

  test('reference() and listKeys() use known API versions', () => {
    const calls = templateScopes(template)
      .flatMap((scope) => stringsInScope(scope.template))
      .flatMap(referenceCalls);
    expect(calls.length).toBeGreaterThan(5);
    for (const call of calls) {
      expect(call).toEqual({ target: call.target, apiVersion: KNOWN_REFERENCE_API_VERSIONS[call.target] });
    }
  });

  test('role assignments: Log Analytics Reader on the workspace, Monitoring Reader on the hub and DPS, nothing else', () => {
    const root = templateScopes(template).find((scope) =>
      isObject(variablesOf(scope.template)['roleDefinitions']),
    );
    const roleDefinitions = variablesOf(root?.template ?? {})['roleDefinitions'];
    expect(roleDefinitions).toEqual({
      logAnalyticsReader: BUILT_IN_ROLES['Log Analytics Reader'],
      monitoringReader: BUILT_IN_ROLES['Monitoring Reader'],
    });

    const assignments = allResources(template).filter(
      (r) => r.type === 'Microsoft.Authorization/roleAssignments',
    );
    const scopes = assignments.map((r) => String(r.body['scope']).split("'")[1]);
    expect(scopes.sort()).toEqual([
      'Microsoft.Devices/IotHubs/',
      'Microsoft.Devices/provisioningServices/',
      'Microsoft.OperationalInsights/workspaces/',
    ]);
    for (const assignment of assignments) {
      expect(propertiesOf(assignment)['principalType']).toBe('ServicePrincipal');
      expect(propertiesOf(assignment)['roleDefinitionId']).toBe(
        "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', parameters('roleDefinitionId'))]",
      );
    }

    // Which role each nested deployment passes in, by the scope it assigns it on.
    const passed = allResources(template)
      .filter(
        (r) =>
          r.type === 'Microsoft.Resources/deployments' &&
          String(r.name).match(/-(workspace-access|iothub-wiring|dps-wiring)'/),
      )
      .map((r) => {
        const parameters = propertiesOf(r)['parameters'];
        const roleDefinitionId =
          isObject(parameters) && isObject(parameters['roleDefinitionId'])
            ? parameters['roleDefinitionId']['value']
            : null;
        return [String(r.name).match(/-(workspace-access|iothub-wiring|dps-wiring)'/)?.[1], roleDefinitionId];
      });
    expect(Object.fromEntries(passed)).toEqual({
      'workspace-access': "[variables('roleDefinitions').logAnalyticsReader]",
      'iothub-wiring': "[variables('roleDefinitions').monitoringReader]",
      'dps-wiring': "[variables('roleDefinitions').monitoringReader]",
    });

    const text = JSON.stringify(template);
    for (const [role, id] of Object.entries(BUILT_IN_ROLES)) {
      if (role === 'Log Analytics Reader' || role === 'Monitoring Reader') continue;
      expect({ role, present: text.includes(id) }).toEqual({ role, present: false });
    }
  });

  test('secrets are securestring parameters without defaults, and no secret value is written anywhere', () => {
    for (const scope of templateScopes(template)) {
      for (const [name, declaration] of Object.entries(parametersOf(scope.template))) {
        if (!isObject(declaration)) continue;
        const secure = declaration['type'] === 'securestring' || declaration['type'] === 'secureObject';
        if (secure)
          expect({ name, hasDefault: 'defaultValue' in declaration }).toEqual({ name, hasDefault: false });
        if (SECRET_NAME.test(name))
          expect({ name, type: declaration['type'] }).toEqual({ name, type: 'securestring' });
      }
    }
    const literals = templateScopes(template)
      .flatMap((scope) => stringsInScope(scope.template))
      .filter((text) => !text.startsWith('['));
    for (const pattern of SECRET_VALUE) {
      expect(literals.filter((text) => pattern.test(text))).toEqual([]);
    }
    // Secrets must not be outputs either (outputs are visible in the deployment history).
    expect(JSON.stringify(template['outputs'])).not.toMatch(/alertWebhookSecret|listKeys/);
  });

  test('the parameters file names only declared parameters, covers every required one, and holds no secret', () => {
    const file = readJson(variant.parameters);
    const values = file['parameters'];
    if (!isObject(values)) throw new Error('parameters file without parameters');
    const declared = parametersOf(template);
    expect(Object.keys(values).filter((name) => !(name in declared))).toEqual([]);
    const required = Object.entries(declared)
      .filter(([, d]) => isObject(d) && !('defaultValue' in d) && d['type'] !== 'securestring')
      .map(([name]) => name);
    expect(required.filter((name) => !(name in values))).toEqual([]);
    const secure = Object.entries(declared)
      .filter(([, d]) => isObject(d) && d['type'] === 'securestring')
      .map(([name]) => name);
    expect(secure.length).toBeGreaterThan(0);
    expect(secure.filter((name) => name in values)).toEqual([]);
  });
});

describe('the new-resource-group template', () => {
  test('is exactly the existing-group template wrapped by scripts/generate-new-rg-template.ts (run npm run templates:generate)', () => {
    expect(readTemplate(NEW_GROUP_TEMPLATE)).toEqual(
      wrapForNewResourceGroup(readTemplate(EXISTING_GROUP_TEMPLATE)),
    );
  });

  test('its defaults evaluate at subscription scope to what the group template computes inside the group', () => {
    const group = 'contoso-iot-triage-rg';
    const given: Record<string, ArmValue> = { resourceGroupName: group, botName: 'contoso-iot-triage' };
    const atSubscription: ArmContext['functions'] = {
      ...azureFakes(group),
      resourceGroup: () => {
        throw new Error('resourceGroup() is not available in a subscription-level deployment');
      },
      deployment: () => ({ location: 'koreacentral' }),
    };
    const inner = parametersOf(readTemplate(EXISTING_GROUP_TEMPLATE));
    const outer = parametersOf(readTemplate(NEW_GROUP_TEMPLATE));
    let compared = 0;
    for (const [name, declaration] of Object.entries(inner)) {
      const innerDefault = isObject(declaration) ? declaration['defaultValue'] : undefined;
      const outerDeclaration = outer[name];
      const outerDefault = isObject(outerDeclaration) ? outerDeclaration['defaultValue'] : undefined;
      if (typeof innerDefault !== 'string' || typeof outerDefault !== 'string') continue;
      const values = { ...given, location: 'koreacentral' };
      expect({
        name,
        value: evaluateArm(outerDefault, { parameters: values, variables: {}, functions: atSubscription }),
      }).toEqual({
        name,
        value: evaluateArm(innerDefault, { parameters: values, variables: {}, functions: azureFakes(group) }),
      });
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  test('creates the group and deploys into it with the same parameters and outputs', () => {
    const inner = readTemplate(EXISTING_GROUP_TEMPLATE);
    const outer = readTemplate(NEW_GROUP_TEMPLATE);
    const outerParameters = Object.keys(parametersOf(outer));
    expect(outerParameters).toEqual(expect.arrayContaining(Object.keys(parametersOf(inner))));
    expect(outerParameters.filter((name) => !(name in parametersOf(inner)))).toEqual(['resourceGroupName']);
    expect(Object.keys(outer['outputs'] as JsonObject)).toEqual([
      'resourceGroupName',
      ...Object.keys(inner['outputs'] as JsonObject),
    ]);
    // No default may call resourceGroup() at subscription scope.
    expect(JSON.stringify(parametersOf(outer))).not.toContain('resourceGroup()');
  });
});

test('deploymentTemplates/ holds exactly the two variants and the README', () => {
  const entries = readdirSync(TEMPLATES_DIR, { withFileTypes: true }).map((e) =>
    e.isDirectory() ? `${e.name}/` : e.name,
  );
  expect(entries.sort()).toEqual([
    'README.md',
    'deployUseExistResourceGroup/',
    'deployWithNewResourceGroup/',
  ]);
  const readme = readFileSync(path.join(TEMPLATES_DIR, 'README.md'), 'utf8');
  expect(readme).toContain('az deployment sub create');
  expect(readme).toContain('az deployment group create');
});
