/**
 * Times as the reader sees them: in their time zone (IANA name from Teams, UTC by default), always
 * with the zone named, in one fixed `YYYY-MM-DD HH:mm` shape so that English and Korean cards line
 * up and a golden file does not depend on the machine's ICU locale data.
 */
import type { CardContext } from './card-context';
import { wallTimeAt } from '../time/wall-clock';

const MINUTE_MS = 60_000;

/** Zones already checked: building an Intl.DateTimeFormat costs ~0.1 ms and a card asks per event. */
const resolvedZones = new Map<string, string>();
const RESOLVED_ZONES_KEPT = 64;

/** The zone to use: the user's when Intl knows it, else UTC (a bad zone must not break a card). */
export function resolveTimeZone(timeZone: string): string {
  const known = resolvedZones.get(timeZone);
  if (known !== undefined) return known;
  let resolved = 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
    resolved = timeZone;
  } catch {
    // Unknown to this runtime's ICU data: UTC, and the card names the zone it used.
  }
  // The names come from clients; forgetting them all now and then keeps the map small.
  if (resolvedZones.size >= RESOLVED_ZONES_KEPT) resolvedZones.clear();
  resolvedZones.set(timeZone, resolved);
  return resolved;
}

export interface WallClock {
  readonly date: string;
  readonly time: string;
  readonly seconds: string;
}

/** Date, hour:minute and seconds of an instant on the wall clock of `timeZone`. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const ms = instant.getTime();
  const offset = ms >= FAST_FROM && ms < FAST_UNTIL ? hourOffset(Math.floor(ms / HOUR_MS), timeZone) : NaN;
  return Number.isNaN(offset) ? intlWallClock(instant, timeZone) : shiftedClock(ms + offset);
}

/** The wall clock as ICU formats it: exact for every instant and zone, but ~2 µs per call. */
function intlWallClock(instant: Date, timeZone: string): WallClock {
  const wall = wallTimeAt(instant, timeZone);
  return {
    date: `${wall.year}-${twoDigits(wall.month)}-${twoDigits(wall.day)}`,
    time: `${twoDigits(wall.hour)}:${twoDigits(wall.minute)}`,
    seconds: twoDigits(wall.second),
  };
}

/*
 * A card formats dozens of instants, mostly a few hours apart, so the zone's offset is looked up
 * once per UTC hour (two ICU calls, at the hour's start and end) and every instant of that hour is
 * shifted by it arithmetically. When the two offsets differ, a transition (DST) falls inside the
 * hour and its instants go through ICU one by one; no zone changes its offset twice within an hour.
 * Only four-digit Gregorian years, where ICU's calendar and Date's agree (ICU switches to the Julian
 * calendar before 1582), take the arithmetic path.
 */
const HOUR_MS = 3_600_000;
const FAST_FROM = Date.UTC(1900, 0, 1);
const FAST_UNTIL = Date.UTC(9000, 0, 1);
/** Per zone: UTC hour number → offset in ms for the whole hour, NaN when it changes within the hour. */
const hourOffsets = new Map<string, Map<number, number>>();
/** Hours remembered per zone before the zone's map starts over (a few years of hours). */
const HOURS_KEPT = 50_000;

function hourOffset(hour: number, timeZone: string): number {
  let offsets = hourOffsets.get(timeZone);
  if (!offsets) {
    offsets = new Map();
    hourOffsets.set(timeZone, offsets);
  }
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const atStart = intlOffsetMs(hour * HOUR_MS, timeZone);
    const atEnd = intlOffsetMs((hour + 1) * HOUR_MS, timeZone);
    offset = atStart === atEnd ? atStart : NaN;
    if (offsets.size >= HOURS_KEPT) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The zone's offset at a whole-second instant, from ICU's wall clock. */
function intlOffsetMs(wholeSecondMs: number, timeZone: string): number {
  const clock = intlWallClock(new Date(wholeSecondMs), timeZone);
  return Date.parse(`${clock.date}T${clock.time}:${clock.seconds}Z`) - wholeSecondMs;
}

/** The wall clock of a UTC-shifted instant (epoch ms + offset), read from its UTC fields. */
function shiftedClock(localMs: number): WallClock {
  const local = new Date(localMs);
  return {
    date: `${local.getUTCFullYear()}-${twoDigits(local.getUTCMonth() + 1)}-${twoDigits(local.getUTCDate())}`,
    time: `${twoDigits(local.getUTCHours())}:${twoDigits(local.getUTCMinutes())}`,
    seconds: twoDigits(local.getUTCSeconds()),
  };
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Minutes the zone is ahead of UTC at that instant. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const clock = wallClock(instant, timeZone);
  const asUtc = Date.parse(`${clock.date}T${clock.time}:${clock.seconds}Z`);
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - truncated) / MINUTE_MS);
}

/** `UTC+09:00`, or `UTC`: the zone's offset at that instant, short enough to follow every time. */
export function zoneOffsetLabel(ctx: CardContext, at: Date = ctx.now): string {
  const zone = resolveTimeZone(ctx.timeZone);
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const offset = offsetMinutes(at, zone);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `UTC${sign}${hours}:${minutes}`;
}

/** `Asia/Seoul (UTC+09:00)`, or `UTC`: the zone as a card names it. */
export function zoneLabel(ctx: CardContext, at: Date = ctx.now): string {
  const offset = zoneOffsetLabel(ctx, at);
  return offset === 'UTC' ? 'UTC' : `${resolveTimeZone(ctx.timeZone)} (${offset})`;
}

function toDate(instant: string | Date): Date | undefined {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-03-02 19:15` in the reader's zone; the raw text when it is not a time. */
export function formatInstant(instant: string | Date, ctx: CardContext): string {
  const date = toDate(instant);
  if (!date) return String(instant);
  const clock = wallClock(date, resolveTimeZone(ctx.timeZone));
  return `${clock.date} ${clock.time}`;
}

/** `19:15:04` when the window is within one day, else `03-02 19:15:04`. */
export function formatEventTime(instant: string, ctx: CardContext, withDate: boolean): string {
  const date = toDate(instant);
  if (!date) return instant;
  const clock = wallClock(date, resolveTimeZone(ctx.timeZone));
  // Month and day suffice inside a window of at most 30 days; the year is in the Window fact.
  return withDate
    ? `${clock.date.slice(5)} ${clock.time}:${clock.seconds}`
    : `${clock.time}:${clock.seconds}`;
}

/** Whether two instants fall on the same calendar day in the reader's zone. */
export function sameDay(a: string, b: string, ctx: CardContext): boolean {
  const zone = resolveTimeZone(ctx.timeZone);
  const left = toDate(a);
  const right = toDate(b);
  return !!left && !!right && wallClock(left, zone).date === wallClock(right, zone).date;
}

/** `2026-03-02 09:00 – 2026-03-03 09:00 Asia/Seoul (UTC+09:00)`; the end's date is left out on the same day. */
export function formatWindow(
  window: { readonly start: string; readonly end: string },
  ctx: CardContext,
): string {
  const start = formatInstant(window.start, ctx);
  const end = formatInstant(window.end, ctx);
  const endShown = start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : end;
  return `${start} – ${endShown} ${zoneLabel(ctx, toDate(window.end) ?? ctx.now)}`;
}

/** Length of a window in milliseconds. */
export function windowLengthInMs(window: { readonly start: string; readonly end: string }): number {
  return Date.parse(window.end) - Date.parse(window.start);
}
