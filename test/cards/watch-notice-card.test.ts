import type { CardContext } from '../../src/cards/card-context';
import type { Locale } from '../../src/cards/card-data';
import { watchNoticeCardData, type WatchDeviceNotice } from '../../src/cards/watch-notice-card';

const NOW = new Date('2026-03-02T10:30:00Z');

function backOnline(downForMs: number): WatchDeviceNotice {
  return {
    kind: 'back-online',
    deviceId: 'pump-station-4',
    since: new Date(NOW.getTime() - 10_000).toISOString(),
    downForMs,
    drops: 1,
    flapping: false,
  };
}

function lines(locale: Locale, downForMs: number, digest = false): string[] {
  const ctx: CardContext = { locale, timeZone: 'UTC', now: NOW };
  const watch = { kind: 'device', deviceId: 'pump-station-4' } as const;
  const notice = backOnline(downForMs);
  const { data } = watchNoticeCardData(
    digest
      ? { hub: 'contoso-fleet-hub', watch, kind: 'digest', items: [notice, { ...notice, deviceId: 'cam-1' }] }
      : { hub: 'contoso-fleet-hub', watch, kind: 'device', notice },
    ctx,
  );
  return data.lines.map((line) => line.text);
}

describe('the watch card says how long a device was down', () => {
  it('in minutes from a minute on', () => {
    expect(lines('en', 240_000)).toEqual(['Back online after 4 min (reconnected 2026-03-02 10:29).']);
    expect(lines('ko', 240_000)).toEqual(['4분 만에 다시 연결됨 (2026-03-02 10:29 재연결).']);
  });

  it('as "within a minute" for an outage of seconds (a short WATCH_GRACE_SECONDS), not "after 1 min"', () => {
    expect(lines('en', 8_000)).toEqual(['Back online within a minute (reconnected 2026-03-02 10:29).']);
    expect(lines('ko', 8_000)).toEqual(['1분 안에 다시 연결됨 (2026-03-02 10:29 재연결).']);
    expect(lines('en', 8_000, true)).toEqual([
      'pump-station-4: back online within a minute',
      'cam-1: back online within a minute',
    ]);
    expect(lines('ko', 90_000, true)[0]).toBe('pump-station-4: 2분 만에 다시 연결됨');
  });
});
