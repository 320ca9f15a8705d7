/**
 * The y axis of a Teams chart. Without `yMin`/`yMax` the renderer draws five ticks from 0 to the
 * highest value, so a highest count of 3 reads 0, 0.75, 1.5, 2.25, 3: fractions of an event. An
 * axis whose span is a multiple of 4 puts all five ticks on whole numbers.
 */

export interface ChartAxisData {
  readonly yMin: number;
  readonly yMax: number;
}

const TICK_INTERVALS = 4;

/** The smallest multiple of 4 at or above `value` (4 for nothing to draw, so the axis still has a span). */
function wholeTickBound(value: number): number {
  return Math.max(TICK_INTERVALS, Math.ceil(value / TICK_INTERVALS) * TICK_INTERVALS);
}

/** Four tick steps of a round size (1, 2, 2.5 or 5 times a power of ten) covering `value`. */
function roundTickBound(value: number): number {
  if (value <= 0) return 1;
  const wanted = value / TICK_INTERVALS;
  const power = 10 ** Math.floor(Math.log10(wanted));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= wanted) ?? 10 * power;
  return step * TICK_INTERVALS;
}

/**
 * The axis for a chart's values: for whole numbers (counts) 0 up to a multiple of 4 at or above
 * the highest, so every tick is whole; for fractional values four round steps. Symmetric around 0
 * when a value is negative, so 0 stays a tick (five ticks over [-m, m] sit at -m, -m/2, 0, m/2, m).
 */
export function chartAxis(values: readonly number[]): ChartAxisData {
  const finite = values.filter((value) => Number.isFinite(value));
  const bound = finite.every((value) => Number.isInteger(value)) ? wholeTickBound : roundTickBound;
  const highest = Math.max(0, ...finite);
  const lowest = Math.min(0, ...finite);
  if (lowest === 0) return { yMin: 0, yMax: bound(highest) };
  const reach = bound(Math.max(highest, -lowest));
  return { yMin: -reach, yMax: reach };
}
