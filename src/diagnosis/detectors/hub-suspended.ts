/**
 * 403001 IotHubSuspended: the hub itself is suspended, so every device of it fails (findings.md,
 * second wave). The code alone says so; the fleet view (error disconnects per 5-minute bin, as for
 * fleet.mass-disconnect) raises the confidence when many devices of the hub fail at the same time,
 * and gives the card the number of devices.
 */
import { makeFinding, type Finding } from '../finding';
import { eventTime } from '../timeline';
import type { DetectorContext } from './context';
import { MIN_DEVICES, devicesAround } from './mass-disconnect';

export function detectHubSuspended(context: DetectorContext): Finding[] {
  const evidence = context.events.filter((event) => event.code === '403001');
  const first = evidence[0];
  if (!first) return [];
  const hubContext = context.hubContext;
  const deviceCount = hubContext
    ? Math.max(...evidence.map((event) => devicesAround(hubContext, eventTime(event)).devices))
    : 0;
  const hub = context.hub ?? first.hub;
  return [
    makeFinding('iothub.403001.hub-suspended', evidence, {
      confidence: deviceCount >= MIN_DEVICES ? 0.95 : 0.85,
      params: {
        deviceId: context.deviceId,
        count: evidence.length,
        ...(hub ? { hub } : {}),
        ...(deviceCount > 0 ? { deviceCount } : {}),
      },
      facts: { codes: ['403001'] },
    }),
  ];
}
