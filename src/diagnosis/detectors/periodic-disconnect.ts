/**
 * 404104 at a steady interval without a 401003 before it (findings.md): an SDK that renews its SAS
 * token by disconnecting and logs it as an error, or a device-side periodic restart.
 */
import { makeFinding, type Finding } from '../finding';
import type { DeviceEvent } from '../timeline';
import type { DetectorContext } from './context';
import {
  MINUTE_MS,
  SECOND_MS,
  formatDuration,
  gapsMs,
  hasCode,
  isSteady,
  median,
  precededBy,
} from './event-patterns';

/** At least 4 disconnects (3 gaps) make a period; gaps shorter than this are flapping, not a period. */
const MIN_GAPS = 3;
const MIN_PERIOD_MS = 10 * MINUTE_MS;

/** 404104 disconnects not preceded by a 401003 within 30 s. */
export function closedRemotelyWithoutUnauthorized(events: readonly DeviceEvent[]): DeviceEvent[] {
  return events.filter(
    (event, index) =>
      hasCode(event, '404104') && !precededBy(events, index, 30 * SECOND_MS, (e) => hasCode(e, '401003')),
  );
}

export function detectPeriodicDisconnect(context: DetectorContext): Finding[] {
  const drops = closedRemotelyWithoutUnauthorized(context.events).filter(
    (event) => !context.isExplained('iothub.404104.periodic', event),
  );
  const gaps = gapsMs(drops);
  const period = median(gaps);
  if (!isSteady(gaps, MIN_GAPS) || period < MIN_PERIOD_MS) return [];
  return [
    makeFinding('iothub.404104.periodic', drops, {
      confidence: 0.85,
      params: { deviceId: context.deviceId, count: drops.length, interval: formatDuration(period) },
      facts: {
        sdkFamily: context.sdkFamily,
        codes: ['404104'],
        intervalMinutes: Math.round(period / MINUTE_MS),
      },
    }),
  ];
}
