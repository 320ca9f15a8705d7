/**
 * Time bins for the cards' charts: at most 8 (9 with the leading partial bin) per window, aligned to the reader's wall clock (whole
 * hours, local midnight), with labels of at most four characters: the Teams chart renderer gives
 * each x-axis label 1/n of the width and cuts the rest ("19:40" became "1..." in the Agents
 * Playground). The text fallback and the timeline carry full times.
 */
import type { CardContext } from './card-context';
import { offsetMinutes, resolveTimeZone, wallClock } from './card-time';

const BIN_MINUTES = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080];
/** More bins than this and the axis labels no longer fit beside each other. */
const MAX_BINS = 8;
const MINUTE_MS = 60_000;

export interface ChartBins {
  readonly binMinutes: number;
  /** Start of each bin (epoch ms), oldest first. */
  readonly starts: readonly number[];
  /** Axis label of each bin, at most four characters. */
  readonly labels: readonly string[];
  /** The bin an instant falls in (clamped to the first and last bin). */
  indexOf(timeInMs: number): number;
}

/** The smallest bin size (at least `minimumMinutes`) that fits the window into eight bins. */
export function chartBinMinutes(
  window: { readonly start: string; readonly end: string },
  minimumMinutes = 0,
): number {
  const minutes = (Date.parse(window.end) - Date.parse(window.start)) / MINUTE_MS;
  return BIN_MINUTES.find((size) => size >= minimumMinutes && minutes / size <= MAX_BINS) ?? 10080;
}

function label(
  startInMs: number,
  binMinutes: number,
  ctx: CardContext,
  previous: number | undefined,
): string {
  const zone = resolveTimeZone(ctx.timeZone);
  const clock = wallClock(new Date(startInMs), zone);
  const [, month = '', day = ''] = clock.date.split('-');
  const [hour = '', minute = ''] = clock.time.split(':');
  const monthDay = `${Number(month)}/${Number(day)}`;
  if (binMinutes >= 1440) return monthDay;
  const newDay = previous !== undefined && wallClock(new Date(previous), zone).date !== clock.date;
  if (minute !== '00') return `:${minute}`;
  if (newDay && hour === '00') return monthDay.length <= 4 ? monthDay : `${Number(day)}`;
  return ctx.locale === 'ko' ? `${Number(hour)}시` : `${Number(hour)}h`;
}

/**
 * The chart keys its points by label, so "18h" on two days would merge into one point. A repeated
 * label gets zero-width spaces appended: it looks the same and is a different key.
 */
function unique(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((text) => {
    const count = seen.get(text) ?? 0;
    seen.set(text, count + 1);
    return count === 0 ? text : `${text}${'\u200b'.repeat(count)}`;
  });
}

/** Bins over the window, the first starting at the last wall-clock boundary at or before its start. */
export function chartBins(
  window: { readonly start: string; readonly end: string },
  ctx: CardContext,
  minimumMinutes = 0,
): ChartBins {
  const binMinutes = chartBinMinutes(window, minimumMinutes);
  const binMs = binMinutes * MINUTE_MS;
  const startMs = Date.parse(window.start);
  const endMs = Date.parse(window.end);
  // Whole local hours / local midnights: shift to wall time, floor, shift back.
  const offsetMs = offsetMinutes(new Date(startMs), resolveTimeZone(ctx.timeZone)) * MINUTE_MS;
  const first = Math.floor((startMs + offsetMs) / binMs) * binMs - offsetMs;
  const count = Math.max(1, Math.ceil((endMs - first) / binMs));
  const starts = Array.from({ length: count }, (_, i) => first + i * binMs);
  const labels = unique(
    starts.map((start, i) => label(start, binMinutes, ctx, i > 0 ? starts[i - 1] : undefined)),
  );
  return {
    binMinutes,
    starts,
    labels,
    indexOf: (timeInMs) => Math.min(count - 1, Math.max(0, Math.floor((timeInMs - first) / binMs))),
  };
}
