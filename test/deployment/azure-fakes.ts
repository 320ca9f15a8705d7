/**
 * Fakes of what Resource Manager looks up while it evaluates a template (the deployment's
 * subscription and group, deployed resources), so tests can evaluate expressions offline.
 */
import { createHash } from 'node:crypto';
import type { ArmContext, ArmValue } from './arm-expressions';

export const SAMPLE = {
  subscriptionId: '11111111-2222-3333-4444-555555555555',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '3c5b2a4e-8f1d-4c7a-9b6e-0d2f1a3b4c5d',
  principalId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  workspaceCustomerId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
  hostName: 'contoso-iot-triage.azurewebsites.net',
  storageKey: 'fake-storage-key',
  webhookSecret: 'a'.repeat(64),
};

/** The functions of a deployment into `resourceGroupName` of the sample subscription. */
export function azureFakes(resourceGroupName: string): ArmContext['functions'] {
  const rgId = `/subscriptions/${SAMPLE.subscriptionId}/resourceGroups/${resourceGroupName}`;
  return {
    resourceGroup: () => ({ id: rgId, name: resourceGroupName, location: 'koreacentral' }),
    subscription: () => ({ subscriptionId: SAMPLE.subscriptionId, tenantId: SAMPLE.tenantId }),
    resourceId: (...args: ArmValue[]) => {
      const [type, ...names] = args.map(String);
      return `${rgId}/providers/${type}/${names.join('/')}`;
    },
    reference: (id: ArmValue): ArmValue => {
      const text = String(id);
      if (text.includes('Microsoft.ManagedIdentity/userAssignedIdentities')) {
        return { clientId: SAMPLE.clientId, principalId: SAMPLE.principalId, tenantId: SAMPLE.tenantId };
      }
      if (text.includes('Microsoft.OperationalInsights/workspaces'))
        return { customerId: SAMPLE.workspaceCustomerId };
      if (text.includes('Microsoft.Web/sites')) return { defaultHostName: SAMPLE.hostName };
      if (text.includes('Microsoft.Devices/IotHubs')) return { location: 'koreacentral' };
      throw new Error(`no fake for reference(${text})`);
    },
    listKeys: () => ({ keys: [{ keyName: 'key1', value: SAMPLE.storageKey }] }),
    environment: () => ({ suffixes: { storage: 'core.windows.net' } }),
    // Deterministic like the real one: the same arguments give the same 13 characters.
    uniqueString: (...args: ArmValue[]) =>
      createHash('sha256').update(args.map(String).join('|')).digest('hex').slice(0, 13),
  };
}
