import type { TokenCredential } from '@azure/identity';
import { AzureLogsBackend, type AzureLogsBackendOptions } from './azure/azure-logs-backend';
import { createAzureCredential } from './azure/credential';
import type { LogsBackend } from './backend';

export interface LogsBackendSettings {
  /** Log Analytics workspace id; its presence is what "connected to Azure" means. */
  readonly workspaceId?: string;
  /** The workspace's ARM id, for "Open in Log Analytics" links. */
  readonly workspaceResourceId?: string;
  /** The tenant the portal links sign in to. */
  readonly tenantId?: string;
  readonly managedIdentityClientId?: string;
  /** The process's one credential, when the composition root already made it (shared with metrics). */
  readonly credential?: TokenCredential;
}

/** Builds the Azure backend; replaceable so the choice itself can be tested without Azure. */
export type MakeAzureBackend = (options: AzureLogsBackendOptions) => LogsBackend;

/**
 * Azure when a workspace is configured, the embedded engine otherwise. Nothing else about the bot
 * changes between the two, so this is the only place the choice is made. The local backend is built
 * lazily because building it loads (or generates) log files, which is wasted work in Azure.
 */
export async function selectLogsBackend(
  settings: LogsBackendSettings,
  makeLocal: () => Promise<LogsBackend>,
  makeAzure: MakeAzureBackend = (options) => new AzureLogsBackend(options),
): Promise<LogsBackend> {
  if (!settings.workspaceId) return makeLocal();
  const credential =
    settings.credential ??
    createAzureCredential(
      settings.managedIdentityClientId ? { managedIdentityClientId: settings.managedIdentityClientId } : {},
    );
  return makeAzure({
    workspaceId: settings.workspaceId,
    credential,
    ...(settings.workspaceResourceId !== undefined
      ? { workspaceResourceId: settings.workspaceResourceId }
      : {}),
    ...(settings.tenantId !== undefined ? { tenantId: settings.tenantId } : {}),
  });
}
