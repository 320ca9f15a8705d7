/**
 * DPS failures by HTTP status (ResultSignature), seed 000 and how-to-troubleshoot-dps: 400 bad
 * request, 403 forbidden, 404 (and 4042xx) not found, 405 method not allowed, 409 (and 4092xx)
 * conflict, 412 ETag mismatch, 415 unsupported media type, 429 throttled, 5xx internal. 401 has its
 * own detector because it is also a normal step of TPM attestation.
 */
import type { FindingId } from '../../knowledge/catalog';
import { codesByFrequency, makeFinding, type Finding } from '../finding';
import type { DeviceEvent } from '../timeline';
import type { Detector, DetectorContext } from './context';

/** The DPS finding a status (and detailed code) maps to, when there is one. Shared with fleet answers. */
export function dpsFindingFor(status: string, detailCode = ''): FindingId | undefined {
  if (status === '404' || /^4042\d{2}$/.test(detailCode)) return 'dps.404.not-found';
  if (status === '409' || /^4092\d{2}$/.test(detailCode)) return 'dps.409.conflict';
  if (status === '400') return 'dps.400.bad-request';
  if (status === '403') return 'dps.403.forbidden';
  if (status === '405') return 'dps.405.method-not-allowed';
  if (status === '415') return 'dps.415.unsupported-media-type';
  if (status === '401') return 'dps.401.unauthorized';
  if (status === '412') return 'dps.412.etag-mismatch';
  if (status === '429') return 'dps.429.throttled';
  if (/^5\d{2}$/.test(status)) return 'dps.500.internal';
  return undefined;
}

function dpsStatusDetector(id: FindingId, confidence: number): Detector {
  return (context: DetectorContext): Finding[] => {
    const evidence = context.dpsEvents.filter(
      (event: DeviceEvent) => dpsFindingFor(event.code, event.detailCode) === id,
    );
    if (evidence.length === 0) return [];
    const dps = evidence[0]?.hub;
    return [
      makeFinding(id, evidence, {
        confidence,
        params: { deviceId: context.deviceId, count: evidence.length, ...(dps ? { dps } : {}) },
        facts: { codes: codesByFrequency(evidence) },
      }),
    ];
  };
}

export const detectDpsBadRequest = dpsStatusDetector('dps.400.bad-request', 0.9);
export const detectDpsForbidden = dpsStatusDetector('dps.403.forbidden', 0.85);
export const detectDpsMethodNotAllowed = dpsStatusDetector('dps.405.method-not-allowed', 0.9);
export const detectDpsConflict = dpsStatusDetector('dps.409.conflict', 0.85);
export const detectDpsUnsupportedMediaType = dpsStatusDetector('dps.415.unsupported-media-type', 0.9);
export const detectDpsNotFound = dpsStatusDetector('dps.404.not-found', 0.9);
export const detectDpsEtagMismatch = dpsStatusDetector('dps.412.etag-mismatch', 0.9);
export const detectDpsThrottled = dpsStatusDetector('dps.429.throttled', 0.9);
export const detectDpsInternal = dpsStatusDetector('dps.500.internal', 0.8);
