/**
 * The diagnosis core: from a device (or a fleet) and a time window to ranked findings with
 * evidence, over any LogsBackend. Everything returned is plain JSON data.
 */
export { diagnose, TIMELINE_LIMIT, type DiagnoseDeps, type DiagnosisRequest } from './diagnose';
export type { ActivitySlot } from './connection-activity';
export { isDeviceConnectionEvent } from './connection-activity';
export { isSuccessfulConnect } from './detectors/event-patterns';
export type { DataStatus, Diagnosis, DiagnosisRequestEcho, TimelineExcerpt, Verdict } from './diagnosis';
export type { Finding, FindingFacts } from './finding';
export type { DeviceEvent, EventSource, SdkFamilyOrUnknown } from './timeline';
/** The logs seam's types a diagnosis carries (query targets) and its readers need (deep links). */
export type { LogsTarget, QueryLinks } from '../logs/backend';
export type { ExecutedQuery } from './run-queries';
export {
  dpsFailures,
  dpsMetrics,
  hubErrorBreakdown,
  hubFindingFor,
  topDisconnectingDevices,
  type DisconnectingDeviceRow,
  type DpsFailureRow,
  type DpsMetricPoint,
  type DpsMetricTotal,
  type FleetAnswer,
  type FleetDataStatus,
  type FleetDeps,
  type HubErrorDevice,
  type HubErrorRow,
  type HubErrorTrendPoint,
  type TokenRenewals,
} from './fleet';
export {
  CONNECTED_DEVICE_METRIC,
  hubConnectedDevices,
  type ConnectedDevicePoint,
  type ConnectedDevicesAnswer,
  type ConnectedDevicesDeps,
} from './connected-devices';
export { dpsFindingFor } from './detectors/dps-errors';
export {
  AmbiguousHubError,
  InvalidWindowError,
  UnknownHubError,
  hubDirectoryFromSettings,
  iotHubNames,
  type HubDirectory,
  type HubLocation,
  type HubSettingLike,
} from './hubs';
export { hubDirectoryFromLogs } from './log-hubs';
export { warmUpQuestions, type WarmUpDeps } from './warm-up';
export {
  InvalidIdentifierError,
  isValidIdentifier,
  kqlIdentifierLiteral,
  type IdentifierKind,
} from './kql-literal';
export { rankFindings, EXPLAINED_BY } from './rank';
export type { FleetScope, KqlQuery, TimeWindow } from './queries';
export {
  fleetHealth,
  OFFLINE_SETTLE_MS,
  RECENT_WINDOW_MS,
  type FleetHealth,
  type FleetHealthDevice,
  type FleetHealthGroup,
  type FleetHealthRequest,
  type FleetLevelFinding,
  type HubHealth,
} from './fleet-health';
