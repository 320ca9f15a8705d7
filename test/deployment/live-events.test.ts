import { IOT_HUB_EVENT_TYPES, parseDelivery } from '../../src/live/iot-hub-events';
import { resolveDeep, type ArmContext, type ArmValue } from './arm-expressions';
import { SAMPLE, azureFakes } from './azure-fakes';
import { VARIANTS, allResources, isObject, propertiesOf, readJson, type JsonObject } from './arm-template';

/*
 * Issue 18: the hub's Event Grid system topic and the subscription that delivers its device
 * events to the bot's /api/events, evaluated as Resource Manager would for the example
 * parameters with liveConnectionEvents on.
 */
const template = readJson(VARIANTS[0].template);
const APP = 'api://iot-triage-events';
const HUB_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso-iot/providers/Microsoft.Devices/IotHubs/contoso-fleet-hub';

function outerContext(overrides: Record<string, ArmValue>): ArmContext {
  const functions = azureFakes('contoso-iot-triage-rg');
  const file = readJson(VARIANTS[0].parameters)['parameters'] as JsonObject;
  const values: Record<string, ArmValue> = { alertWebhookSecret: SAMPLE.webhookSecret };
  for (const [name, entry] of Object.entries(file))
    if (isObject(entry)) values[name] = entry['value'] ?? null;
  Object.assign(values, overrides);
  for (const [name, declaration] of Object.entries(template['parameters'] as JsonObject)) {
    if (name in values || !isObject(declaration) || !('defaultValue' in declaration)) continue;
    values[name] = resolveDeep(declaration['defaultValue'] ?? null, {
      parameters: values,
      variables: {},
      functions,
    });
  }
  return { parameters: values, variables: template['variables'] as JsonObject, functions };
}

