/**
 * Wall-clock arithmetic in an IANA time zone with nothing but `Intl`: "yesterday" and "9am" mean the
 * user's day and the user's 9 o'clock (Teams tells us the zone), while every query runs on UTC
 * instants. DST gaps and overlaps resolve to the instant a wall clock would show first.
 */
import { wallTimeAt } from '../time/wall-clock';

/** A calendar date and time of day as a wall clock in some zone shows it (month 1–12). */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** What a wall clock in `timeZone` shows at `instant` (the bot's one Intl wall clock). */
export { wallTimeAt };

/** Milliseconds the zone is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallTimeAt(new Date(instant), timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which a wall clock in `timeZone` shows `wall`. */
export function instantOf(wall: WallTime, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const first = naive - offsetAt(naive, timeZone);
  // Near a DST change the offset at the guess can differ from the offset at the answer.
  const second = naive - offsetAt(first, timeZone);
  return new Date(Math.min(first, second));
}

/** The wall time of midnight on a calendar date given as a UTC date (only its Y-M-D are used). */
function calendarDay(date: Date): WallTime {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: 0,
    minute: 0,
  };
}

/** The calendar date after `wall`'s date, at midnight. */
export function nextDay(wall: Pick<WallTime, 'year' | 'month' | 'day'>): WallTime {
  return calendarDay(new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1)));
}

/** The calendar date `days` from `now`'s date in the zone, at midnight. */
export function dayFromToday(now: Date, timeZone: string, days: number): WallTime {
  const today = wallTimeAt(now, timeZone);
  return calendarDay(new Date(Date.UTC(today.year, today.month - 1, today.day + days)));
}
