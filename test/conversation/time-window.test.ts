import { parseTimeWindow } from '../../src/conversation/time-window';

const now = new Date('2026-03-05T14:20:00Z'); // 23:20 in Seoul

function windowOf(text: string, timeZone = 'UTC'): [string, string] | string | undefined {
  const parsed = parseTimeWindow(text, { now, timeZone });
  if (!parsed) return undefined;
  if (parsed.phrase.kind === 'widen') return `widen ${parsed.phrase.lengthInMs}`;
  return [parsed.phrase.window.start.toISOString(), parsed.phrase.window.end.toISOString()];
}

describe('time windows as people type them', () => {
  it.each([
    ['last 2 hours', '2026-03-05T12:20:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['in the past 30 minutes', '2026-03-05T13:50:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['the last hour', '2026-03-05T13:20:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['past week', '2026-02-26T14:20:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['since yesterday 9am', '2026-03-04T09:00:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['since 9:30 pm', '2026-03-04T21:30:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['on March 2', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'],
    ['2 march', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'],
    ['on 2026-03-02', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'],
    ['between 10:00 and 11:30', '2026-03-05T10:00:00.000Z', '2026-03-05T11:30:00.000Z'],
    ['yesterday between 9am and 10:30am', '2026-03-04T09:00:00.000Z', '2026-03-04T10:30:00.000Z'],
    ['yesterday', '2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z'],
    ['today', '2026-03-05T00:00:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['from 2026-03-01T00:00Z to 2026-03-02T06:00Z', '2026-03-01T00:00:00.000Z', '2026-03-02T06:00:00.000Z'],
    ['지난 24시간', '2026-03-04T14:20:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['최근 2시간 동안', '2026-03-05T12:20:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['어제', '2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z'],
    ['3월 2일', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'],
    ['어제 오전 9시부터', '2026-03-04T09:00:00.000Z', '2026-03-05T14:20:00.000Z'],
    ['10시부터 11시 30분까지', '2026-03-05T10:00:00.000Z', '2026-03-05T11:30:00.000Z'],
    ['오후 1시 반부터', '2026-03-05T13:30:00.000Z', '2026-03-05T14:20:00.000Z'],
  ])('%s (UTC)', (text, start, end) => {
    expect(windowOf(text)).toEqual([start, end]);
  });

  it('reads days and clock times in the user time zone', () => {
    // 2026-03-05T14:20Z is 23:20 on March 5 in Seoul (UTC+9).
    expect(windowOf('yesterday', 'Asia/Seoul')).toEqual([
      '2026-03-03T15:00:00.000Z',
      '2026-03-04T15:00:00.000Z',
    ]);
    expect(windowOf('3월 2일', 'Asia/Seoul')).toEqual([
      '2026-03-01T15:00:00.000Z',
      '2026-03-02T15:00:00.000Z',
    ]);
    expect(windowOf('between 10:00 and 11:30', 'Asia/Seoul')).toEqual([
      '2026-03-05T01:00:00.000Z',
      '2026-03-05T02:30:00.000Z',
    ]);
    expect(windowOf('since yesterday 9am', 'America/Los_Angeles')).toEqual([
      '2026-03-04T17:00:00.000Z',
      '2026-03-05T14:20:00.000Z',
    ]);
    // A relative window does not depend on the zone.
    expect(windowOf('last 2 hours', 'Asia/Seoul')).toEqual(windowOf('last 2 hours'));
  });

  it('moves a clock time still to come today to yesterday, and a future date to last year', () => {
    expect(windowOf('between 20:00 and 21:00')).toEqual([
      '2026-03-04T20:00:00.000Z',
      '2026-03-04T21:00:00.000Z',
    ]);
    expect(windowOf('on March 20')).toEqual(['2025-03-20T00:00:00.000Z', '2025-03-21T00:00:00.000Z']);
  });

  it('reads "widen" with and without a length', () => {
    expect(windowOf('widen to 7 days')).toBe(`widen ${7 * 86_400_000}`);
    expect(windowOf('7일로 넓혀줘')).toBe(`widen ${7 * 86_400_000}`);
    expect(windowOf('widen the window')).toBe('widen undefined');
  });

  it('finds no window in text without one, and is not fooled by ids with digits', () => {
    expect(windowOf('why did device thermostat-0042 disconnect?')).toBeUndefined();
    expect(windowOf('explain 401003')).toBeUndefined();
    expect(windowOf('on the 32nd of march')).toBeUndefined();
  });
});
