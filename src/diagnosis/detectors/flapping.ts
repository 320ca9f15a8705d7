/**
 * Flapping: many connect/disconnect cycles in a short time that no specific finding explains
 * (not a token renewal, not a duplicate identity, not a fleet event). The densest hour is reported,
 * with the most frequent error code of its cycles so the card can point at that code's finding.
 */
import { codesByFrequency, makeFinding, type Finding } from '../finding';
import { eventTime, type DeviceEvent } from '../timeline';
import type { DetectorContext } from './context';
import { HOUR_MS, formatDuration, isConnect, isDisconnect } from './event-patterns';

const BURST_WINDOW_MS = HOUR_MS;
/** A healthy device reconnects a few times a day; six drops within an hour is not that. */
const MIN_CYCLES = 6;

export function detectFlapping(context: DetectorContext): Finding[] {
  const drops = context.events.filter(
    (event) => isDisconnect(event) && !context.isExplained('iothub.flapping', event),
  );
  const burst = densestBurst(drops);
  if (burst.length < MIN_CYCLES) return [];
  const first = burst[0];
  const last = burst[burst.length - 1];
  if (!first || !last) return [];
  const from = eventTime(first);
  const to = eventTime(last);
  const connects = context.events.filter(
    (event) =>
      isConnect(event) &&
      eventTime(event) >= from - BURST_WINDOW_MS / 6 &&
      eventTime(event) <= to &&
      !context.isExplained('iothub.flapping', event),
  );
  const evidence: DeviceEvent[] = [...burst, ...connects];
  return [
    makeFinding('iothub.flapping', evidence, {
      confidence: burst.length >= 2 * MIN_CYCLES ? 0.85 : 0.7,
      params: {
        deviceId: context.deviceId,
        count: burst.length,
        window: formatDuration(Math.max(to - from, 60_000)),
      },
      facts: { codes: codesByFrequency(burst) },
    }),
  ];
}

/** The largest run of disconnects that fits in one {@link BURST_WINDOW_MS} (two-pointer sweep). */
function densestBurst(drops: readonly DeviceEvent[]): DeviceEvent[] {
  let best: DeviceEvent[] = [];
  let start = 0;
  for (let end = 0; end < drops.length; end++) {
    const last = drops[end];
    if (!last) continue;
    while (start < end && eventTime(last) - eventTime(drops[start] ?? last) > BURST_WINDOW_MS) start++;
    if (end - start + 1 > best.length) best = drops.slice(start, end + 1);
  }
  return best;
}
