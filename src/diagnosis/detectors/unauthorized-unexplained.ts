/**
 * A 401003 whose message names no cause and that is not part of a token renewal: the seed's
 * checklist applies (token expired, certificate expired, thumbprint, credentials for the protocol,
 * policy permission).
 */
import { makeFinding, type Finding } from '../finding';
import type { DetectorContext } from './context';
import { isBare401003 } from './unauthorized-messages';

export function detectUnexplainedUnauthorized(context: DetectorContext): Finding[] {
  const evidence = context.events.filter(
    (event) => isBare401003(event) && !context.isExplained('iothub.401003.unexplained', event),
  );
  if (evidence.length === 0) return [];
  return [
    makeFinding('iothub.401003.unexplained', evidence, {
      confidence: 0.6,
      params: { deviceId: context.deviceId, count: evidence.length },
      facts: { sdkFamily: context.sdkFamily, codes: ['401003'] },
    }),
  ];
}
