/**
 * The parts of an Azure Resource Manager id that Log Analytics stores in separate columns.
 *
 * Diagnostic-settings archives carry only `resourceId`; Log Analytics derives SubscriptionId,
 * ResourceGroup, ResourceProvider, ResourceType and Resource from it. Doing the same at load time
 * makes archive files answer the same KQL as data ingested by Log Analytics.
 */
export interface ArmResourceParts {
  /** Full id, upper-cased (the `ResourceId` column). */
  readonly resourceId: string;
  /** Full id, lower-cased (the `_ResourceId` column, the one to filter and join on). */
  readonly resourceIdLower: string;
  readonly subscriptionId: string | null;
  readonly resourceGroup: string | null;
  readonly resourceProvider: string | null;
  readonly resourceType: string | null;
  readonly resource: string | null;
}

/**
 * Splits `/subscriptions/<sub>/resourceGroups/<rg>/providers/<ns>/<type>/<name>[/<type>/<name>...]`.
 * Segment names are matched case-insensitively because archives upper-case the whole id.
 * For nested resources the last type/name pair is the resource, as in Log Analytics.
 */
export function parseArmResourceId(id: string): ArmResourceParts {
  const segments = id.split('/').filter((segment) => segment.length > 0);
  const valueAfter = (key: string): string | null => {
    const index = segments.findIndex((segment) => segment.toLowerCase() === key);
    const value = index >= 0 ? segments[index + 1] : undefined;
    return value ?? null;
  };
  const providersIndex = segments.findIndex((segment) => segment.toLowerCase() === 'providers');
  const typedNames = providersIndex >= 0 ? segments.slice(providersIndex + 2) : [];
  const lastPairStart =
    typedNames.length >= 2 ? typedNames.length - (typedNames.length % 2 === 0 ? 2 : 1) : -1;
  const resourceType = lastPairStart >= 0 ? (typedNames[lastPairStart] ?? null) : null;
  const resource = lastPairStart >= 0 ? (typedNames[lastPairStart + 1] ?? null) : null;
  const provider = providersIndex >= 0 ? (segments[providersIndex + 1] ?? null) : null;
  return {
    resourceId: id.toUpperCase(),
    resourceIdLower: id.toLowerCase(),
    subscriptionId: valueAfter('subscriptions')?.toLowerCase() ?? null,
    resourceGroup: valueAfter('resourcegroups')?.toUpperCase() ?? null,
    resourceProvider: provider?.toUpperCase() ?? null,
    resourceType: resourceType?.toUpperCase() ?? null,
    resource: resource?.toUpperCase() ?? null,
  };
}
