/**
 * Time windows as people type them, in English and Korean: "last 2 hours", "since yesterday 9am",
 * "on March 2", "between 10:00 and 11:30", "지난 24시간", "어제", "3월 2일", "어제 오전 9시부터",
 * "10시부터 11시 30분까지". Days and clock times are the user's (their Teams time zone, UTC when
 * unknown); the result is a pair of UTC instants.
 *
 * The parser also reports where in the text it found the window, so the recognizer can take that
 * part out before looking for a device id ("9am" and "10:00" look like ids otherwise).
 */
import { dayFromToday, instantOf, nextDay, wallTimeAt, type WallTime } from './time-zone';

export interface InstantWindow {
  readonly start: Date;
  readonly end: Date;
}

/** What the text said about time. */
export type WindowPhrase =
  /** A window on its own terms. */
  | { readonly kind: 'window'; readonly window: InstantWindow }
  /** "widen to 7 days": the previous window grown to this length (ending where it ended). */
  | { readonly kind: 'widen'; readonly lengthInMs: number | undefined };

export interface ParsedWindow {
  readonly phrase: WindowPhrase;
  /** [start, end) offsets of the text that expressed it. */
  readonly spans: readonly (readonly [number, number])[];
}

export interface WindowContext {
  readonly now: Date;
  readonly timeZone: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const EN_UNIT = '(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)';
const KO_UNIT = '(분|시간|일|주일|주)';

function unitInMs(unit: string): number {
  if (/^(분|m|min)/.test(unit)) return MINUTE;
  if (/^(시간|h)/.test(unit)) return HOUR;
  if (/^(주|w)/.test(unit)) return 7 * DAY;
  return DAY;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const MONTH_NAME =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

/** Clock times: "9am", "9:30 pm", "10:00", "오전 9시", "11시 30분", "9시 반". */
const EN_TIME = '(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?';
const KO_TIME = '(오전|오후)?\\s*(\\d{1,2})\\s*(?:시\\s*(?:(\\d{1,2})\\s*분|(반))?|:(\\d{2}))';

interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

function enClock(
  hourText: string | undefined,
  minuteText: string | undefined,
  meridiem: string | undefined,
  requireMarker: boolean,
): ClockTime | undefined {
  if (hourText === undefined) return undefined;
  if (requireMarker && minuteText === undefined && meridiem === undefined) return undefined;
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem.startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

function koClock(match: RegExpExecArray, at: number): ClockTime | undefined {
  const meridiem = match[at];
  let hour = Number(match[at + 1]);
  const minute = match[at + 2] ?? match[at + 4];
  const half = match[at + 3];
  if (meridiem === '오후' && hour < 12) hour += 12;
  if (meridiem === '오전' && hour === 12) hour = 0;
  const minutes = half ? 30 : minute === undefined ? 0 : Number(minute);
  if (hour > 23 || minutes > 59) return undefined;
  return { hour, minute: minutes };
}

interface DayMatch {
  readonly day: WallTime;
  readonly span: readonly [number, number];
}

/** A named day: today, yesterday, March 2, 2026-03-02, 3월 2일, 어제, 그저께. */
function findDay(text: string, context: WindowContext): DayMatch | undefined {
  const { now, timeZone } = context;
  const relative: readonly [RegExp, number][] = [
    [/\bthe day before yesterday\b|그저께|그제/, -2],
    [/\byesterday\b|어제/, -1],
    [/\btoday\b|오늘/, 0],
  ];
  for (const [pattern, days] of relative) {
    const match = pattern.exec(text);
    if (match)
      return { day: dayFromToday(now, timeZone, days), span: [match.index, match.index + match[0].length] };
  }
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b(?!t\d)/.exec(text);
  if (iso) {
    const day = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), hour: 0, minute: 0 };
    if (validDate(day)) return { day, span: [iso.index, iso.index + iso[0].length] };
  }
  const monthFirst = new RegExp(`\\b(?:on\\s+)?${MONTH_NAME}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`).exec(
    text,
  );
  const dayFirst = new RegExp(
    `\\b(?:on\\s+)?(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME}\\b`,
  ).exec(text);
  const korean = /(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일/.exec(text);
  const candidates: { month: number; day: number; year?: number; match: RegExpExecArray }[] = [];
  if (monthFirst)
    candidates.push({ month: monthIndex(monthFirst[1]), day: Number(monthFirst[2]), match: monthFirst });
  if (dayFirst)
    candidates.push({ month: monthIndex(dayFirst[2]), day: Number(dayFirst[1]), match: dayFirst });
  if (korean) {
    candidates.push({
      month: Number(korean[2]),
      day: Number(korean[3]),
      ...(korean[1] ? { year: Number(korean[1]) } : {}),
      match: korean,
    });
  }
  for (const candidate of candidates) {
    const day = inferYear(candidate.month, candidate.day, candidate.year, context);
    if (day) return { day, span: [candidate.match.index, candidate.match.index + candidate.match[0].length] };
  }
  return undefined;
}

function monthIndex(name: string | undefined): number {
  const index = MONTHS.findIndex((month) => name?.startsWith(month));
  return index + 1;
}

function validDate(day: WallTime): boolean {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day));
  return date.getUTCMonth() === day.month - 1 && date.getUTCDate() === day.day && day.year >= 2000;
}

