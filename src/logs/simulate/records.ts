/**
 * Builds simulated rows in Log Analytics column form (what the loaders produce from an archive),
 * so a simulated row and the same row read back from the archive format are identical.
 */
import type { CellValue } from '../backend';
import { KNOWN_TABLES, type KnownTableName } from '../schema';
import {
  REGION,
  SIMULATED_DPS,
  SIMULATED_HUB,
  SIMULATED_RESOURCE_GROUP,
  SIMULATED_SUBSCRIPTION_ID,
  type Protocol,
  type SimulatedResource,
} from './fleet-resources';

export type SimulatedRow = Record<string, CellValue>;

/** One simulated record: when it happened (epoch ms), its table and its row. */
export interface SimEvent {
  readonly timeInMs: number;
  readonly table: KnownTableName;
  readonly row: SimulatedRow;
}

/** A hub error as the Connections log shows it. */
export interface HubError {
  /** 6-digit code, e.g. `404104`. */
  readonly code: string;
  /** Error name, e.g. `DeviceConnectionClosedRemotely`. */
  readonly name: string;
  readonly errorMessage: string;
}

/** IoT Hub resource-log categories whose records carry the device id. */
export type HubCategory =
  'Connections' | 'DeviceTelemetry' | 'C2DCommands' | 'DirectMethods' | 'FileUploadOperations';

export interface ConnectionEvent {
  readonly timeInMs: number;
  readonly operation: 'deviceConnect' | 'deviceDisconnect';
  readonly deviceId: string;
  readonly protocol: Protocol;
  readonly maskedIpAddress: string;
  /** Present on connects (successful or not). */
  readonly sdkVersion?: string;
  readonly authType?: string;
  readonly error?: HubError;
  /**
   * Defaults to `Connections`; throttling and quota errors also show up under `DeviceTelemetry`, and
   * cloud-to-device, direct-method and file-upload failures under their own categories.
   */
  readonly category?: HubCategory;
  readonly operationName?: string;
}

function emptyRow(table: KnownTableName): SimulatedRow {
  const row: SimulatedRow = {};
  for (const column of KNOWN_TABLES[table]) row[column.name] = null;
  return row;
}

function resourceColumns(resource: SimulatedResource): SimulatedRow {
  return {
    ResourceId: resource.resourceId,
    _ResourceId: resource.resourceId.toLowerCase(),
    SubscriptionId: SIMULATED_SUBSCRIPTION_ID,
    ResourceGroup: SIMULATED_RESOURCE_GROUP,
    ResourceProvider: 'MICROSOFT.DEVICES',
    Resource: resource.name,
    SourceSystem: 'Azure',
  };
}

/** The HTTP-ish status IoT Hub puts in `statusCode`: the first three digits of the error code. */
function statusCodeOf(error: HubError): string {
  return error.code.slice(0, 3);
}

export function connectionEvent(event: ConnectionEvent): SimEvent {
  const properties: Record<string, string | null> = { deviceId: event.deviceId };
  if (event.operation === 'deviceConnect' && event.sdkVersion) properties['sdkVersion'] = event.sdkVersion;
  properties['protocol'] = event.protocol;
  properties['authType'] = event.operation === 'deviceConnect' ? (event.authType ?? null) : null;
  properties['maskedIpAddress'] = event.maskedIpAddress;
  properties['statusCode'] = event.error ? statusCodeOf(event.error) : null;
  properties['errorMessage'] = event.error?.errorMessage ?? '';
  const row: SimulatedRow = {
    ...emptyRow('AzureDiagnostics'),
    ...resourceColumns(SIMULATED_HUB),
    TimeGenerated: new Date(event.timeInMs),
    ResourceType: SIMULATED_HUB.resourceType,
    Category: event.category ?? 'Connections',
    OperationName: event.operationName ?? event.operation,
    Level: event.error ? 'Error' : 'Information',
    ResultType: event.error?.code ?? null,
    ResultDescription: event.error?.name ?? null,
    location_s: REGION,
    properties_s: JSON.stringify(properties),
    Type: 'AzureDiagnostics',
  };
  return { timeInMs: event.timeInMs, table: 'AzureDiagnostics', row };
}

export interface DpsEvent {
  readonly timeInMs: number;
  readonly category: 'DeviceOperations' | 'ServiceOperations';
  readonly operationName: string;
  /** HTTP status: 200, 400, 401, 404, 412, 429, 500. */
  readonly status: number;
  /** Error text; ignored on success (a real success row has an empty ResultDescription). */
  readonly description?: string;
  readonly id: string;
  readonly type: 'Registration' | 'IndividualEnrollment' | 'EnrollmentGroup';
  /** DPS writes `Http` (not `Https`) in properties_s. */
  readonly protocol: 'Mqtt' | 'Amqp' | 'Http';
  readonly callerIpAddress: string;
  readonly correlationId: string;
  readonly durationMs: number;
}

/** DPS ResultType: `Success`, `ClientError` (4xx) or `Failure` (5xx); there is no `ServerError`. */
function resultClass(status: number): string {
  if (status < 400) return 'Success';
  return status < 500 ? 'ClientError' : 'Failure';
}

export function dpsEvent(event: DpsEvent): SimEvent {
  const success = event.status < 400;
  const row: SimulatedRow = {
    ...emptyRow('AzureDiagnostics'),
    ...resourceColumns(SIMULATED_DPS),
    TimeGenerated: new Date(event.timeInMs),
    ResourceType: SIMULATED_DPS.resourceType,
    Category: event.category,
    OperationName: event.operationName,
    OperationVersion: 'October2021',
    Level: success ? 'Information' : 'Error',
    ResultType: resultClass(event.status),
    // Real success rows have empty ResultSignature and ResultDescription: the assigned hub is not logged.
    ResultSignature: success ? '' : String(event.status),
    ResultDescription: success ? '' : (event.description ?? ''),
    DurationMs: event.durationMs,
    CallerIPAddress: event.callerIpAddress,
    CorrelationId: event.correlationId,
    location_s: REGION,
    properties_s: JSON.stringify({ id: event.id, type: event.type, protocol: event.protocol }),
    Type: 'AzureDiagnostics',
  };
  return { timeInMs: event.timeInMs, table: 'AzureDiagnostics', row };
}

export type DpsMetricName = 'AttestationAttempts' | 'RegistrationAttempts' | 'DeviceAssignments';

/** One PT1M `Total` sample of a DPS metric, as exported to AzureMetrics. */
export function dpsMetricEvent(minuteStartInMs: number, metricName: DpsMetricName, total: number): SimEvent {
  const row: SimulatedRow = {
    ...emptyRow('AzureMetrics'),
    ...resourceColumns(SIMULATED_DPS),
    TimeGenerated: new Date(minuteStartInMs),
    MetricName: metricName,
    Total: total,
    Count: total,
    Minimum: 1,
    Maximum: 1,
    Average: 1,
    TimeGrain: 'PT1M',
    UnitName: 'Count',
    Type: 'AzureMetrics',
  };
  return { timeInMs: minuteStartInMs, table: 'AzureMetrics', row };
}
