import { UsageError } from '../../src/cli/cli-io';
import { coverageNotes, logsCoverage } from '../../src/cli/coverage-note';
import { durationFlag, windowFromFlags } from '../../src/cli/window-flags';

const clock = () => new Date('2026-03-02T10:30:00Z');
const HOUR = 3_600_000;

describe('durationFlag', () => {
  it.each([
    ['30m', 0.5 * HOUR],
    ['6h', 6 * HOUR],
    ['24h', 24 * HOUR],
    ['7d', 168 * HOUR],
    ['1d12h', 36 * HOUR],
    ['2w', 336 * HOUR],
    ['90s', 90_000],
    ['PT6H', 6 * HOUR],
    ['p1d', 24 * HOUR],
    [' 1.5h ', 1.5 * HOUR],
  ])('%j → %d ms', (text, ms) => {
    expect(durationFlag('last', text)).toBe(ms);
  });

  it.each(['', '0h', '5x', 'h', '1h 30m', 'P', 'PT', '-1h', 'yesterday'])(
    'rejects %j naming the flag',
    (text) => {
      expect(() => durationFlag('last', text)).toThrow(UsageError);
      expect(() => durationFlag('last', text)).toThrow(/^--last must be a duration/);
    },
  );
});

describe('windowFromFlags', () => {
  it('defaults to the last 24 hours ending now, and --now moves now', () => {
    expect(windowFromFlags({}, clock)).toEqual({
      window: { start: new Date('2026-03-01T10:30:00Z'), end: new Date('2026-03-02T10:30:00Z') },
      now: new Date('2026-03-02T10:30:00Z'),
    });
    const moved = windowFromFlags({ now: '2026-01-10T00:00:00Z', last: '1h' }, clock);
    expect(moved.window).toEqual({
      start: new Date('2026-01-09T23:00:00Z'),
      end: new Date('2026-01-10T00:00:00Z'),
    });
  });

  it('--from alone runs until now; --from/--to is taken as given', () => {
    expect(windowFromFlags({ from: '2026-03-02T08:00:00Z' }, clock).window).toEqual({
      start: new Date('2026-03-02T08:00:00Z'),
      end: new Date('2026-03-02T10:30:00Z'),
    });
    expect(
      windowFromFlags({ from: '2026-02-01T00:00:00Z', to: '2026-02-02T00:00:00Z' }, clock).window,
    ).toEqual({
      start: new Date('2026-02-01T00:00:00Z'),
      end: new Date('2026-02-02T00:00:00Z'),
    });
  });

  it.each([
    [{ last: '1h', to: '2026-03-02T00:00:00Z' }, 'either --last or --from/--to'],
    [{ to: '2026-03-02T00:00:00Z' }, '--to needs --from'],
    [{ from: '2026-03-02T11:00:00Z' }, '--from must be before now'],
    [{ from: '2020-01-01T00:00:00Z' }, 'longer than two years'],
    [{ now: 'later' }, '--now must be an ISO 8601 date-time'],
  ])('%j → %s', (flags, message) => {
    expect(() => windowFromFlags(flags, clock)).toThrow(message);
  });
});

describe('logsCoverage / coverageNotes', () => {
  const window = { start: new Date('2026-03-01T10:00:00Z'), end: new Date('2026-03-02T10:00:00Z') };
  const range = (earliest: string, latest: string) => ({
    earliest: new Date(earliest),
    latest: new Date(latest),
  });

  it('says nothing when the logs cover the window (a gap under an hour at the end is normal for the demo)', () => {
    const coverage = logsCoverage(window, range('2026-02-27T10:00:00Z', '2026-03-02T09:20:00Z'));
    expect(coverage.relation).toBe('covers');
    expect(coverageNotes(window, coverage, 'en')).toEqual([]);
  });

  it('names the range the logs cover when they end before the window, with a --now that includes the last record', () => {
    const coverage = logsCoverage(window, range('2026-02-20T00:00:00Z', '2026-02-21T17:42:10Z'));
    expect(coverage).toEqual({
      relation: 'before-window',
      earliest: '2026-02-20T00:00:00.000Z',
      latest: '2026-02-21T17:42:10.000Z',
    });
    expect(coverageNotes(window, coverage, 'en')).toEqual([
      'The loaded logs end before the window: they cover 2026-02-20 00:00 – 2026-02-21 17:42 UTC, the window is 2026-03-01 10:00 – 2026-03-02 10:00 UTC.',
      'To look at them, add --now 2026-02-21T17:43:00Z (or give --from/--to inside that range).',
    ]);
    expect(coverageNotes(window, coverage, 'ko')[0]).toContain('불러온 로그가 조회 기간보다 먼저 끝납니다');
  });

  it('tells logs after the window, partial coverage and no logs apart', () => {
    expect(logsCoverage(window, range('2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z')).relation).toBe(
      'after-window',
    );
    const partly = logsCoverage(window, range('2026-03-01T20:00:00Z', '2026-03-02T10:00:00Z'));
    expect(partly.relation).toBe('partly-covers');
    expect(coverageNotes(window, partly, 'en')[0]).toMatch(/^The loaded logs cover only part of the window/);
    expect(coverageNotes(window, logsCoverage(window, undefined), 'en')).toEqual([
      'No log records were loaded.',
    ]);
  });
});