/** "March 2" without a year: this year's, unless that is still to come (then last year's). */
function inferYear(
  month: number,
  dayOfMonth: number,
  year: number | undefined,
  { now, timeZone }: WindowContext,
): WallTime | undefined {
  const thisYear = wallTimeAt(now, timeZone).year;
  const day = { year: year ?? thisYear, month, day: dayOfMonth, hour: 0, minute: 0 };
  if (!validDate(day)) return undefined;
  if (year === undefined && instantOf(day, timeZone).getTime() > now.getTime()) {
    return { ...day, year: thisYear - 1 };
  }
  return day;
}

function at(day: WallTime, time: ClockTime | undefined): WallTime {
  return { ...day, hour: time?.hour ?? 0, minute: time?.minute ?? 0 };
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

/**
 * Finds the first time-window expression in `text` (any case). `undefined` when the text names no
 * time at all; the caller then uses its default (or the previous window for a follow-up).
 */
export function parseTimeWindow(original: string, context: WindowContext): ParsedWindow | undefined {
  const text = original.toLowerCase();
  const { now, timeZone } = context;
  const day = findDay(text, context);

  const isoRange =
    /(\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)\s*(?:to|and|until|-|–|~|부터|\.\.)\s*(\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)(?:\s*까지)?/.exec(
      text,
    );
  if (isoRange) {
    const start = new Date(isoRange[1]!.toUpperCase());
    const end = new Date(isoRange[2]!.toUpperCase());
    if (!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime())) {
      return windowAt({ start, end }, [isoRange.index, isoRange.index + isoRange[0].length]);
    }
  }

  const widen =
    new RegExp(
      `\\b(?:widen|expand|extend|broaden|grow)\\b(?:\\s+(?:it|that|the\\s+window|the\\s+search|window))?(?:\\s+(?:to|by))?(?:\\s+(?:the\\s+)?(?:last|past))?(?:\\s+(\\d+)\\s*${EN_UNIT}\\b)?`,
    ).exec(text) ??
    new RegExp(`(?:(\\d+)\\s*${KO_UNIT}\\s*(?:으로|로)?\\s*)?(?:넓혀|넓게|넓히|늘려|늘리|확장)`).exec(text);
  if (widen) {
    const lengthInMs =
      widen[1] !== undefined && widen[2] !== undefined ? Number(widen[1]) * unitInMs(widen[2]) : undefined;
    return { phrase: { kind: 'widen', lengthInMs }, spans: [[widen.index, widen.index + widen[0].length]] };
  }

  const range =
    new RegExp(`\\b(?:between|from)\\s+${EN_TIME}\\s*(?:and|to|until|till|-|–)\\s*${EN_TIME}`).exec(text) ??
    new RegExp(`\\b(\\d{1,2}):(\\d{2})()\\s*(?:-|–|~|to)\\s*(\\d{1,2}):(\\d{2})()`).exec(text);
  if (range) {
    const from = enClock(range[1], range[2] || undefined, range[3] || undefined, false);
    const to = enClock(range[4], range[5] || undefined, range[6] || undefined, false);
    if (from && to) return clockRange(from, to, day, range, context);
  }
  const koRange = new RegExp(`${KO_TIME}\\s*(?:부터|에서|~|-)\\s*${KO_TIME}\\s*(?:까지|사이)?`).exec(text);
  if (koRange) {
    const from = koClock(koRange, 1);
    const to = koClock(koRange, 6);
    if (from && to) return clockRange(from, to, day, koRange, context);
  }

  const since = new RegExp(
    `\\bsince\\s+(?:(?:today|yesterday|the day before yesterday)\\s*(?:at\\s+)?)?(?:${EN_TIME})?`,
  ).exec(text);
  if (since) {
    const time = enClock(since[1], since[2], since[3], true);
    const sinceDay = day && day.span[0] >= since.index ? day : undefined;
    const spans: (readonly [number, number])[] = [[since.index, since.index + since[0].length]];
    if (sinceDay) spans.push(sinceDay.span);
    if (time || sinceDay) return sinceWindow(sinceDay?.day, time, spans, context);
    // "since March 2": the day follows "since" but isn't one of the words above.
    if (day) return sinceWindow(day.day, undefined, [[since.index, since.index + 6], day.span], context);
  }
  const koSince = new RegExp(`(?:${KO_TIME}\\s*)?(?:부터|이후)`).exec(text);
  if (koSince && (koSince[2] !== undefined || day)) {
    const time = koSince[2] !== undefined ? koClock(koSince, 1) : undefined;
    const spans: [number, number][] = [[koSince.index, koSince.index + koSince[0].length]];
    if (day) spans.push([day.span[0], day.span[1]]);
    return sinceWindow(day?.day, time, spans, context);
  }

  const relative =
    new RegExp(`\\b(?:in\\s+)?(?:the\\s+)?(?:last|past|previous)\\s+(?:(\\d+)\\s*)?${EN_UNIT}\\b`).exec(
      text,
    ) ??
    new RegExp(`(?:지난|최근|과거)\\s*(\\d+)?\\s*${KO_UNIT}(?:\\s*(?:동안|간|사이))?`).exec(text) ??
    new RegExp(`(\\d+)\\s*${KO_UNIT}\\s*(?:동안|간|사이)`).exec(text) ??
    new RegExp(`\\b(\\d+)\\s*${EN_UNIT}\\b(?=\\s*(?:ago|back|window|$|\\?))`).exec(text);
  if (relative) {
    const count = relative[1] === undefined ? 1 : Number(relative[1]);
    const length = count * unitInMs(relative[2] ?? 'd');
    if (length > 0) {
      return windowAt({ start: new Date(now.getTime() - length), end: now }, [
        relative.index,
        relative.index + relative[0].length,
      ]);
    }
  }

  if (day) {
    const start = instantOf(day.day, timeZone);
    const end = minDate(instantOf(nextDay(day.day), timeZone), now);
    return windowAt({ start, end }, [day.span[0], day.span[1]]);
  }
  return undefined;
}

