/**
 * The detectors in layers: a layer runs after the layers above it, so a generic detector can ask
 * whether a specific finding already explains an event (rank.ts `EXPLAINED_BY`).
 *
 *   1. specific: token renewal (with or without error codes), 401003 by message, error codes (any
 *      category), hub suspended, still offline, DPS, assigned-not-connected
 *   2. fleet event, periodic 404104, unexplained 401003   (not what a renewal explains)
 *   3. flapping, transient errors                         (not what renewal / duplicate / fleet explain)
 *   4. isolated 404104                                    (not what any of the above explain)
 *   data.* detectors run beside them; they never look at events.
 */
import type { Detector } from './context';
import { detectAssignedNotConnected } from './assigned-not-connected';
import { detectClosedRemotely } from './closed-remotely';
import {
  detectNoDeviceRecords,
  detectNoDiagnostics,
  detectPartialResults,
  detectRecentWindow,
} from './data-findings';
import { detectCleanReconnects } from './clean-reconnects';
import {
  detectDpsBadRequest,
  detectDpsConflict,
  detectDpsEtagMismatch,
  detectDpsForbidden,
  detectDpsInternal,
  detectDpsMethodNotAllowed,
  detectDpsNotFound,
  detectDpsThrottled,
  detectDpsUnsupportedMediaType,
} from './dps-errors';
import { detectDpsUnauthorized } from './dps-unauthorized';
import { detectFlapping } from './flapping';
import { CODE_DETECTORS, detectTransientErrors } from './hub-error-codes';
import { detectHubSuspended } from './hub-suspended';
import { detectMassDisconnect } from './mass-disconnect';
import { detectStillOffline } from './offline';
import { detectPeriodicDisconnect } from './periodic-disconnect';
import { detectTokenRenewal } from './token-renewal';
import { detectUnauthorizedByMessage } from './unauthorized-messages';
import { detectUnexplainedUnauthorized } from './unauthorized-unexplained';

export const DETECTOR_LAYERS: readonly (readonly Detector[])[] = [
  [
    detectTokenRenewal,
    detectCleanReconnects,
    detectUnauthorizedByMessage,
    ...CODE_DETECTORS,
    detectHubSuspended,
    detectStillOffline,
    detectDpsBadRequest,
    detectDpsUnauthorized,
    detectDpsForbidden,
    detectDpsNotFound,
    detectDpsMethodNotAllowed,
    detectDpsConflict,
    detectDpsEtagMismatch,
    detectDpsUnsupportedMediaType,
    detectDpsThrottled,
    detectDpsInternal,
    detectAssignedNotConnected,
  ],
  [detectMassDisconnect, detectPeriodicDisconnect, detectUnexplainedUnauthorized],
  [detectFlapping, detectTransientErrors],
  [detectClosedRemotely],
];

export const DATA_DETECTORS: readonly Detector[] = [
  detectNoDiagnostics,
  detectNoDeviceRecords,
  detectPartialResults,
  detectRecentWindow,
];

export type {
  DataFacts,
  DataPresence,
  Detector,
  DetectorContext,
  DisconnectBin,
  HubContext,
} from './context';
