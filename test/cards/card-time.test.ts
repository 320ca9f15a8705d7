/**
 * The wall clock shifts instants by one offset per UTC hour instead of asking ICU per instant; it
 * must give exactly what ICU's formatToParts gives, also inside hours with a DST transition, in
 * half- and quarter-hour zones, and in years of local mean time (offsets with seconds).
 */
import { offsetMinutes, wallClock } from '../../src/cards/card-time';

/** ICU's answer, formatted the way cards show it. */
function icuClock(instant: Date, timeZone: string): { date: string; time: string; seconds: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
    seconds: part('second'),
  };
}

/** Every `stepMs` from `fromMs` for `hours` hours. */
function instants(fromMs: number, hours: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs; t < fromMs + hours * 3_600_000; t += stepMs) out.push(t);
  return out;
}

const TRANSITIONS: readonly (readonly [zone: string, aroundMs: number])[] = [
  ['America/New_York', Date.UTC(2026, 2, 8, 7)], // spring forward
  ['America/New_York', Date.UTC(2026, 10, 1, 6)], // fall back
  ['Europe/London', Date.UTC(2026, 9, 25, 1)],
  ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)], // a 30-minute DST shift
  ['Asia/Kathmandu', Date.UTC(1985, 11, 31, 18, 30)], // +05:30 → +05:45
  ['Europe/Amsterdam', Date.UTC(1937, 5, 30, 23, 40)], // +00:19:32 local mean time ends
  ['Pacific/Apia', Date.UTC(2011, 11, 30, 10)], // the skipped day
];

describe('wallClock', () => {
  it.each(TRANSITIONS)('agrees with ICU around a transition in %s', (zone, aroundMs) => {
    const mismatches = instants(aroundMs - 2 * 3_600_000, 4, 7_001)
      .map((t) => new Date(t))
      .filter(
        (instant) => JSON.stringify(wallClock(instant, zone)) !== JSON.stringify(icuClock(instant, zone)),
      );
    expect(mismatches.map((instant) => instant.toISOString())).toEqual([]);
  });

  it('agrees with ICU across zones and a century and a half, milliseconds and pre-1970 instants included', () => {
    const zones = ['UTC', 'Asia/Seoul', 'America/Sao_Paulo', 'Africa/Monrovia', 'Asia/Calcutta', 'Etc/GMT+5'];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const from = Date.UTC(1880, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    const mismatches: string[] = [];
    for (const zone of zones) {
      for (let k = 0; k < 500; k++) {
        const instant = new Date(from + Math.floor(random() * (to - from)));
        if (JSON.stringify(wallClock(instant, zone)) !== JSON.stringify(icuClock(instant, zone)))
          mismatches.push(`${zone} ${instant.toISOString()}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('gives the offset on either side of a transition', () => {
    expect(offsetMinutes(new Date(Date.UTC(2026, 2, 8, 6, 59, 59)), 'America/New_York')).toBe(-300);
    expect(offsetMinutes(new Date(Date.UTC(2026, 2, 8, 7)), 'America/New_York')).toBe(-240);
  });

  it('still rejects an invalid instant the way ICU does', () => {
    expect(() => wallClock(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });
});
