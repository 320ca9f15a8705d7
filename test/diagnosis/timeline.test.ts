import type { LogsTable } from '../../src/logs/backend';
import fc from 'fast-check';
import { buildTimeline, eventTime, type DeviceEvent } from '../../src/diagnosis/timeline';

const hubTable: LogsTable = {
  name: 'PrimaryResult',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Resource', type: 'string' },
    { name: 'Category', type: 'string' },
    { name: 'OperationName', type: 'string' },
    { name: 'Level', type: 'string' },
    { name: 'ResultType', type: 'string' },
    { name: 'ResultDescription', type: 'string' },
    { name: 'properties_s', type: 'string' },
  ],
  rows: [
    [
      new Date('2026-03-02T10:00:05Z'),
      'HUB',
      'Connections',
      'deviceDisconnect',
      'Error',
      '404104',
      'DeviceConnectionClosedRemotely',
      '{"deviceId":"d","protocol":"Mqtt","authType":null,"maskedIpAddress":"1.2.3.XXX","statusCode":"404","errorMessage":"gone"}',
    ],
    [
      new Date('2026-03-02T10:00:00Z'),
      'HUB',
      'Connections',
      'deviceConnect',
      'Information',
      null,
      null,
      '{"deviceId":"d","sdkVersion":"azure-iot-device-iothub-py/2.12.0","protocol":"Mqtt","authType":"{\\"scope\\":\\"device\\",\\"type\\":\\"sas\\"}"}',
    ],
    [
      new Date('2026-03-02T10:01:00Z'),
      'HUB',
      'Connections',
      'deviceConnect',
      'Information',
      null,
      null,
      '{not json',
    ],
    [null, 'HUB', 'Connections', 'deviceConnect', 'Information', null, null, '{}'],
    [
      new Date('2026-03-02T10:02:00Z'),
      'HUB',
      'Connections',
      'deviceConnect',
      'Information',
      null,
      null,
      '{"deviceId":"d","moduleId":"m1"}',
    ],
  ],
};

const dpsTable: LogsTable = {
  name: 'PrimaryResult',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Resource', type: 'string' },
    { name: 'Category', type: 'string' },
    { name: 'OperationName', type: 'string' },
    { name: 'Level', type: 'string' },
    { name: 'ResultType', type: 'string' },
    { name: 'ResultSignature', type: 'string' },
    { name: 'ResultDescription', type: 'string' },
    { name: 'Protocol', type: 'string' },
    { name: 'MaskedIp', type: 'string' },
  ],
  rows: [
    [
      new Date('2026-03-02T09:59:58Z'),
      'DPS',
      'DeviceOperations',
      'AttestationAttempt',
      'Error',
      'ClientError',
      '404',
      '404201 EnrollmentNotFound: none',
      'Mqtt',
      '5.6.7.XXX',
    ],
  ],
};

describe('buildTimeline', () => {
  const timeline = buildTimeline(hubTable, dpsTable);

  it('merges hub and DPS rows oldest first, numbering them, and skips rows without a time', () => {
    expect(timeline.all.map((e) => [e.seq, e.source, e.operation])).toEqual([
      [0, 'dps', 'AttestationAttempt'],
      [1, 'iothub', 'deviceConnect'],
      [2, 'iothub', 'deviceDisconnect'],
      [3, 'iothub', 'deviceConnect'],
      [4, 'iothub', 'deviceConnect'],
    ]);
  });

  it('reads properties_s: SDK family, auth type inside a JSON string, masked ip, message', () => {
    const [, connect, disconnect] = timeline.all;
    expect(connect).toMatchObject({ sdkFamily: 'python', authType: 'sas', code: '', protocol: 'Mqtt' });
    expect(disconnect).toMatchObject({
      code: '404104',
      name: 'DeviceConnectionClosedRemotely',
      message: 'gone',
      maskedIp: '1.2.3.XXX',
      sdkFamily: 'unknown',
    });
  });

  it('keeps a garbled record with empty fields, and leaves module connections out of the device events', () => {
    expect(timeline.all[3]).toMatchObject({ protocol: '', message: '', sdk: '' });
    expect(timeline.hub.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('takes the DPS status from ResultSignature and the detailed code from the description', () => {
    expect(timeline.dps[0]).toMatchObject({
      code: '404',
      detailCode: '404201',
      name: 'ClientError',
      hub: 'DPS',
      maskedIp: '5.6.7.XXX',
    });
  });
});

describe('eventTime', () => {
  const event = buildTimeline(hubTable, undefined).all[0];
  const at = (time: string): number => eventTime({ ...(event as DeviceEvent), time });

  it('reads the ISO instants events carry exactly like Date.parse', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const time = new Date(ms).toISOString();
        expect(at(time)).toBe(Date.parse(time));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any other text like Date.parse (NaN included)', () => {
    const texts = [
      '2026-02-30T00:00:00.000Z',
      '2026-01-31T23:59:59.999Z',
      '2026-01-01T24:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '0050-01-01T00:00:00.000Z',
      '2026-01-01T00:00:60.000Z',
      '2026-01-01T0a:00:00.000Z',
      '2026-03-02T10:00:05Z',
      '2026-03-02 10:00:05',
      '',
      'soon',
    ];
    for (const time of texts) expect([time, at(time)]).toEqual([time, Date.parse(time)]);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789-:.TZ'.split('')), maxLength: 26 }),
        (time) => {
          expect(at(time)).toBe(Date.parse(time));
        },
      ),
    );
  });
});

describe('event times', () => {
  it('are the ISO text of TimeGenerated, also outside four-digit years', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
        ),
        (ms) => {
          const table: LogsTable = {
            ...hubTable,
            rows: [[new Date(ms), ...(hubTable.rows[0] ?? []).slice(1)]],
          };
          expect(buildTimeline(table, undefined).all[0]?.time).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 1000 },
    );
    for (const ms of [
      Date.UTC(1000, 0, 1),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      Date.UTC(2024, 1, 29, 0, 0, 0, 5),
    ]) {
      const table: LogsTable = { ...hubTable, rows: [[new Date(ms), ...(hubTable.rows[0] ?? []).slice(1)]] };
      expect(buildTimeline(table, undefined).all[0]?.time).toBe(new Date(ms).toISOString());
    }
  });
});
