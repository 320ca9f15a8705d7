import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

export interface AzureCredentialSettings {
  /** Client id of the bot's user-assigned managed identity (MANAGED_IDENTITY_CLIENT_ID). */
  readonly managedIdentityClientId?: string;
}

/**
 * The one Azure credential of the process.
 *
 * In production a managed identity client id is configured and we use exactly that identity:
 * `DefaultAzureCredential` would silently fall back to environment variables, a workload identity or
 * a developer's `az login` and query logs as someone else. Without one (a laptop), the default chain
 * is what a developer expects.
 *
 * Call it once in the composition root and pass the instance to every client (logs and metrics):
 * each credential instance has its own token cache, so a second instance means a second token
 * request to Entra ID and a second place for tokens to live.
 */
export function createAzureCredential(settings: AzureCredentialSettings = {}): TokenCredential {
  return settings.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: settings.managedIdentityClientId })
    : new DefaultAzureCredential();
}
