/**
 * 404104 DeviceConnectionClosedRemotely, isolated or irregular and not explained by anything more
 * specific (renewal, period, flapping, fleet event): network loss beyond the keep-alive, a TCP reset,
 * a device crash or reboot.
 */
import { makeFinding, type Finding } from '../finding';
import type { DetectorContext } from './context';
import { closedRemotelyWithoutUnauthorized } from './periodic-disconnect';

export function detectClosedRemotely(context: DetectorContext): Finding[] {
  const evidence = closedRemotelyWithoutUnauthorized(context.events).filter(
    (event) => !context.isExplained('iothub.404104.closed-remotely', event),
  );
  if (evidence.length === 0) return [];
  return [
    makeFinding('iothub.404104.closed-remotely', evidence, {
      confidence: 0.7,
      params: { deviceId: context.deviceId, count: evidence.length },
      facts: { codes: ['404104'] },
    }),
  ];
}
