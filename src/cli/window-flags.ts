/**
 * The time window every diagnosis command takes: `--from <ISO> --to <ISO>`, or `--last 24h`, or
 * nothing (the last 24 hours), all relative to `--now` when given, so a question about old exported
 * logs can be asked as if it were then.
 */
import type { TimeWindow } from '../diagnosis';
import { isoDurationToMs } from '../logs/azure/iso-duration';
import { UsageError } from './cli-io';
import { dateFlag } from './parse-flags';

/** parseArgs options for the window flags, spread into each command's own options. */
export const WINDOW_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  last: { type: 'string' },
  now: { type: 'string' },
} as const;

/** The help lines for {@link WINDOW_OPTIONS}. */
export const WINDOW_HELP = `  --from <ISO> --to <ISO>   the window, e.g. --from 2026-03-01T08:00:00Z --to 2026-03-01T20:00:00Z
                            (--from alone: from then until now)
  --last <duration>         the window ending now: 30m, 6h, 24h, 7d, 1d12h or ISO PT6H (default 24h)
  --now <ISO>               what "now" means (default: the clock); the demo data ends at its hour`;

/** Default window length: what "why did it disconnect?" usually means. */
const DEFAULT_LAST_MS = 24 * 3_600_000;
/** Log Analytics keeps interactive data for up to two years; longer is surely a typo. */
const MAX_WINDOW_MS = 730 * 86_400_000;

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export interface WindowFlagValues {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly last?: string | undefined;
  readonly now?: string | undefined;
}

/** The window and the instant that counts as now. Throws UsageError naming the flag at fault. */
export function windowFromFlags(
  values: WindowFlagValues,
  clock: () => Date,
): { readonly window: TimeWindow; readonly now: Date } {
  const now = values.now === undefined ? clock() : dateFlag('now', values.now);
  if (values.last !== undefined && (values.from !== undefined || values.to !== undefined)) {
    throw new UsageError('Give either --last or --from/--to, not both.');
  }
  if (values.to !== undefined && values.from === undefined) {
    throw new UsageError(
      '--to needs --from: give both, e.g. --from 2026-03-01T08:00:00Z --to 2026-03-01T20:00:00Z.',
    );
  }
  let window: TimeWindow;
  if (values.from !== undefined) {
    const start = dateFlag('from', values.from);
    const end = values.to === undefined ? now : dateFlag('to', values.to);
    if (!(start.getTime() < end.getTime())) {
      throw new UsageError(
        `--from must be before ${values.to === undefined ? 'now' : '--to'}: got ${start.toISOString()} .. ${end.toISOString()}.`,
      );
    }
    window = { start, end };
  } else {
    const lengthInMs = values.last === undefined ? DEFAULT_LAST_MS : durationFlag('last', values.last);
    window = { start: new Date(now.getTime() - lengthInMs), end: now };
  }
  if (window.end.getTime() - window.start.getTime() > MAX_WINDOW_MS) {
    throw new UsageError(
      'The window is longer than two years, which Log Analytics does not keep; shorten it.',
    );
  }
  return { window, now };
}

/** `30m`, `6h`, `1d12h`, `90s`, `2w` or an ISO 8601 duration (`PT6H`, `P1D`), in ms. */
export function durationFlag(name: string, value: string): number {
  const text = value.trim().toLowerCase();
  let total = 0;
  if (/^(\d+(\.\d+)?[smhdw])+$/.test(text)) {
    for (const part of text.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)) {
      total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
    }
  } else {
    try {
      total = isoDurationToMs(text.toUpperCase());
    } catch {
      total = Number.NaN;
    }
  }
  if (!Number.isFinite(total) || total <= 0) {
    throw new UsageError(
      `--${name} must be a duration such as 30m, 6h, 24h, 7d or 1d12h (or ISO 8601 like PT6H), got '${value}'.`,
    );
  }
  return total;
}
