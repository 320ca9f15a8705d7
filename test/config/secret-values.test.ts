import { readConfig, secretValues } from '../../src/config/config';

describe('secretValues: what the logger scrubs', () => {
  it('lists the app password, the webhook secret, the storage connection string and its account key', () => {
    const config = readConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'app-password-value',
      ALERT_WEBHOOK_SECRET: 'webhook-secret-value-0123456789',
      STORAGE: 'blob',
      STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net',
    });
    expect(secretValues(config)).toEqual(
      expect.arrayContaining(['app-password-value', 'webhook-secret-value-0123456789', 'c2VjcmV0LWtleQ==']),
    );
  });

  it('lists the Cosmos key, and nothing at all when nothing secret is configured', () => {
    const cosmos = readConfig({
      STORAGE: 'cosmos',
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com',
      COSMOS_KEY: 'cosmos-key-value',
      COSMOS_DATABASE: 'db',
      COSMOS_CONTAINER: 'c',
    });
    expect(secretValues(cosmos)).toEqual(['cosmos-key-value']);
    expect(secretValues(readConfig({}))).toEqual([]);
  });
});
