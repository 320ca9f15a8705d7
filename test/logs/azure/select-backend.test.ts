import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { AzureLogsBackend } from '../../../src/logs/azure/azure-logs-backend';
import { createAzureCredential } from '../../../src/logs/azure/credential';
import type { LogsBackend } from '../../../src/logs/backend';
import type { AzureLogsBackendOptions } from '../../../src/logs/azure/azure-logs-backend';
import { selectLogsBackend } from '../../../src/logs/select-backend';
import { fakeCredential } from '../../fakes/fake-log-analytics-http';

const WORKSPACE_ID = '11111111-2222-3333-4444-555555555555';

/** A stand-in for the embedded engine: selection must not depend on what it does. */
const localStandIn: LogsBackend = {
  description: {
    serviceName: 'stand-in',
    inProcess: true,
    ingestionLatency: false,
    defaultTarget: { kind: 'workspace', id: 'local' },
    tables: { diagnostics: 'AzureDiagnostics', metrics: 'AzureMetrics' },
  },
  query: () => Promise.reject(new Error('not used')),
  queryBatch: () => Promise.reject(new Error('not used')),
};

describe('selectLogsBackend', () => {
  it('builds the local backend, and nothing Azure, when no workspace is configured', async () => {
    const makeAzure = jest.fn();
    const backend = await selectLogsBackend({}, async () => localStandIn, makeAzure);
    expect(backend).toBe(localStandIn);
    expect(makeAzure).not.toHaveBeenCalled();
  });

  it('builds the Azure backend with the shared credential and the link settings when a workspace is configured, without loading local logs', async () => {
    const makeLocal = jest.fn(async () => localStandIn);
    const seen: AzureLogsBackendOptions[] = [];
    const backend = await selectLogsBackend(
      {
        workspaceId: WORKSPACE_ID,
        workspaceResourceId: '/subscriptions/s/w',
        tenantId: 't',
        credential: fakeCredential,
      },
      makeLocal,
      (options) => {
        seen.push(options);
        return new AzureLogsBackend(options);
      },
    );
    expect(backend.description).toMatchObject({
      serviceName: 'Log Analytics',
      defaultTarget: { kind: 'workspace', id: WORKSPACE_ID },
    });
    expect(seen).toEqual([
      {
        workspaceId: WORKSPACE_ID,
        workspaceResourceId: '/subscriptions/s/w',
        tenantId: 't',
        credential: fakeCredential,
      },
    ]);
    expect(makeLocal).not.toHaveBeenCalled();
  });

  it('by default makes an AzureLogsBackend with a managed identity credential for the configured client id', async () => {
    let credentialUsed: TokenCredential | undefined;
    const backend = await selectLogsBackend(
      { workspaceId: WORKSPACE_ID, managedIdentityClientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
      async () => localStandIn,
      (options) => {
        credentialUsed = options.credential;
        return new AzureLogsBackend(options);
      },
    );
    expect(backend).toBeInstanceOf(AzureLogsBackend);
    expect(credentialUsed).toBeInstanceOf(ManagedIdentityCredential);
  });
});

describe('createAzureCredential', () => {
  it('uses exactly the configured managed identity, never the fallback chain', () => {
    expect(
      createAzureCredential({ managedIdentityClientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }),
    ).toBeInstanceOf(ManagedIdentityCredential);
  });

  it('uses the developer default chain when no managed identity is configured', () => {
    expect(createAzureCredential({})).toBeInstanceOf(DefaultAzureCredential);
  });
});
