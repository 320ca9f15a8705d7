import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { AzureLogsBackend } from '../../../src/logs/azure/azure-logs-backend';
import { createAzureCredential } from '../../../src/logs/azure/credential';
import type { LogsBackend } from '../../../src/logs/backend';
import { selectLogsBackend } from '../../../src/logs/select-backend';
import { fakeCredential } from '../../fakes/fake-log-analytics-http';

const WORKSPACE_ID = '11111111-2222-3333-4444-555555555555';

/** A stand-in for the embedded engine: selection must not depend on what it does. */
const localStandIn: LogsBackend = {
  kind: 'local',
  queryWorkspace: () => Promise.reject(new Error('not used')),
  queryBatch: () => Promise.reject(new Error('not used')),
};

describe('selectLogsBackend', () => {
  it('builds the local backend, and nothing Azure, when no workspace is configured', async () => {
    const makeAzure = jest.fn();
    const backend = await selectLogsBackend({}, async () => localStandIn, makeAzure);
    expect(backend).toBe(localStandIn);
    expect(makeAzure).not.toHaveBeenCalled();
  });

  it('builds the Azure backend with the shared credential when a workspace is configured, without loading local logs', async () => {
    const makeLocal = jest.fn(async () => localStandIn);
    const seen: { workspaceId: string; credential: TokenCredential }[] = [];
    const backend = await selectLogsBackend(
      { workspaceId: WORKSPACE_ID, credential: fakeCredential },
      makeLocal,
      (workspaceId, credential) => {
        seen.push({ workspaceId, credential });
        return new AzureLogsBackend({ workspaceId, credential });
      },
    );
    expect(backend.kind).toBe('azure');
    expect(seen).toEqual([{ workspaceId: WORKSPACE_ID, credential: fakeCredential }]);
    expect(makeLocal).not.toHaveBeenCalled();
  });

  it('by default makes an AzureLogsBackend with a managed identity credential for the configured client id', async () => {
    let credentialUsed: TokenCredential | undefined;
    const backend = await selectLogsBackend(
      { workspaceId: WORKSPACE_ID, managedIdentityClientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
      async () => localStandIn,
      (workspaceId, credential) => {
        credentialUsed = credential;
        return new AzureLogsBackend({ workspaceId, credential });
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
