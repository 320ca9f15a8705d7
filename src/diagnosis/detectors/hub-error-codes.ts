/**
 * IoT Hub errors whose code alone names the situation (findings.md, "other connection errors" and
 * the second wave). One detector per finding family, all built by {@link codeDetector}: the evidence
 * is every event of the device with one of the codes, in any category that carries a deviceId
 * (Connections, C2DCommands, DirectMethods, FileUploadOperations, ...), and the confidence reflects
 * how unambiguous the code is. A new code finding is one entry here plus its catalog entry;
 * {@link CODE_DETECTORS} registers every entry.
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

/** 500xxx, 502xxx, 503xxx, 504xxx: internal or transient service errors. */
export const detectTransientErrors = codeDetector({
  id: 'iothub.500.transient',
  matches: (event) => /^50[0234]\d{3}$/.test(event.code),
  confidence: 0.75,
});

/** 400029/400030: connections closed or refused during a service or platform upgrade. */
export const detectServiceUpgrade = codeDetector({
  id: 'iothub.400029.service-upgrade',
  matches: codeIs('400029', '400030'),
  confidence: 0.9,
});

/** 404012: the hub is failing over. */
export const detectHubFailingOver = codeDetector({
  id: 'iothub.404012.hub-failing-over',
  matches: codeIs('404012'),
  confidence: 0.9,
});

/** 403004 (C2DCommands): the device's cloud-to-device queue is full. */
export const detectC2dQueueFull = codeDetector({
  id: 'iothub.403004.c2d-queue-full',
  matches: codeIs('403004'),
  confidence: 0.95,
});

/** 403005: too many CBS tokens on one AMQP connection. */
export const detectCbsTokenLimit = codeDetector({
  id: 'iothub.403005.cbs-token-limit',
  matches: codeIs('403005'),
  confidence: 0.9,
});

/** 403006 (FileUploadOperations): too many uploads never notified as complete. */
export const detectFileUploadLimit = codeDetector({
  id: 'iothub.403006.file-upload-limit',
  matches: codeIs('403006'),
  confidence: 0.95,
});

/** 404103 (DirectMethods; 404102 in Microsoft's table): the device is offline or has no method callback. */
export const detectDeviceNotOnline = codeDetector({
  id: 'iothub.404103.device-not-online',
  matches: codeIs('404103', '404102'),
  confidence: 0.9,
});

/** 412002 (C2DCommands): a cloud-to-device message settled after its lock expired. */
export const detectC2dLockLost = codeDetector({
  id: 'iothub.412002.c2d-lock-lost',
  matches: codeIs('412002'),
  confidence: 0.9,
});

/** Every code detector of the first layer, in catalog order (index.ts registers them all). */
export const CODE_DETECTORS: readonly Detector[] = [
  detectServiceUpgrade,
  detectDuplicateConnection,
  detectQuotaExceeded,
  detectC2dQueueFull,
  detectCbsTokenLimit,
  detectFileUploadLimit,
  detectDeviceDisabled,
  detectDeviceNotFound,
  detectHubFailingOver,
  detectDeviceNotOnline,
  detectLinkConflict,
  detectC2dLockLost,
  detectThrottled,
];
