/**
 * The one place the bot asks ICU (`Intl`) what a wall clock in an IANA time zone shows. Reading
 * "yesterday 9am" (conversation) and writing times on cards both start here; each keeps its own
 * arithmetic on top (cards cache offsets per hour, because they format dozens of instants).
 */

/** What a wall clock in some zone shows (month 1–12, hour 0–23). */
export interface WallTimeParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** Building an Intl.DateTimeFormat costs ~0.1 ms: one per zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zone names come from clients; forgetting them all now and then keeps the map small. */
const FORMATTERS_KEPT = 500;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size >= FORMATTERS_KEPT) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * What a wall clock in `timeZone` shows at `instant`.
 * @throws RangeError for a zone Intl does not know (callers resolve the zone first).
 */
export function wallTimeAt(instant: Date, timeZone: string): WallTimeParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 1970,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    // Some ICU versions write midnight as 24 even with h23.
    hour: (parts['hour'] ?? 0) % 24,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}
