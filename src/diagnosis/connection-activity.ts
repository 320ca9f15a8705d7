/**
 * Connection activity over the whole timeline, for the card's chart: the Diagnosis carries at most
 * 50 events (the excerpt), so a chart drawn from them would undercount a flapping device. These
 * counts come from every event before shortening, in five-minute UTC slots: every time zone's
 * offset is a whole number of quarter hours, so a card can add slots up into any of its wall-clock
 * bins (5 minutes and longer) exactly.
 */
import { isDisconnect, isSuccessfulConnect } from './detectors/event-patterns';
import { eventTime, type DeviceEvent } from './timeline';

/** Minutes per slot: the smallest chart bin, and a divisor of every zone offset. */
export const ACTIVITY_SLOT_MINUTES = 5;

/** Device-level connection events in one five-minute slot (only slots with events are listed). */
export interface ActivitySlot {
  /** Slot start (ISO), a multiple of five minutes since the epoch. */
  readonly start: string;
  readonly connects: number;
  readonly failedConnects: number;
  readonly disconnects: number;
}

/** A device-level (not module) IoT Hub connect or disconnect. */
export function isDeviceConnectionEvent(event: DeviceEvent): boolean {
  return (
    event.source === 'iothub' &&
    event.moduleId === '' &&
    event.category === 'Connections' &&
    (event.operation === 'deviceConnect' || event.operation === 'deviceDisconnect')
  );
}

/** Non-empty slots, oldest first, counting every device-level connect and disconnect. */
export function connectionActivity(events: readonly DeviceEvent[]): ActivitySlot[] {
  const slotMs = ACTIVITY_SLOT_MINUTES * 60_000;
  const slots = new Map<number, { connects: number; failedConnects: number; disconnects: number }>();
  for (const event of events) {
    if (!isDeviceConnectionEvent(event)) continue;
    const time = eventTime(event);
    if (!Number.isFinite(time)) continue;
    const start = Math.floor(time / slotMs) * slotMs;
    const slot = slots.get(start) ?? { connects: 0, failedConnects: 0, disconnects: 0 };
    if (isDisconnect(event)) slot.disconnects++;
    else if (isSuccessfulConnect(event)) slot.connects++;
    else slot.failedConnects++;
    slots.set(start, slot);
  }
  return [...slots.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, counts]) => ({ start: new Date(start).toISOString(), ...counts }));
}
