/**
 * "What about the DPS side?" after a question about one device: the same device's DPS story, not the
 * fleet's. It runs `diagnose` for the remembered device with a DPS focus rather than `dps-errors`,
 * because `dps-errors` counts a whole DPS instance's failures by code and cannot narrow to one
 * registration, while the diagnosis already reads the device's own DPS records (registration id =
 * device id unless one was given) and runs the DPS detectors on them — including "assigned but never
 * connected", which needs both sides. The focus adds a short DPS summary above the diagnosis card.
 */
import type { Diagnosis } from '../../diagnosis';
import type { CardContext } from '../../cards/card-context';
import { formatInstant } from '../../cards/card-time';
import { findingText } from '../../knowledge/catalog';
import type { Utterance } from '../utterance';

/** The DPS words of the `dps-errors` verb (its trigger) and of this follow-up. */
export const DPS_WORDS =
  /\bdps\b|provision\w*|enrol+ment|registration\s+(?:errors|failures|attempts)|프로비저닝|프로비전|등록\s*(?:오류|실패)/;

/** Verbs whose question is about one device, so "the DPS side" means that device's. */
const DEVICE_VERBS: ReadonlySet<string> = new Set(['diagnose', 'status', 'recent-events']);

/**
 * Whether the message asks for the DPS side of the device the conversation is about: it reads as a
 * follow-up, names DPS but no DPS instance and no device, and the last question was about a device.
 */
export function asksDpsSideOfDevice(utterance: Utterance): boolean {
  const { memory, entities } = utterance;
  return (
    utterance.followUp &&
    DPS_WORDS.test(utterance.rest) &&
    entities.dps === undefined &&
    entities.deviceId === undefined &&
    memory?.deviceId !== undefined &&
    memory.last !== undefined &&
    DEVICE_VERBS.has(memory.last.verb)
  );
}

/** The line above the diagnosis card of a DPS-focused question: the device's DPS records in short. */
export function dpsSideText(diagnosis: Diagnosis, ctx: CardContext): string {
  const registrationId = diagnosis.request.registrationId ?? diagnosis.request.deviceId;
  const events = diagnosis.timeline.events.filter((event) => event.source === 'dps');
  const ko = ctx.locale === 'ko';
  if (events.length === 0) {
    return ko
      ? `DPS 측: 이 기간에 등록 ID ${registrationId}의 DPS 기록이 없어요. 이 장치가 DPS로 프로비저닝되지 않았거나 다른 등록 ID를 쓰는 것일 수 있어요.`
      : `DPS side: no DPS records for registration id ${registrationId} in this window. The device may not provision through DPS, or uses another registration id.`;
  }
  const failed = events.filter((event) => event.level === 'Error');
  const codes = [...new Set(failed.map((event) => event.code).filter((code) => code !== ''))];
  const last = events.at(-1);
  const dpsFindings = diagnosis.findings
    .filter((finding) => finding.evidence.some((event) => event.source === 'dps'))
    .map((finding) => findingText(finding.id, ctx.locale).title);
  const where = diagnosis.dps ?? last?.hub ?? 'DPS';
  const lastText = last ? `${last.operation} ${formatInstant(last.time, ctx)}` : '';
  // A shortened timeline keeps the most relevant events: the count is then a lower bound.
  const shown = `${diagnosis.timeline.order === 'relevance' ? '≥' : ''}${events.length}`;
  return ko
    ? [
        `DPS 측 (${where}, 등록 ID ${registrationId}): 기록 ${shown}건, 실패 ${failed.length}건${codes.length > 0 ? ` (${codes.join(', ')})` : ''}, 마지막: ${lastText}.`,
        ...(dpsFindings.length > 0 ? [`DPS 진단: ${dpsFindings.join('; ')}`] : []),
      ].join('\n')
    : [
        `DPS side (${where}, registration id ${registrationId}): ${shown} records, ${failed.length} failed${codes.length > 0 ? ` (${codes.join(', ')})` : ''}, last: ${lastText}.`,
        ...(dpsFindings.length > 0 ? [`DPS findings: ${dpsFindings.join('; ')}`] : []),
      ].join('\n');
}
