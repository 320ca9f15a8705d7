import { d, type Row } from './engine-helper';

const props = (o: Record<string, unknown>): string => JSON.stringify(o);

/**
 * Six hand-made AzureDiagnostics rows (NOW is 2024-05-10T12:00Z): two devices connecting and
 * dropping, one route error, one row nine days old.
 */
export const DIAG: readonly Row[] = [
  {
    TimeGenerated: d('2024-05-10T08:00:00Z'),
    Category: 'Connections',
    OperationName: 'deviceConnect',
    Level: 'Information',
    DurationMs: 10,
    properties_s: props({ deviceId: 'dev-1', protocol: 'Mqtt' }),
  },
  {
    TimeGenerated: d('2024-05-10T09:00:00Z'),
    Category: 'Connections',
    OperationName: 'deviceDisconnect',
    Level: 'Error',
    ResultType: '404104',
    ResultDescription: 'DeviceConnectionClosedRemotely',
    DurationMs: null,
    properties_s: props({ deviceId: 'dev-1', protocol: 'Mqtt', statusCode: '404' }),
  },
  {
    TimeGenerated: d('2024-05-10T09:30:00Z'),
    Category: 'Connections',
    OperationName: 'deviceConnect',
    Level: 'Information',
    DurationMs: 30,
    properties_s: props({ deviceId: 'dev-2', protocol: 'Amqp' }),
  },
  {
    TimeGenerated: d('2024-05-10T10:00:00Z'),
    Category: 'Connections',
    OperationName: 'deviceDisconnect',
    Level: 'Error',
    ResultType: '401003',
    ResultDescription: 'IoTHubUnauthorized',
    DurationMs: 5,
    properties_s: props({ deviceId: 'dev-2', protocol: 'Amqp', statusCode: '401' }),
  },
  {
    TimeGenerated: d('2024-05-10T11:00:00Z'),
    Category: 'Routes',
    Level: 'Error',
    ResultType: '500001',
    ResultDescription: 'InternalServerError',
    DurationMs: 100,
    properties_s: 'not json',
  },
  {
    TimeGenerated: d('2024-05-01T00:00:00Z'),
    Category: 'Connections',
    OperationName: 'deviceConnect',
    Level: 'Information',
    DurationMs: 1,
    properties_s: props({ deviceId: 'dev-3' }),
  },
];

export const METRICS: readonly Row[] = [
  {
    TimeGenerated: d('2024-05-10T10:00:00Z'),
    MetricName: 'AttestationAttempts',
    Total: 5,
    Resource: 'DPS-1',
  },
  {
    TimeGenerated: d('2024-05-10T10:01:00Z'),
    MetricName: 'AttestationAttempts',
    Total: 7,
    Resource: 'DPS-1',
  },
  { TimeGenerated: d('2024-05-10T10:01:00Z'), MetricName: 'DeviceAssignments', Total: 2, Resource: 'DPS-1' },
];
