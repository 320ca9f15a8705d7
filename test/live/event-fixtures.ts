import { Prng } from '../../src/logs/simulate/prng';

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

/** Random but repeatable: the simulator's seeded generator. */
export function seededRandom(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Connection histories: `steps` events per device, each a coin toss, `n` growing by `spacing`. */
export function randomHistories(
  random: () => number,
  devices: readonly string[],
  steps: number,
  spacing: number,
): ConnectionEventSpec[] {
  return devices.flatMap((deviceId, d) =>
    Array.from({ length: steps }, (_, step) => ({
      deviceId,
      kind: (random() < 0.5 ? 'DeviceConnected' : 'DeviceDisconnected') as ConnectionKind,
      n: 100 + step * spacing + d,
    })),
  );
}

/** What the sequence numbers say about one device, the obvious way: sort, take the last run. */
export function expectedState(
  events: readonly ConnectionEventSpec[],
  deviceId: string,
  hub = HUB,
): {
  hub: string;
  deviceId: string;
  state: string;
  since: string;
  asOf: string;
  sequenceNumber: string;
  source: string;
} {
  const mine = events.filter((s) => s.deviceId === deviceId).sort((a, b) => a.n - b.n);
  const last = mine[mine.length - 1];
  if (!last) throw new Error(`no events for ${deviceId}`);
  let start = mine.length - 1;
  while (start > 0 && mine[start - 1]?.kind === last.kind) start--;
  return {
    hub,
    deviceId,
    state: last.kind === 'DeviceConnected' ? 'connected' : 'disconnected',
    since: isoAt(mine[start]?.n ?? last.n),
    asOf: isoAt(last.n),
    sequenceNumber: sequenceNumber(last.n),
    source: 'event-grid',
  };
}
