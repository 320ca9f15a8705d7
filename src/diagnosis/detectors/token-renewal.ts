/**
 * SAS token renewal over MQTT (findings.md, seed 003): the hub drops the connection when the token
 * expires (401003), closes it (404104) a moment later, and the SDK reconnects with a new token.
 * Expected behaviour (info), usually once per token lifetime (60 min by default).
 *
 * The timing outranks the 401003's message: a device whose credentials were really invalid could not
 * reconnect within seconds, so a "renew token or certificate" text inside this cycle is a renewal too.
 *
 *   401003 ──≤ 30 s──▶ 404104 ──≤ 5 min──▶ deviceConnect (success)   × n, ≈ every token lifetime
 */
import { makeFinding, type Finding } from '../finding';
import { eventTime, type DeviceEvent } from '../timeline';
import type { DetectorContext } from './context';
import {
  MINUTE_MS,
  SECOND_MS,
  formatDuration,
  gapsMs,
  hasCode,
  isSteady,
  isSuccessfulConnect,
  median,
  nextMatching,
} from './event-patterns';

const CLOSE_AFTER_MS = 30 * SECOND_MS;
const RECONNECT_AFTER_MS = 5 * MINUTE_MS;

/** The 401003 → 404104 → connect triples of the device, oldest first. */
export function renewalTriples(events: readonly DeviceEvent[]): DeviceEvent[][] {
  const triples: DeviceEvent[][] = [];
  for (let i = 0; i < events.length; i++) {
    const unauthorized = events[i];
    if (!unauthorized || !hasCode(unauthorized, '401003')) continue;
    const closed = nextMatching(events, i, CLOSE_AFTER_MS, (e) => hasCode(e, '404104'));
    if (!closed) continue;
    const reconnect = nextMatching(events, closed.index, RECONNECT_AFTER_MS, isSuccessfulConnect);
    if (!reconnect) continue;
    triples.push([unauthorized, closed.event, reconnect.event]);
    i = reconnect.index;
  }
  return triples;
}

export function detectTokenRenewal(context: DetectorContext): Finding[] {
  const triples = renewalTriples(context.events);
  if (triples.length === 0) return [];
  const starts = triples
    .map((triple) => triple[0])
    .filter((event): event is DeviceEvent => event !== undefined);
  const gaps = gapsMs(starts);
  const steady = isSteady(gaps, 2) && median(gaps) >= 10 * MINUTE_MS;
  // With one renewal there is no gap; the connection's age at expiry is the token lifetime.
  const typicalGap = gaps.length > 0 ? median(gaps) : connectionAgeAt(context.events, starts[0]);
  const confidence = steady ? 0.95 : triples.length >= 2 ? 0.75 : 0.6;
  return [
    makeFinding('iothub.401003.token-renewal', triples.flat(), {
      confidence,
      params: {
        deviceId: context.deviceId,
        count: triples.length,
        ...(typicalGap !== undefined ? { interval: formatDuration(typicalGap) } : {}),
      },
      facts: {
        sdkFamily: context.sdkFamily,
        codes: ['401003', '404104'],
        ...(typicalGap !== undefined ? { intervalMinutes: Math.round(typicalGap / MINUTE_MS) } : {}),
      },
    }),
  ];
}

/** Time from the last successful connect before `event` to `event`, when there is one. */
function connectionAgeAt(events: readonly DeviceEvent[], event: DeviceEvent | undefined): number | undefined {
  if (!event) return undefined;
  const connect = events.filter((e) => e.seq < event.seq && isSuccessfulConnect(e)).at(-1);
  return connect ? eventTime(event) - eventTime(connect) : undefined;
}
