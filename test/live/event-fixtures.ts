/** IoT Hub events as Event Grid delivers them (learn.microsoft.com/azure/event-grid/event-schema-iot-hub). */

export const HUB = 'contoso-fleet-hub';
export const TOPIC = `/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/CONTOSO-IOT/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/${HUB.toUpperCase()}`;
export const T0 = Date.parse('2026-03-02T10:00:00Z');

/** A sequence number in IoT Hub's 64-hex-digit form; larger `n` = newer. */
export function sequenceNumber(n: number): string {
  return n.toString(16).toUpperCase().padStart(64, '0');
}

export type ConnectionKind = 'DeviceConnected' | 'DeviceDisconnected';

export interface ConnectionEventSpec {
  readonly deviceId: string;
  readonly kind: ConnectionKind;
  /** Order number: sequence number and time both grow with it. */
  readonly n: number;
  readonly hub?: string;
  readonly moduleId?: string;
}

export function isoAt(n: number): string {
  return new Date(T0 + n * 1000).toISOString();
}

/** Event Grid schema. */
export function connectionEvent(spec: ConnectionEventSpec): Record<string, unknown> {
  const hub = spec.hub ?? HUB;
  return {
    id: `${spec.deviceId}-${spec.n}`,
    topic: TOPIC.replace(HUB.toUpperCase(), hub.toUpperCase()),
    subject: `devices/${spec.deviceId}`,
    eventType: `Microsoft.Devices.${spec.kind}`,
    eventTime: isoAt(spec.n),
    data: {
      deviceConnectionStateEventInfo: { sequenceNumber: sequenceNumber(spec.n) },
      hubName: hub,
      deviceId: spec.deviceId,
      ...(spec.moduleId ? { moduleId: spec.moduleId } : {}),
    },
    dataVersion: '1',
    metadataVersion: '1',
  };
}

/** The same event in CloudEvents 1.0. */
export function cloudEvent(spec: ConnectionEventSpec): Record<string, unknown> {
  const grid = connectionEvent(spec);
  return {
    specversion: '1.0',
    id: grid['id'],
    source: grid['topic'],
    subject: grid['subject'],
    type: grid['eventType'],
    time: grid['eventTime'],
    data: grid['data'],
  };
}

export function lifecycleEvent(
  deviceId: string,
  kind: 'DeviceCreated' | 'DeviceDeleted',
  n: number,
): Record<string, unknown> {
  return {
    id: `${deviceId}-${kind}-${n}`,
    topic: TOPIC,
    subject: `devices/${deviceId}`,
    eventType: `Microsoft.Devices.${kind}`,
    eventTime: isoAt(n),
    data: {
      twin: {
        deviceId,
        etag: 'AAAAAAAAAAE=',
        status: 'enabled',
        connectionState: 'Disconnected',
        version: 1,
      },
      hubName: HUB,
      deviceId,
    },
    dataVersion: '1',
    metadataVersion: '1',
  };
}

export function validationEvent(code: string): Record<string, unknown> {
  return {
    id: '2d1781af-3a4c-4d7c-bd0c-e34b19da4e66',
    topic: '/subscriptions/00000000-0000-0000-0000-000000000000',
    subject: '',
    data: {
      validationCode: code,
      validationUrl: `https://rp-koreacentral.eventgrid.azure.net:553/eventsubscriptions/live/validate?id=${code}`,
    },
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: '2026-03-02T09:59:00Z',
    metadataVersion: '1',
    dataVersion: '1',
  };
}

/** A small seeded PRNG (mulberry32): shuffles that are random but repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
