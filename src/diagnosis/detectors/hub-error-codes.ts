/**
 * IoT Hub errors whose code alone names the situation (findings.md, "other connection errors").
 * One detector per finding family, all built by {@link codeDetector}: the evidence is every event of
 * the device with one of the codes, and the confidence reflects how unambiguous the code is.
 */
import type { FindingId } from '../../knowledge/catalog';
import { codesByFrequency, makeFinding, type Finding } from '../finding';
import type { DeviceEvent } from '../timeline';
import type { Detector, DetectorContext } from './context';

interface CodeFamily {
  readonly id: FindingId;
  readonly matches: (event: DeviceEvent) => boolean;
  readonly confidence: number;
}

function codeDetector(family: CodeFamily): Detector {
  return (context: DetectorContext): Finding[] => {
    const evidence = context.events.filter(
      (event) => family.matches(event) && !context.isExplained(family.id, event),
    );
    if (evidence.length === 0) return [];
    const hub = context.hub ?? evidence[0]?.hub;
    return [
      makeFinding(family.id, evidence, {
        confidence: family.confidence,
        params: { deviceId: context.deviceId, count: evidence.length, ...(hub ? { hub } : {}) },
        facts: { codes: codesByFrequency(evidence), sdkFamily: context.sdkFamily },
      }),
    ];
  };
}

const codeIs =
  (...codes: string[]) =>
  (event: DeviceEvent): boolean =>
    codes.includes(event.code);

/** 400027: another client connected with the same identity and the hub closed this one. */
export const detectDuplicateConnection = codeDetector({
  id: 'iothub.400027.duplicate-connection',
  matches: codeIs('400027'),
  confidence: 0.9,
});

/** 403002: the hub's daily message quota is used up. */
export const detectQuotaExceeded = codeDetector({
  id: 'iothub.403002.quota-exceeded',
  matches: codeIs('403002'),
  confidence: 0.95,
});

/** 403012, or a message that says the device is disabled. */
export const detectDeviceDisabled = codeDetector({
  id: 'iothub.403012.device-disabled',
  matches: (event) =>
    event.code === '403012' || (event.level === 'Error' && /device .* is disabled/i.test(event.message)),
  confidence: 0.95,
});

/** 404001: no such (enabled) device in the hub. */
export const detectDeviceNotFound = codeDetector({
  id: 'iothub.404001.device-not-found',
  matches: codeIs('404001'),
  confidence: 0.9,
});

/** 409002: a link that already exists was opened again. */
export const detectLinkConflict = codeDetector({
  id: 'iothub.409002.link-conflict',
  matches: codeIs('409002'),
  confidence: 0.8,
});

/** 429001/429002/429003/429005: throttled. */
export const detectThrottled = codeDetector({
  id: 'iothub.429001.throttled',
  matches: (event) => /^429\d{3}$/.test(event.code),
  confidence: 0.9,
});

/** 500xxx, 503xxx, 504101: internal or transient service errors. */
export const detectTransientErrors = codeDetector({
  id: 'iothub.500.transient',
  matches: (event) => /^(500|503)\d{3}$/.test(event.code) || event.code === '504101',
  confidence: 0.75,
});
