/**
 * ISO 8601 durations (`PT24H`, `P7D`, `P1DT12H`, `PT0.5S`) in milliseconds, for turning the
 * `{duration}` form of a timespan into the start/end times the metrics API wants. Years and months
 * have no fixed length, so they are refused rather than guessed.
 */
export function isoDurationToMs(duration: string): number {
  const match =
    /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      duration,
    );
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new RangeError(
      `'${duration}' is not an ISO 8601 duration in weeks, days, hours, minutes or seconds (e.g. PT24H, P7D)`,
    );
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const unit = (text: string | undefined, ms: number): number => (text ? Number(text) * ms : 0);
  return (
    unit(weeks, 604_800_000) +
    unit(days, 86_400_000) +
    unit(hours, 3_600_000) +
    unit(minutes, 60_000) +
    unit(seconds, 1000)
  );
}
