/**
 * 401003 IoTHubUnauthorized says only "not authorized"; the message beside it says why
 * (findings.md, seed 003). Each known message maps to its own finding; a 401003 without one of
 * them is either a token renewal (by timing) or unexplained.
 */
import type { FindingId } from '../../knowledge/catalog';
import { makeFinding, type Finding } from '../finding';
import type { DeviceEvent } from '../timeline';
import type { DetectorContext } from './context';
import { renewalTriples } from './token-renewal';

const MESSAGE_PATTERNS: ReadonlyArray<readonly [RegExp, FindingId]> = [
  [/authorization header (is )?missing/i, 'iothub.401003.auth-header-missing'],
  [/does not contain the specified device/i, 'iothub.401003.device-not-in-hub'],
  [/authorization rule .* does not allow access/i, 'iothub.401003.rule-denied'],
  [/renew token or certificate/i, 'iothub.401003.credentials-expired'],
  [/thumbprint does not match/i, 'iothub.401003.thumbprint-mismatch'],
  [/principal .* is not authorized/i, 'iothub.401003.principal-not-authorized'],
];

/** The specific 401003 finding a message names, or undefined for a generic / empty message. */
export function unauthorizedFindingFor(message: string): FindingId | undefined {
  return MESSAGE_PATTERNS.find(([pattern]) => pattern.test(message))?.[1];
}

/** A 401003 whose message does not say why. */
export function isBare401003(event: DeviceEvent): boolean {
  return event.code === '401003' && unauthorizedFindingFor(event.message) === undefined;
}

/**
 * One finding per 401003 cause that the messages name. A 401003 inside a token-renewal cycle is
 * left out whatever its message says: the reconnect seconds later proves the credentials were good.
 */
export function detectUnauthorizedByMessage(context: DetectorContext): Finding[] {
  const renewed = new Set(
    renewalTriples(context.events).flatMap((triple) => triple.map((event) => event.seq)),
  );
  const byId = new Map<FindingId, DeviceEvent[]>();
  for (const event of context.events) {
    if (event.code !== '401003' || renewed.has(event.seq)) continue;
    const id = unauthorizedFindingFor(event.message);
    if (id) byId.set(id, [...(byId.get(id) ?? []), event]);
  }
  return [...byId.entries()].map(([id, evidence]) =>
    makeFinding(id, evidence, {
      confidence: 0.95,
      params: {
        deviceId: context.deviceId,
        count: evidence.length,
        ...(context.hub ? { hub: context.hub } : {}),
      },
    }),
  );
}
