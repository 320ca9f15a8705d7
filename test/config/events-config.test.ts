import { ConfigError, readConfig } from '../../src/config/config';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('EVENTS_WEBHOOK_*: how /api/events authenticates Event Grid', () => {
  it('is off without a key or an audience', () => {
    expect(readConfig({}).events).toEqual({});
  });

  it('reads the shared key, and the Entra ID delivery with Event Grid’s role by default', () => {
    const config = readConfig({
      EVENTS_WEBHOOK_SECRET: 'events-secret-0123456789',
      EVENTS_WEBHOOK_AUDIENCE: 'api://iot-triage-events, 4962773b-9cdb-44cf-a8bf-237846a00ab7',
      EVENTS_WEBHOOK_TENANT_ID: TENANT,
    });
    expect(config.events).toEqual({
      webhookSecret: 'events-secret-0123456789',
      entra: {
        tenantId: TENANT,
        audiences: ['api://iot-triage-events', '4962773b-9cdb-44cf-a8bf-237846a00ab7'],
        requiredRole: 'AzureEventGridSecureWebhookSubscriber',
      },
    });
    // The alerts' webhook settings stay their own (in development only a local secret's folder).
    expect(config.alerts).toEqual({ localSecretFolder: './.data' });
  });

  it('takes the bot’s tenant when none is given, and another role when asked', () => {
    const config = readConfig({
      MicrosoftAppTenantId: TENANT,
      EVENTS_WEBHOOK_AUDIENCE: 'api://events',
      EVENTS_WEBHOOK_ROLE: 'EventsSender',
    });
    expect(config.events.entra).toEqual({
      tenantId: TENANT,
      audiences: ['api://events'],
      requiredRole: 'EventsSender',
    });
  });

  it('names every problem: a short key, an audience without a tenant', () => {
    let error: unknown;
    try {
      readConfig({ EVENTS_WEBHOOK_SECRET: 'short', EVENTS_WEBHOOK_AUDIENCE: 'api://events' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('EVENTS_WEBHOOK_SECRET: must be at least 16 characters');
    expect(problems).toContain('/api/events');
    expect(problems).toContain('EVENTS_WEBHOOK_TENANT_ID: required with EVENTS_WEBHOOK_AUDIENCE');
  });
});
