import type { FindingId } from '../../knowledge/catalog';
import type { Finding } from '../finding';
import type { TimeWindow } from '../queries/kql-query';
import type { DeviceEvent, SdkFamilyOrUnknown } from '../timeline';

/** Devices disconnecting with an error in one 5-minute bin of the device's hub. */
export interface DisconnectBin {
  /** Epoch ms of the bin start. */
  readonly startInMs: number;
  readonly devices: number;
}

/** The hub around the device: error disconnects per 5-minute bin (only bins with any). */
export interface HubContext {
  readonly hub: string;
  readonly bins: readonly DisconnectBin[];
  /** Number of 5-minute bins in the window, so the empty ones count in the usual rate. */
  readonly binsInWindow: number;
}

/** Whether the logs have anything at all in the window. */
export interface DataPresence {
  /** Connections records in the window (all devices, the hubs in scope). */
  readonly connectionRecords: number;
  /** DPS DeviceOperations records in the window. */
  readonly dpsRecords: number;
}

/** Facts about the answer's data that the data.* detectors turn into findings. */
export interface DataFacts {
  readonly presence: DataPresence | undefined;
  readonly partialError: string | undefined;
  /** Nearest known ids, when the device has no records. */
  readonly suggestedIds: readonly string[];
  /**
   * Whether records still arrive after the fact (Log Analytics ingests minutes late). False for
   * loaded files and the demo, which are complete as they are; absent means true.
   */
  readonly lateArrivals?: boolean;
}

/** Everything a detector may look at. Detectors are pure functions of this. */
export interface DetectorContext {
  readonly deviceId: string;
  /** The device's hub (as in the logs) when known. */
  readonly hub: string | undefined;
  /** Device-level IoT Hub events, oldest first. */
  readonly events: readonly DeviceEvent[];
  /** DPS events, oldest first. */
  readonly dpsEvents: readonly DeviceEvent[];
  /**
   * The device's Event Grid events (device level), in sequence-number order; their `seq` places
   * them among `events`. Empty where the data has no Event Grid events (Log Analytics).
   */
  readonly connectionStateEvents: readonly DeviceEvent[];
  readonly hubContext: HubContext | undefined;
  readonly window: TimeWindow;
  readonly now: Date;
  /** SDK family from the device's most recent connect that names one. */
  readonly sdkFamily: SdkFamilyOrUnknown;
  readonly data: DataFacts;
  /**
   * Whether a more specific finding already explains `event` for the generic finding `id`
   * (findings.md "Ranking": a token renewal's 404104 is not also an isolated 404104).
   */
  readonly isExplained: (id: FindingId, event: DeviceEvent) => boolean;
}

/** A detector: one finding family. */
export type Detector = (context: DetectorContext) => Finding[];

/** A context where nothing is explained yet (tests and the first detector layer). */
export function nothingExplained(): boolean {
  return false;
}
