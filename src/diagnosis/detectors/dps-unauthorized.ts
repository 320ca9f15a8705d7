/**
 * DPS 401: a token or attestation DPS could not validate, unless it is the TPM attestation
 * challenge, where DPS answers 401 with a nonce and the same flow then succeeds (seed 000). A 401
 * followed by a success within a minute, with no other failure between, is that normal step.
 */
import { makeFinding, type Finding } from '../finding';
import type { DeviceEvent } from '../timeline';
import type { DetectorContext } from './context';
import { MINUTE_MS, nextMatching } from './event-patterns';

const SAME_FLOW_MS = MINUTE_MS;

/**
 * A DPS record of a request that succeeded. Real success rows have ResultType `Success` and an
 * empty ResultSignature (log-schema.md); older exports and hand-made files may carry a 2xx status.
 */
export function isDpsSuccess(event: DeviceEvent): boolean {
  return (
    event.name === 'Success' ||
    /^2\d{2}$/.test(event.code) ||
    (event.code === '' && event.level === 'Information' && !/^(Failure|ClientError)$/.test(event.name))
  );
}

export function detectDpsUnauthorized(context: DetectorContext): Finding[] {
  const events = context.dpsEvents;
  const challenges: DeviceEvent[] = [];
  const failures: DeviceEvent[] = [];
  events.forEach((event, index) => {
    if (event.code !== '401') return;
    const next = nextMatching(events, index, SAME_FLOW_MS, (e) => e.category === event.category);
    if (next && isDpsSuccess(next.event)) challenges.push(event, next.event);
    else failures.push(event);
  });
  const dps = events[0]?.hub;
  const params = { deviceId: context.deviceId, ...(dps ? { dps } : {}) };
  const findings: Finding[] = [];
  if (failures.length > 0) {
    findings.push(
      makeFinding('dps.401.unauthorized', failures, {
        confidence: 0.85,
        params: { ...params, count: failures.length },
      }),
    );
  }
  if (challenges.length > 0) {
    findings.push(
      makeFinding('dps.401.tpm-challenge', challenges, {
        confidence: 0.8,
        params: { ...params, count: challenges.length / 2 },
      }),
    );
  }
  return findings;
}
