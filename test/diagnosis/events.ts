/** Hand-written timelines for detector tests: `at('10:00:05')` style times on one day. */
import type { DetectorContext } from '../../src/diagnosis/detectors/context';
import { explainedSeqs } from '../../src/diagnosis/rank';
import type { Finding } from '../../src/diagnosis/finding';
import type { DeviceEvent } from '../../src/diagnosis/timeline';

export const DAY = '2026-03-02';
export const window = { start: new Date(`${DAY}T00:00:00Z`), end: new Date(`${DAY}T23:59:59Z`) };

let seq = 0;

/** An ISO time on {@link DAY}, or minutes after midnight. */
export function at(time: string | number): string {
  if (typeof time === 'number') return new Date(window.start.getTime() + time * 60_000).toISOString();
  return new Date(`${DAY}T${time}Z`).toISOString();
}

export function hubEvent(
  time: string | number,
  operation: string,
  code = '',
  message = '',
  extra: Partial<DeviceEvent> = {},
): DeviceEvent {
  return {
    seq: seq++,
    time: at(time),
    source: 'iothub',
    category: 'Connections',
    operation,
    code,
    detailCode: code,
    name: '',
    level: code === '' ? 'Information' : 'Error',
    message,
    protocol: 'Mqtt',
    sdk: '',
    sdkFamily: 'unknown',
    authType: 'sas',
    maskedIp: '10.0.0.XXX',
    hub: 'HUB-A',
    moduleId: '',
    ...extra,
  };
}

export const connect = (time: string | number, code = '', message = ''): DeviceEvent =>
  hubEvent(time, 'deviceConnect', code, message);
export const disconnect = (time: string | number, code = '', message = ''): DeviceEvent =>
  hubEvent(time, 'deviceDisconnect', code, message);

export function dpsEvent(
  time: string | number,
  status: string,
  message = '',
  category = 'DeviceOperations',
): DeviceEvent {
  return {
    ...hubEvent(time, category === 'DeviceOperations' ? 'AttestationAttempt' : 'Upsert', status, message),
    source: 'dps',
    category,
    level: status.startsWith('2') ? 'Information' : 'Error',
    detailCode: /^(\d{6})/.exec(message)?.[1] ?? '',
    hub: 'DPS-A',
  };
}

/** Sorts by time and renumbers seq, like buildTimeline. */
export function timeline(...events: DeviceEvent[]): DeviceEvent[] {
  return [...events]
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
    .map((event, index) => ({ ...event, seq: index }));
}

export function context(
  overrides: Partial<DetectorContext> = {},
  explainedBy: readonly Finding[] = [],
): DetectorContext {
  return {
    deviceId: 'dev-1',
    hub: 'HUB-A',
    events: [],
    dpsEvents: [],
    connectionStateEvents: [],
    hubContext: undefined,
    window,
    now: new Date(window.end.getTime() + 3_600_000),
    sdkFamily: 'unknown',
    data: { presence: { connectionRecords: 100, dpsRecords: 10 }, partialError: undefined, suggestedIds: [] },
    isExplained: (id, event) => explainedSeqs(id, explainedBy).has(event.seq),
    ...overrides,
  };
}

/** A renewal cycle at `minute`: 401003, 404104 a second later, reconnect 5 s after. */
export function renewal(minute: number): DeviceEvent[] {
  const base = window.start.getTime() + minute * 60_000;
  const iso = (ms: number): string => new Date(ms).toISOString().slice(11, 23);
  return [
    disconnect(iso(base), '401003', 'https://aka.ms/iothub401003'),
    disconnect(iso(base + 1000), '404104'),
    connect(iso(base + 6000)),
  ];
}
