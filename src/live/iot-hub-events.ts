import { z } from 'zod';
import { isSequenceNumber, normalizeSequenceNumber } from './sequence-number';

/**
 * The IoT Hub events Event Grid delivers to POST /api/events, in either delivery schema:
 *   - Event Grid schema: a JSON array of `{id, topic, subject, eventType, eventTime, data, ...}`;
 *   - CloudEvents 1.0: one `{specversion, id, source, subject, type, time, data}` object
 *     (`application/cloudevents+json`) or an array of them (`application/cloudevents-batch+json`).
 * Both carry the same `data` (learn.microsoft.com/azure/event-grid/event-schema-iot-hub).
 */

export const IOT_HUB_EVENT_TYPES = {
  'Microsoft.Devices.DeviceConnected': 'connected',
  'Microsoft.Devices.DeviceDisconnected': 'disconnected',
  'Microsoft.Devices.DeviceCreated': 'created',
  'Microsoft.Devices.DeviceDeleted': 'deleted',
} as const;

export const SUBSCRIPTION_VALIDATION_EVENT = 'Microsoft.EventGrid.SubscriptionValidationEvent';

export type IotHubEventKind = (typeof IOT_HUB_EVENT_TYPES)[keyof typeof IOT_HUB_EVENT_TYPES];

/** One IoT Hub device event, whatever schema it came in. */
export interface IotHubEvent {
  readonly id: string;
  readonly kind: IotHubEventKind;
  /** Lower case: hub names are case-insensitive, and the topic spells them in capitals. */
  readonly hub: string;
  readonly deviceId: string;
  /** Set for IoT Edge module events; those never change the device's own state. */
  readonly moduleId?: string;
  /** When IoT Hub recorded the event (ISO 8601, normalized). */
  readonly time: string;
  /** Connection events only: orders a device's connects and disconnects. */
  readonly sequenceNumber?: string;
}

/** What one entry of a delivery turned out to be. */
export type DeliveryItem =
  | { readonly kind: 'device'; readonly event: IotHubEvent }
  | { readonly kind: 'validation'; readonly validationCode: string }
  /** Valid envelope, but not an event we keep (telemetry, twin changes, another source). */
  | { readonly kind: 'ignored'; readonly id: string; readonly type: string }
  | { readonly kind: 'invalid'; readonly index: number; readonly field: string; readonly message: string };

/** The body is not an Event Grid or CloudEvents delivery at all. */
export class DeliveryFormatError extends Error {
  override readonly name = 'DeliveryFormatError';
}

const isoInstant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date-time');

const eventGridEnvelope = z.object({
  id: z.string().min(1),
  eventType: z.string().min(1),
  eventTime: isoInstant,
  subject: z.string().optional(),
  topic: z.string().optional(),
  data: z.unknown(),
});

const cloudEventEnvelope = z.object({
  specversion: z.literal('1.0', { error: 'must be "1.0"' }),
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().min(1),
  time: isoInstant.optional(),
  subject: z.string().optional(),
  data: z.unknown(),
});

// IoT Hub device ids: up to 128 ASCII letters, digits and - : . + % _ # * ? ! ( ) , = @ ; $ '
const deviceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9\-:.+%_#*?!(),=@;$']{1,128}$/, 'must be an IoT Hub device id');

const deviceData = z.object({
  hubName: z.string().min(1).optional(),
  deviceId: deviceIdSchema,
  moduleId: deviceIdSchema.optional(),
});

const connectionData = deviceData.extend({
  deviceConnectionStateEventInfo: z.object({
    sequenceNumber: z.string().refine(isSequenceNumber, 'must be a hexadecimal sequence number'),
  }),
});

const validationData = z.object({ validationCode: z.string().min(1) });

/** Splits a delivery into its entries; throws DeliveryFormatError when it is neither schema. */
export function parseDelivery(body: unknown): DeliveryItem[] {
  const entries = Array.isArray(body) ? body : isCloudEventObject(body) ? [body] : undefined;
  if (!entries) {
    throw new DeliveryFormatError(
      'Expected an Event Grid delivery: a JSON array of events (Event Grid schema or CloudEvents 1.0), or one CloudEvent.',
    );
  }
  return entries.map((entry, index) => parseEntry(entry, index));
}

function isCloudEventObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'specversion' in value;
}

function parseEntry(entry: unknown, index: number): DeliveryItem {
  const cloud = isCloudEventObject(entry);
  const envelope = (cloud ? cloudEventEnvelope : eventGridEnvelope).safeParse(entry);
  if (!envelope.success) return invalid(index, envelope.error);
  const common = cloud
    ? (() => {
        const e = envelope.data as z.infer<typeof cloudEventEnvelope>;
        return { id: e.id, type: e.type, time: e.time, source: e.source, subject: e.subject, data: e.data };
      })()
    : (() => {
        const e = envelope.data as z.infer<typeof eventGridEnvelope>;
        return {
          id: e.id,
          type: e.eventType,
          time: e.eventTime,
          source: e.topic,
          subject: e.subject,
          data: e.data,
        };
      })();

  if (common.type === SUBSCRIPTION_VALIDATION_EVENT) {
    const data = validationData.safeParse(common.data);
    return data.success
      ? { kind: 'validation', validationCode: data.data.validationCode }
      : invalid(index, data.error, 'data');
  }
  const kind = (IOT_HUB_EVENT_TYPES as Record<string, IotHubEventKind | undefined>)[common.type];
  if (!kind) return { kind: 'ignored', id: common.id, type: common.type };
  if (common.time === undefined) {
    return {
      kind: 'invalid',
      index,
      field: 'time',
      message: 'IoT Hub events carry a time; this one has none',
    };
  }
  const schema = kind === 'connected' || kind === 'disconnected' ? connectionData : deviceData;
  const data = schema.safeParse(common.data);
  if (!data.success) return invalid(index, data.error, 'data');
  const hub = (data.data.hubName ?? hubFromResourceId(common.source))?.toLowerCase();
  if (!hub) {
    return {
      kind: 'invalid',
      index,
      field: 'data.hubName',
      message: 'no hub name in data.hubName or the topic',
    };
  }
  const sequence =
    'deviceConnectionStateEventInfo' in data.data
      ? (data.data as z.infer<typeof connectionData>).deviceConnectionStateEventInfo.sequenceNumber
      : undefined;
  return {
    kind: 'device',
    event: {
      id: common.id,
      kind,
      hub,
      deviceId: data.data.deviceId,
      ...(data.data.moduleId ? { moduleId: data.data.moduleId } : {}),
      time: new Date(common.time).toISOString(),
      ...(sequence ? { sequenceNumber: normalizeSequenceNumber(sequence) } : {}),
    },
  };
}

/** `/SUBSCRIPTIONS/<id>/RESOURCEGROUPS/<rg>/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/<hub>` → the hub. */
function hubFromResourceId(id: string | undefined): string | undefined {
  const match = /\/providers\/microsoft\.devices\/iothubs\/([^/]+)/i.exec(id ?? '');
  return match?.[1];
}

function invalid(index: number, error: z.ZodError, prefix?: string): DeliveryItem {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return { kind: 'invalid', index, field: path || '(event)', message: issue?.message ?? 'invalid' };
}
