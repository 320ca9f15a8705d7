/**
 * A 401003 whose message names no cause and that is not part of a token renewal: the seed's
 * checklist applies (token expired, certificate expired, thumbprint, credentials for the protocol,
 * policy permission). The text the hub gave goes into the params, so the card can quote it.
 */
import { makeFinding, type Finding } from '../finding';
import type { DetectorContext } from './context';
import type { DeviceEvent } from '../timeline';
import { isBare401003 } from './unauthorized-messages';

export function detectUnexplainedUnauthorized(context: DetectorContext): Finding[] {
  const evidence = context.events.filter(
    (event) => isBare401003(event) && !context.isExplained('iothub.401003.unexplained', event),
  );
  if (evidence.length === 0) return [];
  const quoted = hubText(evidence);
  return [
    makeFinding('iothub.401003.unexplained', evidence, {
      confidence: 0.6,
      params: {
        deviceId: context.deviceId,
        count: evidence.length,
        ...(quoted !== undefined ? { errorMessage: quoted } : {}),
      },
      facts: { sdkFamily: context.sdkFamily, codes: ['401003'] },
    }),
  ];
}

/** The most frequent message of the events that says something (not a bare help link), if any. */
function hubText(events: readonly DeviceEvent[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { message } of events) {
    const text = message.trim();
    if (text !== '' && !/^https?:\/\/\S+$/.test(text)) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
