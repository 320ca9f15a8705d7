/**
 * Several hubs: configuration maps each IoT hub / DPS name to the data set its logs go to (and
 * its ARM id, for metrics). In local mode the directory is empty and the hubs are simply the
 * `Resource` values in the loaded logs.
 */
import type { LogsBackendDescription, LogsTarget } from '../logs/backend';
import type { LogTables } from '../logs/schema';

/** Where one hub's or DPS's logs live. */
export interface HubLocation {
  /** The workspace (or resource) its logs are queried in; absent → the backend's default target. */
  readonly target?: LogsTarget;
  /** Its tables there; absent → the backend's (`AzureDiagnostics`, `AzureMetrics`). */
  readonly tables?: LogTables;
  /** ARM resource id, for the metrics API. */
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
      ...(setting.workspaceId !== undefined
        ? { target: { kind: 'workspace', id: setting.workspaceId } satisfies LogsTarget }
        : {}),
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

/** One place a query runs: the data set it names and that data set's tables. */
export interface LogsPlace {
  readonly target: LogsTarget;
  readonly tables: LogTables;
}

/** Where `location`'s logs are, the backend's defaults filling what the entry leaves out. */
export function placeOf(location: HubLocation | undefined, backend: LogsBackendDescription): LogsPlace {
  return { target: location?.target ?? backend.defaultTarget, tables: location?.tables ?? backend.tables };
}

/** Every distinct place the directory's hubs log to; the backend's default alone when it has none. */
export function placesOf(directory: HubDirectory | undefined, backend: LogsBackendDescription): LogsPlace[] {
  const locations = Object.values(directory ?? {});
  const places = new Map<string, LogsPlace>();
  for (const location of locations.length > 0 ? locations : [undefined]) {
    const place = placeOf(location, backend);
    places.set(JSON.stringify(place), place);
  }
  return [...places.values()];
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
