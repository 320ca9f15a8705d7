/**
 * A fleet event: the device's error disconnect fell in a 5-minute bin in which many devices of the
 * same hub disconnected with an error. The device is then a victim, not the cause (findings.md).
 *
 * "Many" is relative to the hub's usual rate: at least {@link MIN_DEVICES} devices AND at least
 * {@link TIMES_USUAL} × the median devices per bin over the window (empty bins count as 0). An
 * event straddling a bin edge is caught by adding the neighbouring bin when the disconnect is
 * within a minute of that edge.
 */
import { makeFinding, type Finding } from '../finding';
import { eventTime, type DeviceEvent } from '../timeline';
import type { DetectorContext, HubContext } from './context';
import { MINUTE_MS, isDisconnect, median } from './event-patterns';

export const MIN_DEVICES = 10;
export const TIMES_USUAL = 5;
const BIN_MS = 5 * MINUTE_MS;
/** A disconnect this close to a bin edge also counts the devices of the bin across that edge. */
const EDGE_MS = MINUTE_MS;
/**
 * Codes that already say the cause is the service, with a finding of their own: a service upgrade
 * (info, retry works) or a suspended hub. Reporting them as a generic fleet event would hide that.
 */
const SERVICE_NAMED_CODES: ReadonlySet<string> = new Set(['400029', '400030', '403001', '404012']);

/** Median devices per bin, counting the bins without any error disconnect as 0. */
export function usualDevicesPerBin(context: HubContext): number {
  const counts = context.bins.map((bin) => bin.devices);
  const empty = Math.max(0, context.binsInWindow - counts.length);
  return median([...counts, ...new Array<number>(empty).fill(0)]);
}

/** Devices disconnecting around `timeInMs`: its bin, plus the nearer neighbour when close to an edge. */
export function devicesAround(context: HubContext, timeInMs: number): { devices: number; binStart: number } {
  const binStart = Math.floor(timeInMs / BIN_MS) * BIN_MS;
  const devicesIn = (start: number): number =>
    context.bins.find((bin) => bin.startInMs === start)?.devices ?? 0;
  const own = devicesIn(binStart);
  const offset = timeInMs - binStart;
  const neighbour = offset < BIN_MS / 2 ? binStart - BIN_MS : binStart + BIN_MS;
  const nearEdge = Math.min(offset, BIN_MS - offset) <= EDGE_MS;
  return { devices: nearEdge ? own + devicesIn(neighbour) : own, binStart };
}

export function detectMassDisconnect(context: DetectorContext): Finding[] {
  const hubContext = context.hubContext;
  if (!hubContext) return [];
  const usual = usualDevicesPerBin(hubContext);
  const threshold = Math.max(MIN_DEVICES, TIMES_USUAL * usual);
  const victims: DeviceEvent[] = [];
  let worst = { devices: 0, binStart: 0 };
  for (const event of context.events) {
    if (!isDisconnect(event) || event.level !== 'Error' || SERVICE_NAMED_CODES.has(event.code)) continue;
    if (context.isExplained('fleet.mass-disconnect', event)) continue;
    const around = devicesAround(hubContext, eventTime(event));
    if (around.devices < threshold) continue;
    victims.push(event);
    if (around.devices > worst.devices) worst = around;
  }
  if (victims.length === 0) return [];
  return [
    makeFinding('fleet.mass-disconnect', victims, {
      confidence: worst.devices >= 2 * threshold ? 0.95 : 0.8,
      params: {
        deviceId: context.deviceId,
        hub: hubContext.hub,
        deviceCount: worst.devices,
        count: victims.length,
      },
      facts: {
        binStart: new Date(worst.binStart).toISOString(),
        usualDevicesPerBin: usual,
        codes: [...new Set(victims.map((event) => event.code))],
      },
    }),
  ];
}
