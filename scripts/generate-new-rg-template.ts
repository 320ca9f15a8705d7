/**
 * Writes deploymentTemplates/deployWithNewResourceGroup/template-BotApp-new-rg.json from the
 * existing-resource-group template, so the two variants cannot drift: the new-group variant is a
 * subscription-level deployment that creates the group and deploys the very same template into
 * it as a nested deployment. Run it after every change to the existing-group template
 * (`npm run templates:generate`); a test fails when the committed file is stale.
 *
 *   az deployment sub create ──▶ resourceGroups/<name>
 *                             └─▶ deployments/iot-triage-bot (in <name>) = template-BotApp-with-rg.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const TEMPLATES_DIR = path.resolve(__dirname, '..', 'deploymentTemplates');
export const EXISTING_GROUP_TEMPLATE = path.join(
  TEMPLATES_DIR,
  'deployUseExistResourceGroup',
  'template-BotApp-with-rg.json',
);
export const NEW_GROUP_TEMPLATE = path.join(
  TEMPLATES_DIR,
  'deployWithNewResourceGroup',
  'template-BotApp-new-rg.json',
);

const NESTED_DEPLOYMENT_NAME = 'iot-triage-bot';

function asObject(value: Json | undefined, what: string): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${what} must be a JSON object`);
  }
  return value;
}

const GROUP_ID_AT_SUBSCRIPTION_SCOPE =
  "format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, parameters('resourceGroupName'))";

/**
 * A parameter declaration whose default can be evaluated at subscription scope: a default that
 * calls resourceGroup() is rewritten to the same value computed from the new group's name, so the
 * nested deployment gets exactly what it would have computed itself.
 */
function atSubscriptionScope(name: string, declaration: JsonObject): JsonObject {
  const defaultValue = declaration['defaultValue'];
  if (typeof defaultValue !== 'string' || !defaultValue.includes('resourceGroup()'))
    return { ...declaration };
  const rewritten = defaultValue
    .replaceAll('resourceGroup().id', GROUP_ID_AT_SUBSCRIPTION_SCOPE)
    .replaceAll('resourceGroup().location', "parameters('location')");
  if (rewritten.includes('resourceGroup()')) {
    throw new Error(
      `The default of parameter ${name} uses resourceGroup() in a way this generator cannot rewrite`,
    );
  }
  return { ...declaration, defaultValue: rewritten };
}

/** The subscription-level template that creates the resource group and deploys `groupTemplate` into it. */
export function wrapForNewResourceGroup(groupTemplate: JsonObject): JsonObject {
  const groupParameters = asObject(groupTemplate['parameters'], 'parameters');
  const groupOutputs = asObject(groupTemplate['outputs'], 'outputs');

  // `location` of the group template defaults to resourceGroup().location; here the caller names
  // the region once and it is used for the group and everything in it.
  const parameters: JsonObject = {
    resourceGroupName: {
      type: 'string',
      minLength: 1,
      maxLength: 90,
      metadata: { description: 'Name of the resource group to create for the bot.' },
    },
    location: {
      type: 'string',
      defaultValue: '[deployment().location]',
      metadata: { description: 'Region of the new resource group and of the resources in it.' },
    },
  };
  const passedOn: JsonObject = { location: { value: "[parameters('location')]" } };
  for (const [name, declaration] of Object.entries(groupParameters)) {
    if (name === 'location') continue;
    parameters[name] = atSubscriptionScope(name, asObject(declaration, `parameter ${name}`));
    passedOn[name] = { value: `[parameters('${name}')]` };
  }

  const deploymentId = `[resourceId(parameters('resourceGroupName'), 'Microsoft.Resources/deployments', '${NESTED_DEPLOYMENT_NAME}')]`;
  const outputs: JsonObject = {
    resourceGroupName: { type: 'string', value: "[parameters('resourceGroupName')]" },
  };
  for (const [name, declaration] of Object.entries(groupOutputs)) {
    outputs[name] = {
      type: asObject(declaration, `output ${name}`)['type'] ?? 'string',
      value: `[reference(${deploymentId.slice(1, -1)}, '2022-09-01').outputs.${name}.value]`,
    };
  }

  return {
    $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    metadata: {
      description:
        'IoT triage bot into a NEW resource group (subscription-level deployment). Generated from ../deployUseExistResourceGroup/template-BotApp-with-rg.json by scripts/generate-new-rg-template.ts: edit that template, not this file.',
    },
    parameters,
    resources: [
      {
        type: 'Microsoft.Resources/resourceGroups',
        apiVersion: '2022-09-01',
        name: "[parameters('resourceGroupName')]",
        location: "[parameters('location')]",
      },
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: NESTED_DEPLOYMENT_NAME,
        resourceGroup: "[parameters('resourceGroupName')]",
        dependsOn: [
          "[subscriptionResourceId('Microsoft.Resources/resourceGroups', parameters('resourceGroupName'))]",
        ],
        properties: {
          mode: 'Incremental',
          expressionEvaluationOptions: { scope: 'inner' },
          parameters: passedOn,
          template: groupTemplate,
        },
      },
    ],
    outputs,
  };
}

export function readTemplate(file: string): JsonObject {
  return asObject(JSON.parse(readFileSync(file, 'utf8')) as Json, file);
}

if (require.main === module) {
  const wrapped = wrapForNewResourceGroup(readTemplate(EXISTING_GROUP_TEMPLATE));
  writeFileSync(NEW_GROUP_TEMPLATE, `${JSON.stringify(wrapped, null, 2)}\n`);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), NEW_GROUP_TEMPLATE)}\n`);
}
