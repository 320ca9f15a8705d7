/**
 * Exported logs are usually older than "the last 24 hours". When the loaded logs and the asked-for
 * window do not overlap, an empty answer would look like a healthy fleet: say instead which range
 * the logs cover, and how to ask about it.
 */
import type { TimeWindow } from '../diagnosis';
import type { Locale } from '../knowledge/catalog';
import type { LoadedRange } from './local-logs';
import { formatRange, reportText } from './report-text';

/** A gap at either end shorter than this is not worth a note (the demo ends at the full hour). */
const NOTABLE_GAP_MS = 60 * 60_000;

/** How the loaded logs relate to the window. */
export interface LogsCoverage {
  readonly relation: 'covers' | 'partly-covers' | 'before-window' | 'after-window' | 'no-logs';
  readonly earliest?: string;
  readonly latest?: string;
}

export function logsCoverage(window: TimeWindow, range: LoadedRange | undefined): LogsCoverage {
  if (!range) return { relation: 'no-logs' };
  const span = { earliest: range.earliest.toISOString(), latest: range.latest.toISOString() };
  const { earliest, latest } = { earliest: range.earliest.getTime(), latest: range.latest.getTime() };
  if (latest < window.start.getTime()) return { relation: 'before-window', ...span };
  if (earliest > window.end.getTime()) return { relation: 'after-window', ...span };
  const partly =
    earliest - window.start.getTime() > NOTABLE_GAP_MS || window.end.getTime() - latest > NOTABLE_GAP_MS;
  return { relation: partly ? 'partly-covers' : 'covers', ...span };
}

/** The sentences to print for a coverage that is not simply "covers", or [] when it is. */
export function coverageNotes(window: TimeWindow, coverage: LogsCoverage, locale: Locale): string[] {
  const text = reportText(locale);
  if (coverage.relation === 'no-logs') return [text.noLogsLoaded];
  if (coverage.relation === 'covers' || coverage.earliest === undefined || coverage.latest === undefined)
    return [];
  const range = formatRange(coverage.earliest, coverage.latest);
  const asked = formatRange(window.start, window.end);
  const hint = text.tryWindowHint(nowJustAfter(coverage.latest));
  if (coverage.relation === 'before-window') return [text.logsBeforeWindow(range, asked), hint];
  if (coverage.relation === 'after-window') return [text.logsAfterWindow(range, asked), hint];
  return [text.logsPartlyCover(range, asked)];
}

/** The next whole minute after the last record: a window ending there includes it (the end is exclusive). */
function nowJustAfter(latest: string): string {
  const minute = 60_000;
  const next = Math.floor(new Date(latest).getTime() / minute) * minute + minute;
  return new Date(next).toISOString().replace(':00.000Z', ':00Z');
}
