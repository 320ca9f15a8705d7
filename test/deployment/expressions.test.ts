import { createHash } from 'node:crypto';
import { evaluateArm, resolveDeep, type ArmContext, type ArmValue } from './arm-expressions';
import { VARIANTS, isObject, readJson, stringsInScope, type JsonObject } from './arm-template';
import { SAMPLE, azureFakes } from './azure-fakes';

/**
 * Every template expression, in every scope, evaluates the way Resource Manager would evaluate it
 * for the example parameters (and for a smaller set: no DPS, file state, no alert rules): a
 * misspelled function, a variable or parameter that is not there, a property that a resource does
 * not have, an index past the end of a split id, all fail here instead of in Azure.
 */

interface Problem {
  readonly where: string;
  readonly expression: string;
  readonly error: string;
}

const INNER_OUTPUTS = Object.keys(readJson(VARIANTS[0].template)['outputs'] as JsonObject);

/** The fakes of one deployment scope, plus the functions only some templates use. */
function functionsFor(resourceGroup: string): ArmContext['functions'] {
  const base = azureFakes(resourceGroup);
  return {
    ...base,
    guid: (...args: ArmValue[]) => {
      const hex = createHash('sha256').update(args.map(String).join('|')).digest('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    },
    subscriptionResourceId: (...args: ArmValue[]) => {
      const [type, ...names] = args.map(String);
      return `/subscriptions/${SAMPLE.subscriptionId}/providers/${type}/${names.join('/')}`;
    },
    copyIndex: () => 0,
    deployment: () => ({ location: 'koreacentral' }),
    reference: (id: ArmValue, ...rest: ArmValue[]) => {
      if (String(id).includes('Microsoft.Resources/deployments')) {
        return { outputs: Object.fromEntries(INNER_OUTPUTS.map((name) => [name, { value: `<${name}>` }])) };
      }
      return base['reference']?.(id, ...rest) ?? null;
    },
  };
}

function isExpression(text: string): boolean {
  return text.startsWith('[') && !text.startsWith('[[');
}

function evaluateScope(
  template: JsonObject,
  given: Readonly<Record<string, ArmValue>>,
  resourceGroup: string,
  where: string,
  problems: Problem[],
): void {
  const functions = functionsFor(resourceGroup);
  const declared = (template['parameters'] ?? {}) as JsonObject;
  const parameters: Record<string, ArmValue> = {};
  for (const [name, declaration] of Object.entries(declared)) {
    if (name in given) {
      parameters[name] = given[name] ?? null;
    } else if (isObject(declaration) && 'defaultValue' in declaration) {
      const value = declaration['defaultValue'] ?? null;
      parameters[name] =
        typeof value === 'string' ? evaluateArm(value, { parameters, variables: {}, functions }) : value;
    } else {
      problems.push({ where, expression: name, error: 'required parameter without a value' });
    }
  }
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  for (const name of unknown)
    problems.push({ where, expression: name, error: 'value for an undeclared parameter' });

  const context: ArmContext = {
    parameters,
    variables: (template['variables'] ?? {}) as JsonObject,
    functions,
  };
  const attempt = (expression: string): ArmValue => {
    try {
      return evaluateArm(expression, context);
    } catch (error) {
      problems.push({ where, expression, error: error instanceof Error ? error.message : String(error) });
      return null;
    }
  };

  try {
    resolveDeep(context.variables, context);
  } catch (error) {
    problems.push({ where, expression: 'variables', error: String(error) });
  }

  const resources = Array.isArray(template['resources']) ? template['resources'].filter(isObject) : [];
  for (const resource of resources) {
    const condition = resource['condition'];
    if (typeof condition === 'string' && attempt(condition) === false) continue;
    for (const text of stringsInScope(resource).filter(isExpression)) attempt(text);

    const properties = resource['properties'];
    if (
      resource['type'] === 'Microsoft.Resources/deployments' &&
      isObject(properties) &&
      isObject(properties['template'])
    ) {
      const passed = isObject(properties['parameters']) ? properties['parameters'] : {};
      const innerValues: Record<string, ArmValue> = {};
      for (const [name, entry] of Object.entries(passed)) {
        const value = isObject(entry) ? (entry['value'] ?? null) : null;
        innerValues[name] = typeof value === 'string' ? attempt(value) : value;
      }
      const group =
        typeof resource['resourceGroup'] === 'string'
          ? String(attempt(resource['resourceGroup']))
          : resourceGroup;
      evaluateScope(
        properties['template'],
        innerValues,
        group,
        `${where} > ${String(attempt(String(resource['name'])))}`,
        problems,
      );
    }
  }
  for (const text of stringsInScope((template['outputs'] ?? {}) as JsonObject).filter(isExpression))
    attempt(text);
}

function exampleValues(
  parametersFile: string,
  overrides: Record<string, ArmValue>,
): Record<string, ArmValue> {
  const file = readJson(parametersFile)['parameters'] as JsonObject;
  const values: Record<string, ArmValue> = { alertWebhookSecret: SAMPLE.webhookSecret };
  for (const [name, entry] of Object.entries(file))
    if (isObject(entry)) values[name] = entry['value'] ?? null;
  return { ...values, ...overrides };
}

const PARAMETER_SETS: readonly (readonly [string, Record<string, ArmValue>])[] = [
  ['the example parameters', {}],
  [
    'no DPS, file state, no alert rules',
    { dpsResourceId: '', botStateStorage: 'file', deployAlertRules: false },
  ],
  [
    'live connection events (Event Grid) with file state',
    {
      liveConnectionEvents: true,
      eventGridWebhookAppIdOrUri: 'api://iot-triage-events',
      botStateStorage: 'file',
    },
  ],
  [
    'a secure webhook',
    {
      secureWebhookAppObjectId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
      secureWebhookIdentifierUri: 'api://iot-triage-alerts',
    },
  ],
];

describe.each(VARIANTS)('ARM expressions: $name', (variant) => {
  test.each(PARAMETER_SETS)('every expression evaluates with %s', (_name, overrides) => {
    const problems: Problem[] = [];
    evaluateScope(
      readJson(variant.template),
      exampleValues(variant.parameters, overrides),
      'contoso-iot-triage-rg',
      'root',
      problems,
    );
    expect(problems).toEqual([]);
  });
});

test('the evaluation catches what Azure would reject', () => {
  const broken = readJson(VARIANTS[0].template);
  const variables = broken['variables'] as JsonObject;
  variables['hubName'] = "[variables('hubIdParts')[9]]";
  variables['identityName'] = "[concat(parameters('botName'), '-identity', parameters('nope'))]";
  (broken['outputs'] as JsonObject)['identityClientId'] = {
    type: 'string',
    value:
      "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'x'), '2023-01-31').clientIdd]",
  };
  const problems: Problem[] = [];
  evaluateScope(broken, exampleValues(VARIANTS[0].parameters, {}), 'rg', 'root', problems);
  const errors = problems.map((p) => p.error).join('\n');
  expect(errors).toMatch(/index 9 does not exist/);
  expect(errors).toMatch(/parameter nope has no value/);
  expect(errors).toMatch(/property 'clientIdd' does not exist/);
});
