/**
 * Still offline (findings.md, second wave): the device's last connection event in the window is a
 * disconnect and no successful connect follows, up to the end of the window (or now). Says since
 * when; the cause is the finding of that last disconnect's code, reported beside this one with the
 * same event as evidence. A disconnect in the last few minutes is left alone: the device may be
 * reconnecting, and resource logs arrive late.
 *
 * Connection events are the logs' connects and disconnects and, when loaded, Event Grid's
 * DeviceConnected / DeviceDisconnected: the timeline's `seq` orders both (Event Grid's by sequence
 * number), so "last" and "follows" mean the same whichever source has the event. When Event Grid's
 * disconnect is the last one, the logs' disconnect before it (if nothing reconnected in between)
 * is its cause and goes with it as evidence.
 */
import { makeFinding, type Finding } from '../finding';
import { eventTime, type DeviceEvent } from '../timeline';
import type { DetectorContext } from './context';
import {
  MINUTE_MS,
  isDisconnect,
  isEventGridConnected,
  isEventGridDisconnected,
  isSuccessfulConnect,
} from './event-patterns';

const GRACE_MS = 5 * MINUTE_MS;

/** `2026-03-02 09:00 UTC`, for the `{since}` placeholder. */
function minuteText(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function detectStillOffline(context: DetectorContext): Finding[] {
  const connectionEvents = [...context.events, ...context.connectionStateEvents].sort(
    (a, b) => a.seq - b.seq,
  );
  const isAnyDisconnect = (event: DeviceEvent): boolean =>
    isDisconnect(event) || isEventGridDisconnected(event);
  const isAnyConnect = (event: DeviceEvent): boolean =>
    isSuccessfulConnect(event) || isEventGridConnected(event);
  const lastDisconnect = connectionEvents.filter(isAnyDisconnect).at(-1);
  if (!lastDisconnect) return [];
  const lastIndex = connectionEvents.indexOf(lastDisconnect);
  if (connectionEvents.slice(lastIndex + 1).some(isAnyConnect)) return [];
  // Only a device-level Event Grid DeviceDeleted ends it: the device is gone, not offline.
  if (
    context.connectionStateEvents.some((e) => e.seq > lastDisconnect.seq && e.operation === 'DeviceDeleted')
  )
    return [];
  const horizon = Math.min(context.now.getTime(), context.window.end.getTime());
  if (horizon - eventTime(lastDisconnect) < GRACE_MS) return [];
  const cause = lastDisconnect.source === 'eventgrid' ? logCause(connectionEvents, lastIndex) : undefined;
  const coded = [cause, lastDisconnect].find((event) => event !== undefined && event.code !== '');
  return [
    makeFinding('iothub.offline.no-reconnect', cause ? [cause, lastDisconnect] : [lastDisconnect], {
      confidence: 0.9,
      params: { deviceId: context.deviceId, since: minuteText(lastDisconnect.time) },
      facts: coded ? { codes: [coded.code] } : {},
    }),
  ];
}

/** The logs' last disconnect before `events[index]`, when no connect (either source) lies between. */
function logCause(events: readonly DeviceEvent[], index: number): DeviceEvent | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const event = events[i];
    if (!event || isSuccessfulConnect(event) || isEventGridConnected(event)) return undefined;
    if (isDisconnect(event)) return event;
  }
  return undefined;
}
