/**
 * What a detector reports: a finding id from the knowledge catalog plus the evidence and the values
 * its card text needs. Prose lives in the catalog; a Finding carries ids and numbers only, so the
 * same Diagnosis renders in English and Korean.
 */
import { getFinding, type FindingId, type PlaceholderValues, type Severity } from '../knowledge/catalog';
import type { DeviceEvent, SdkFamilyOrUnknown } from './timeline';

/** Structured facts behind a finding, for cards and the CLI (not summary placeholders). */
export interface FindingFacts {
  /** SDK family of the device, when the advice depends on it (token renewal). */
  readonly sdkFamily?: SdkFamilyOrUnknown;
  /** Error codes seen in the evidence, most frequent first. */
  readonly codes?: readonly string[];
  /** Typical interval of a recurring pattern, in minutes. */
  readonly intervalMinutes?: number;
  /** Fleet event: start of the 5-minute bin (ISO) and the hub's usual devices per bin. */
  readonly binStart?: string;
  readonly usualDevicesPerBin?: number;
  /** No device records: known ids nearest to the one asked for, best first. */
  readonly suggestedIds?: readonly string[];
  /** Partial results: the service's message. */
  readonly partialError?: string;
  /** DPS: the IoT hub host name DPS assigned the device to. */
  readonly assignedHubHost?: string;
}

/** One diagnosed situation with its evidence. Plain JSON data. */
export interface Finding {
  readonly id: FindingId;
  /** From the catalog: `info` (expected), `warning`, `error`, `critical`. */
  readonly severity: Severity;
  /** 0..1: how sure the pattern match is (a message match is surer than a timing guess). */
  readonly confidence: number;
  /** The device's events that show it, oldest first. Empty for data.* findings. */
  readonly evidence: readonly DeviceEvent[];
  /** Values for the catalog summary's placeholders (`{count}`, `{interval}`, ...). */
  readonly params: PlaceholderValues;
  readonly facts: FindingFacts;
}

/**
 * Builds a finding with the catalog's severity, so severity is decided in one place (findings.json)
 * and detectors only say what they saw.
 */
export function makeFinding(
  id: FindingId,
  evidence: readonly DeviceEvent[],
  options: {
    readonly confidence: number;
    readonly params?: PlaceholderValues;
    readonly facts?: FindingFacts;
  },
): Finding {
  return {
    id,
    severity: getFinding(id).severity,
    confidence: Math.max(0, Math.min(1, options.confidence)),
    evidence: [...evidence].sort((a, b) => a.seq - b.seq),
    params: options.params ?? {},
    facts: options.facts ?? {},
  };
}

/** Codes of the events, most frequent first (ties by code). */
export function codesByFrequency(events: readonly DeviceEvent[]): string[] {
  const counts = new Map<string, number>();
  for (const event of events)
    if (event.code !== '') counts.set(event.code, (counts.get(event.code) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code]) => code);
}
