/**
 * The answer to "why did device X disconnect?" as plain, JSON-serializable data. Cards and the CLI
 * render it; the prose comes from the knowledge catalog by finding id.
 */
import type { Finding } from './finding';
import type { ExecutedQuery } from './run-queries';
import type { ActivitySlot } from './connection-activity';
import type { DeviceEvent } from './timeline';

/** What was asked (times as ISO strings). */
export interface DiagnosisRequestEcho {
  readonly deviceId: string;
  readonly hub?: string;
  readonly registrationId?: string;
  readonly window: { readonly start: string; readonly end: string };
}

/** How complete the data behind the answer is. */
export interface DataStatus {
  /** The service returned part of the results (or a supporting query failed): the answer may be incomplete. */
  readonly partial: boolean;
  readonly partialError?: string;
  /** Names of the queries that hit their row cap (newest rows kept). */
  readonly truncated: readonly string[];
  /** The window ends within the last ~5 minutes of a live workspace; late-arriving logs may be missing (never set for local files). */
  readonly recentWindow: boolean;
  /** The device has no records at all (IoT Hub or DPS) in the window. */
  readonly noData: boolean;
  /** First and last Connections / DPS record (any device) within the window, when there are any. */
  readonly logsCoverage?: { readonly earliest: string; readonly latest: string };
  /**
   * Where the logs came from: `local` when they were loaded into the bot (files, demo), `azure` when
   * a log service answered. Derived from the backend's `inProcess`; the values predate it.
   */
  readonly backend: 'azure' | 'local';
}

/** The one-line answer. */
export interface Verdict {
  /** `problem`: a warning or worse with evidence; `healthy`: records but no problem; `no-data`: nothing to go on. */
  readonly kind: 'problem' | 'healthy' | 'no-data';
  /** Last successful connect in the window (ISO). */
  readonly lastConnect?: string;
}

/** The device's events for the card: all of them, or the most relevant first when there are many. */
export interface TimelineExcerpt {
  readonly events: readonly DeviceEvent[];
  /** Events the device has in the window (before shortening). */
  readonly total: number;
  /** `chronological` (oldest first) when complete; `relevance` (evidence of the top findings first) when shortened. */
  readonly order: 'chronological' | 'relevance';
  /**
   * Connects / failed connects / disconnects per five-minute slot over every event in the window
   * (not only the excerpt), for charts. Absent in diagnoses made before it existed.
   */
  readonly activity?: readonly ActivitySlot[];
}

export interface Diagnosis {
  readonly request: DiagnosisRequestEcho;
  /** The device's IoT hub as the logs name it (upper-case), when known. */
  readonly hub?: string;
  /** The DPS instance with the device's records, when any. */
  readonly dps?: string;
  /** Ranked: most actionable first (rank.ts). */
  readonly findings: readonly Finding[];
  readonly timeline: TimelineExcerpt;
  /** Every query that ran, in order, for "show the KQL" and deep links. */
  readonly queries: readonly ExecutedQuery[];
  readonly dataStatus: DataStatus;
  readonly verdict: Verdict;
}
