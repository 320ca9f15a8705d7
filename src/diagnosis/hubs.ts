/**
 * Several hubs: configuration maps each IoT hub / DPS name to the workspace its logs go to (and
 * its ARM id, for portal links). In local mode the directory is empty and the hubs are simply the
 * `Resource` values in the loaded logs.
 */

/** Where one hub's or DPS's logs live. */
export interface HubLocation {
  /** Log Analytics workspace (GUID); absent → the backend's default workspace. */
  readonly workspaceId?: string;
  /** ARM resource id, for portal links. */
  readonly resourceId?: string;
  readonly kind?: 'iothub' | 'dps';
  /** Local mode: the entry comes from the loaded logs' `Resource` values, not from configuration. */
  readonly foundInLogs?: boolean;
}

/** Hub / DPS name (any case) → where its logs live. */
export type HubDirectory = Readonly<Record<string, HubLocation>>;

/** One configured hub or DPS (the `IOT_HUBS` setting's entries; structurally, so diagnosis needs no config import). */
export interface HubSettingLike {
  readonly name: string;
  readonly kind?: 'iothub' | 'dps';
  readonly workspaceId?: string | undefined;
  readonly resourceId?: string | undefined;
}

/**
 * The directory diagnose() and the fleet answers use, from the `IOT_HUBS` configuration: each name
 * maps to its workspace and ARM id. An empty list gives an empty directory (one default workspace).
 */
export function hubDirectoryFromSettings(settings: readonly HubSettingLike[]): HubDirectory {
  const directory: Record<string, HubLocation> = {};
  for (const setting of settings) {
    directory[setting.name] = {
      kind: setting.kind ?? 'iothub',
      ...(setting.workspaceId !== undefined ? { workspaceId: setting.workspaceId } : {}),
      ...(setting.resourceId !== undefined ? { resourceId: setting.resourceId } : {}),
    };
  }
  return directory;
}

/** The IoT hub names of a directory (DPS entries left out), as written there. */
export function iotHubNames(directory: HubDirectory | undefined): string[] {
  return Object.entries(directory ?? {})
    .filter(([, location]) => location.kind !== 'dps')
    .map(([name]) => name)
    .sort();
}

/** The entry for `name` (case-insensitive; Azure upper-cases `Resource`). */
export function findHub(directory: HubDirectory | undefined, name: string): HubLocation | undefined {
  if (!directory) return undefined;
  const wanted = name.toUpperCase();
  return Object.entries(directory).find(([key]) => key.toUpperCase() === wanted)?.[1];
}

/** The workspaces to ask: every distinct configured one, or the default (undefined). */
export function workspacesOf(directory: HubDirectory | undefined): (string | undefined)[] {
  const ids = new Set<string | undefined>();
  for (const location of Object.values(directory ?? {})) ids.add(location.workspaceId);
  return ids.size === 0 ? [undefined] : [...ids];
}

/**
 * The device id has records in more than one hub and the question named none: ask back rather
 * than guess. The message is safe to show and lists the hubs.
 */
export class AmbiguousHubError extends Error {
  override readonly name = 'AmbiguousHubError';
  constructor(
    readonly deviceId: string,
    readonly hubs: readonly string[],
  ) {
    super(`Device "${deviceId}" has records in several IoT hubs: ${hubs.join(', ')}. Which hub do you mean?`);
  }
}

/**
 * The question named a hub the directory does not know (configured hubs, or in local mode the hubs
 * found in the loaded logs). Safe to show; lists the known hubs.
 */
export class UnknownHubError extends Error {
  override readonly name = 'UnknownHubError';
  constructor(
    readonly hub: string,
    readonly knownHubs: readonly string[],
    readonly origin: 'configuration' | 'logs' = 'configuration',
  ) {
    super(
      origin === 'configuration'
        ? `IoT hub "${hub}" is not configured. Known hubs: ${knownHubs.join(', ') || '(none)'}.`
        : `IoT hub "${hub}" has no records in the loaded logs. Hubs in the logs: ${knownHubs.join(', ') || '(none)'}.`,
    );
  }
}

/** The time window is empty or reversed. Safe to show. */
export class InvalidWindowError extends Error {
  override readonly name = 'InvalidWindowError';
  constructor(
    readonly start: Date,
    readonly end: Date,
  ) {
    super('The time window must start before it ends.');
  }
}
