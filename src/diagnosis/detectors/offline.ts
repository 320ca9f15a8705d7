/**
 * Still offline (findings.md, second wave): the device's last connection event in the window is a
 * disconnect and no successful connect follows, up to the end of the window (or now). Says since
 * when; the cause is the finding of that last disconnect's code, reported beside this one with the
 * same event as evidence. A disconnect in the last few minutes is left alone: the device may be
 * reconnecting, and resource logs arrive late.
 */
import { makeFinding, type Finding } from '../finding';
import { eventTime } from '../timeline';
import type { DetectorContext } from './context';
import { MINUTE_MS, isDisconnect, isSuccessfulConnect } from './event-patterns';

const GRACE_MS = 5 * MINUTE_MS;

/** `2026-03-02 09:00 UTC`, for the `{since}` placeholder. */
function minuteText(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function detectStillOffline(context: DetectorContext): Finding[] {
  const lastDisconnect = context.events.filter(isDisconnect).at(-1);
  if (!lastDisconnect) return [];
  const reconnected = context.events.some(
    (event) => event.seq > lastDisconnect.seq && isSuccessfulConnect(event),
  );
  if (reconnected) return [];
  const horizon = Math.min(context.now.getTime(), context.window.end.getTime());
  if (horizon - eventTime(lastDisconnect) < GRACE_MS) return [];
  return [
    makeFinding('iothub.offline.no-reconnect', [lastDisconnect], {
      confidence: 0.9,
      params: { deviceId: context.deviceId, since: minuteText(lastDisconnect.time) },
      facts: lastDisconnect.code !== '' ? { codes: [lastDisconnect.code] } : {},
    }),
  ];
}
