/**
 * DPS registered the device, but no hub shows a successful connect of it afterwards: the problem is
 * after provisioning (wrong hub in the device's config, credentials, network to the hub).
 *
 * Real DPS success rows carry no assigned hub (empty ResultSignature and ResultDescription,
 * log-schema.md), so the finding rests on a successful DeviceOperations record and the absence of
 * any later successful connect of the device id, in whichever hub. When a record does name the hub
 * ("Device assigned to <host>", as some exports do), the card gets it.
 * A registration in the last few minutes is left alone: the device may still be connecting.
 */
import { makeFinding, type Finding } from '../finding';
import { eventTime, type DeviceEvent } from '../timeline';
import type { DetectorContext } from './context';
import { MINUTE_MS, isSuccessfulConnect } from './event-patterns';
import { isDpsSuccess } from './dps-unauthorized';

const GRACE_MS = 5 * MINUTE_MS;

/** `Device assigned to contoso-hub.azure-devices.net` → `contoso-hub.azure-devices.net`. */
export function assignedHubHost(event: DeviceEvent): string | undefined {
  return /assigned to\s+([A-Za-z0-9.-]+)/i.exec(event.message)?.[1];
}

export function detectAssignedNotConnected(context: DetectorContext): Finding[] {
  const registration = context.dpsEvents
    .filter((event) => event.category === 'DeviceOperations' && isDpsSuccess(event))
    .at(-1);
  if (!registration) return [];
  const registeredAt = eventTime(registration);
  const horizon = Math.min(context.now.getTime(), context.window.end.getTime());
  if (horizon - registeredAt < GRACE_MS) return [];
  const connectedAfter = context.events.some(
    (event) => isSuccessfulConnect(event) && eventTime(event) >= registeredAt,
  );
  if (connectedAfter) return [];
  const host = assignedHubHost(registration);
  return [
    makeFinding('dps.assigned-not-connected', [registration], {
      confidence: context.events.length === 0 ? 0.85 : 0.75,
      params: {
        deviceId: context.deviceId,
        dps: registration.hub,
        ...(host !== undefined ? { assignedHub: host.split('.')[0] ?? host } : {}),
      },
      facts: host !== undefined ? { assignedHubHost: host } : {},
    }),
  ];
}
