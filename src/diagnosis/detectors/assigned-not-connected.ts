/**
 * DPS assigned the device to a hub, but the hub shows no successful connect afterwards: the
 * problem is after provisioning (wrong hub in the device's config, credentials, network to the hub).
 * An assignment in the last few minutes is left alone: the device may still be connecting.
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
  const assignment = context.dpsEvents
    .filter((event) => event.category === 'DeviceOperations' && isDpsSuccess(event) && assignedHubHost(event))
    .at(-1);
  if (!assignment) return [];
  const assignedAt = eventTime(assignment);
  const horizon = Math.min(context.now.getTime(), context.window.end.getTime());
  if (horizon - assignedAt < GRACE_MS) return [];
  const connectedAfter = context.events.some(
    (event) => isSuccessfulConnect(event) && eventTime(event) >= assignedAt,
  );
  if (connectedAfter) return [];
  const host = assignedHubHost(assignment) ?? '';
  return [
    makeFinding('dps.assigned-not-connected', [assignment], {
      confidence: context.events.length === 0 ? 0.85 : 0.75,
      params: { deviceId: context.deviceId, assignedHub: host.split('.')[0] ?? host, dps: assignment.hub },
      facts: { assignedHubHost: host },
    }),
  ];
}
