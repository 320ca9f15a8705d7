/**
 * Findings about the data rather than the device (findings.md, "Fleet and data findings"). They
 * carry no evidence and rank below every finding that has some.
 */
import { makeFinding, type Finding } from '../finding';
import type { TimeWindow } from '../queries/kql-query';
import type { DetectorContext } from './context';
import { MINUTE_MS } from './event-patterns';

/** Resource logs can arrive minutes late: a window ending closer to now than this may miss events. */
export const RECENT_WINDOW_MS = 5 * MINUTE_MS;

/** `2026-03-01 10:00 – 2026-03-02 10:00 UTC`, for the `{window}` placeholder. */
export function formatWindow(window: TimeWindow): string {
  const minute = (date: Date): string => date.toISOString().slice(0, 16).replace('T', ' ');
  return `${minute(window.start)} – ${minute(window.end)} UTC`;
}

/** No Connections and no DPS records at all in the window: diagnostics are not sent here. */
export function detectNoDiagnostics(context: DetectorContext): Finding[] {
  const presence = context.data.presence;
  if (!presence || presence.connectionRecords > 0 || presence.dpsRecords > 0) return [];
  return [
    makeFinding('data.no-diagnostics', [], {
      confidence: 0.9,
      params: { window: formatWindow(context.window) },
    }),
  ];
}

/** Other devices have records, this one has none (hub or DPS): a typo, a quiet device, or another hub. */
export function detectNoDeviceRecords(context: DetectorContext): Finding[] {
  const presence = context.data.presence;
  if (!presence || presence.connectionRecords === 0) return [];
  if (context.events.length > 0 || context.dpsEvents.length > 0) return [];
  return [
    makeFinding('data.no-device-records', [], {
      confidence: 0.9,
      params: { deviceId: context.deviceId, window: formatWindow(context.window) },
      facts: { suggestedIds: context.data.suggestedIds },
    }),
  ];
}

/** The service answered with part of the data. */
export function detectPartialResults(context: DetectorContext): Finding[] {
  const partialError = context.data.partialError;
  if (partialError === undefined) return [];
  return [makeFinding('data.partial-results', [], { confidence: 1, facts: { partialError } })];
}

/** The window ends within the last few minutes, and the logs are a live service that ingests late. */
export function detectRecentWindow(context: DetectorContext): Finding[] {
  if (context.data.lateArrivals === false) return [];
  if (context.now.getTime() - context.window.end.getTime() > RECENT_WINDOW_MS) return [];
  return [
    makeFinding('data.recent-window', [], {
      confidence: 1,
      params: { window: formatWindow(context.window) },
    }),
  ];
}