const liveDeployment = () => {
  const found = allResources(template).filter(
    (r) => r.type === 'Microsoft.Resources/deployments' && r.name.includes("'-live-events'"),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** The nested deployment's resources, evaluated in its inner scope with the values passed in. */
function liveResources(overrides: Record<string, ArmValue> = {}): { type: string; body: JsonObject }[] {
  const outer = outerContext({ liveConnectionEvents: true, eventGridWebhookAppIdOrUri: APP, ...overrides });
  const properties = propertiesOf(liveDeployment());
  const passed = resolveDeep(properties['parameters'] ?? {}, outer) as Record<string, { value: ArmValue }>;
  const inner = properties['template'] as JsonObject;
  const context: ArmContext = {
    parameters: Object.fromEntries(Object.entries(passed).map(([name, entry]) => [name, entry.value])),
    variables: {},
    functions: azureFakes('contoso-iot'),
  };
  return (inner['resources'] as JsonObject[]).map((r) => ({
    type: String(r['type']),
    body: resolveDeep(r, context) as JsonObject,
  }));
}

describe('Event Grid wiring for live connection state', () => {
  test('is off by default (Event Grid validates the endpoint at creation: deploy the code first)', () => {
    const declaration = (template['parameters'] as JsonObject)['liveConnectionEvents'];
    expect(isObject(declaration) && declaration['defaultValue']).toBe(false);
    expect(liveDeployment().body['condition']).toBe("[parameters('liveConnectionEvents')]");
    expect(liveDeployment().body['dependsOn']).toEqual(
      expect.arrayContaining(["[resourceId('Microsoft.Web/sites', variables('webAppName'))]"]),
    );
  });

  test("a system topic on the hub, in the hub's group and region", () => {
    const outer = outerContext({ liveConnectionEvents: true });
    expect(resolveDeep(liveDeployment().body['resourceGroup'] ?? null, outer)).toBe('contoso-iot');
    const topic = liveResources().find((r) => r.type === 'Microsoft.EventGrid/systemTopics');
    expect(topic?.body).toMatchObject({
      name: 'contoso-fleet-hub-events',
      location: 'koreacentral',
      properties: { source: HUB_ID, topicType: 'Microsoft.Devices.IoTHubs' },
    });
    const named = liveResources({ eventGridSystemTopicName: 'existing-topic' });
    expect(named.find((r) => r.type === 'Microsoft.EventGrid/systemTopics')?.body['name']).toBe(
      'existing-topic',
    );
  });

  test('a subscription to /api/events for exactly the four event types the bot keeps, with Entra ID delivery, retries and dead letters', () => {
    const subscription = liveResources().find(
      (r) => r.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions',
    );
    expect(subscription?.body['name']).toBe('contoso-fleet-hub-events/contoso-iot-triage-live-state');
    const properties = subscription?.body['properties'] as JsonObject;
    expect(properties).toMatchObject({
      destination: {
        endpointType: 'WebHook',
        properties: {
          endpointUrl: `https://${SAMPLE.hostName}/api/events`,
          azureActiveDirectoryTenantId: SAMPLE.tenantId,
          azureActiveDirectoryApplicationIdOrUri: APP,
        },
      },
      eventDeliverySchema: 'EventGridSchema',
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      deadLetterDestination: {
        endpointType: 'StorageBlob',
        properties: {
          resourceId: `/subscriptions/${SAMPLE.subscriptionId}/resourceGroups/contoso-iot-triage-rg/providers/Microsoft.Storage/storageAccounts/${String(outerContext({}).parameters['stateStorageAccountName'])}`,
          blobContainerName: 'event-grid-dead-letters',
        },
      },
    });
    const types = (properties['filter'] as { includedEventTypes: string[] }).includedEventTypes;
    expect([...types].sort()).toEqual(Object.keys(IOT_HUB_EVENT_TYPES).sort());
    // And the route keeps every one of them (none is silently ignored).
    for (const eventType of types) {
      const data = {
        hubName: 'contoso-fleet-hub',
        deviceId: 'd1',
        deviceConnectionStateEventInfo: { sequenceNumber: '01' },
      };
      const [item] = parseDelivery([{ id: '1', eventType, eventTime: '2026-03-02T10:00:00Z', data }]);
      expect(item?.kind).toBe('device');
    }
  });

  test('the dead-letter container is created in the storage account, which exists even with file state', () => {
    const containers = allResources(template).filter(
      (r) => r.type === 'Microsoft.Storage/storageAccounts/blobServices/containers',
    );
    const deadLetters = containers.find((c) => c.name.includes("variables('deadLetterContainerName')"));
    expect(deadLetters?.body['condition']).toBe("[parameters('liveConnectionEvents')]");
    const outer = outerContext({ liveConnectionEvents: true, botStateStorage: 'file' });
    expect(resolveDeep("[variables('needsStorageAccount')]", outer)).toBe(true);
    expect(resolveDeep("[variables('needsStorageAccount')]", outerContext({ botStateStorage: 'file' }))).toBe(
      false,
    );
  });

  test("the web app checks Event Grid's tokens: audience = the app, role AzureEventGridSecureWebhookSubscriber; no audience when off", () => {
    const site = allResources(template).find((r) => r.type === 'Microsoft.Web/sites');
    const settings = ((site?.body['properties'] as JsonObject)['siteConfig'] as JsonObject)[
      'appSettings'
    ] as {
      name: string;
      value: string;
    }[];
    const value = (name: string, overrides: Record<string, ArmValue>) =>
      resolveDeep(settings.find((s) => s.name === name)?.value ?? null, outerContext(overrides));
    const on = { liveConnectionEvents: true, eventGridWebhookAppIdOrUri: APP };
    expect(value('EVENTS_WEBHOOK_AUDIENCE', on)).toBe(APP);
    expect(value('EVENTS_WEBHOOK_AUDIENCE', { eventGridWebhookAppIdOrUri: APP })).toBe('');
    expect(value('EVENTS_WEBHOOK_TENANT_ID', on)).toBe(SAMPLE.tenantId);
    expect(value('EVENTS_WEBHOOK_ROLE', on)).toBe('AzureEventGridSecureWebhookSubscriber');
  });
});
