/**
 * IoT Hub device events delivered by Event Grid, saved as files: the Event Grid schema
 * (`eventType`, `eventTime`, `topic`, `subject`, `data`) or CloudEvents 1.0 (`type`, `time`,
 * `source`, `subject`, `data`, `specversion`), one event or a batch. Connection events carry
 * `data.deviceConnectionStateEventInfo.sequenceNumber`, which orders a device's connects and
 * disconnects; Microsoft recommends these events over resource logs for connection state.
 */
import type { CellValue } from '../../backend';
import { IOT_HUB_CONNECTION_STATE_EVENTS_TABLE } from '../../schema';
import { parseArmResourceId } from './arm-resource-id';
import { parseExportedDatetime } from './coerce';

/** The event types loaded into {@link IOT_HUB_CONNECTION_STATE_EVENTS_TABLE}. */
export const LOADED_EVENT_TYPES: readonly string[] = [
  'Microsoft.Devices.DeviceConnected',
  'Microsoft.Devices.DeviceDisconnected',
  'Microsoft.Devices.DeviceCreated',
  'Microsoft.Devices.DeviceDeleted',
];

const TELEMETRY_EVENT = 'Microsoft.Devices.DeviceTelemetry';
/** A sequence number is a 256-bit number in hex: 64 digits. */
const SEQUENCE_KEY_DIGITS = 64;

export type EventOutcome =
  | { readonly ok: true; readonly row: Record<string, CellValue> }
  | { readonly ok: false; readonly reason: string };

/** True for an object shaped like an Event Grid or CloudEvents event (the caller then maps it here). */
export function isEventGridEvent(fields: Readonly<Record<string, unknown>>): boolean {
  return (
    ('eventType' in fields && 'data' in fields) ||
    ('specversion' in fields && 'type' in fields) ||
    ('type' in fields && 'source' in fields && 'data' in fields)
  );
}

export function eventGridEventToRow(fields: Readonly<Record<string, unknown>>): EventOutcome {
  const eventType = text(fields['eventType']) || text(fields['type']);
  if (eventType === TELEMETRY_EVENT) {
    return {
      ok: false,
      reason: `${TELEMETRY_EVENT} events are device messages, not connection state; they are not loaded`,
    };
  }
  if (!LOADED_EVENT_TYPES.includes(eventType)) {
    return {
      ok: false,
      reason: `an event of type ${eventType || '(none)'} is not an IoT Hub device event (loaded: ${LOADED_EVENT_TYPES.join(', ')})`,
    };
  }
  const data =
    typeof fields['data'] === 'object' && fields['data'] !== null
      ? (fields['data'] as Record<string, unknown>)
      : {};
  const timeText = text(fields['eventTime']) || text(fields['time']);
  const time = timeText ? parseExportedDatetime(timeText) : null;
  if (!time) return { ok: false, reason: `${eventType} event without a readable eventTime/time` };
  const subject = text(fields['subject']);
  const fromSubject = /^devices\/([^/]+)(?:\/modules\/([^/]+))?/.exec(subject);
  const deviceId = text(data['deviceId']) || decodeSubjectPart(fromSubject?.[1]);
  if (!deviceId)
    return { ok: false, reason: `${eventType} event without data.deviceId or a devices/<id> subject` };
  const resourceId = text(fields['topic']) || text(fields['source']);
  const stateInfo = data['deviceConnectionStateEventInfo'];
  const sequenceNumber =
    typeof stateInfo === 'object' && stateInfo !== null
      ? text((stateInfo as Record<string, unknown>)['sequenceNumber'])
      : '';
  return {
    ok: true,
    row: {
      TimeGenerated: time,
      EventType: eventType,
      HubName: text(data['hubName']) || (resourceId ? (parseArmResourceId(resourceId).resource ?? '') : ''),
      DeviceId: deviceId,
      ModuleId: text(data['moduleId']) || decodeSubjectPart(fromSubject?.[2]),
      SequenceNumber: sequenceNumber,
      SequenceKey: sequenceKey(sequenceNumber),
      EventId: text(fields['id']),
      _ResourceId: resourceId,
      Type: IOT_HUB_CONNECTION_STATE_EVENTS_TABLE,
    },
  };
}

/**
 * The sequence number as 64 upper-case hex digits, so that string order is numeric order whatever
 * the given length or case; empty for text that is not hexadecimal (the raw value is still kept).
 */
export function sequenceKey(sequenceNumber: string): string {
  if (!/^[0-9a-fA-F]+$/.test(sequenceNumber)) return '';
  const digits = sequenceNumber.replace(/^0+(?=.)/, '').toUpperCase();
  return digits.length >= SEQUENCE_KEY_DIGITS ? digits : digits.padStart(SEQUENCE_KEY_DIGITS, '0');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function decodeSubjectPart(part: string | undefined): string {
  if (!part) return '';
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