function windowAt(window: InstantWindow, ...spans: (readonly [number, number])[]): ParsedWindow {
  return { phrase: { kind: 'window', window }, spans };
}

/** Two clock times on the named day (today when none; yesterday when today's would be in the future). */
function clockRange(
  from: ClockTime,
  to: ClockTime,
  day: DayMatch | undefined,
  match: RegExpExecArray,
  { now, timeZone }: WindowContext,
): ParsedWindow {
  let base = day?.day ?? dayFromToday(now, timeZone, 0);
  if (!day && instantOf(at(base, from), timeZone).getTime() > now.getTime()) {
    base = dayFromToday(now, timeZone, -1);
  }
  const spans: (readonly [number, number])[] = [[match.index, match.index + match[0].length]];
  if (day) spans.push(day.span);
  return {
    phrase: {
      kind: 'window',
      window: { start: instantOf(at(base, from), timeZone), end: instantOf(at(base, to), timeZone) },
    },
    spans,
  };
}

/** From a day and/or time until now. A bare time later than now means yesterday's. */
function sinceWindow(
  day: WallTime | undefined,
  time: ClockTime | undefined,
  spans: readonly (readonly [number, number])[],
  { now, timeZone }: WindowContext,
): ParsedWindow {
  let base = day ?? dayFromToday(now, timeZone, 0);
  if (!day && instantOf(at(base, time), timeZone).getTime() > now.getTime()) {
    base = dayFromToday(now, timeZone, -1);
  }
  return {
    phrase: { kind: 'window', window: { start: instantOf(at(base, time), timeZone), end: now } },
    spans,
  };
}
