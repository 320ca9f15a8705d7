import type { KustoType, LogsColumn } from './backend';

/**
 * The tables the bot queries, with the columns and types of log-schema.md. The embedded engine
 * creates exactly these tables, the loaders coerce values to these types, and the KQL tests bind
 * queries against the same schema with the official parser, so all three agree by construction.
 */
export const AZURE_DIAGNOSTICS_COLUMNS: readonly LogsColumn[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'ResourceId', type: 'string' },
  { name: 'Category', type: 'string' },
  { name: 'ResourceGroup', type: 'string' },
  { name: 'SubscriptionId', type: 'string' },
  { name: 'ResourceProvider', type: 'string' },
  { name: 'Resource', type: 'string' },
  { name: 'ResourceType', type: 'string' },
  { name: 'OperationName', type: 'string' },
  { name: 'ResultType', type: 'string' },
  { name: 'CorrelationId', type: 'string' },
  { name: 'ResultDescription', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'DurationMs', type: 'long' },
  { name: 'CallerIPAddress', type: 'string' },
  { name: 'OperationVersion', type: 'string' },
  { name: 'ResultSignature', type: 'string' },
  { name: 'location_s', type: 'string' },
  { name: 'properties_s', type: 'string' },
  { name: 'AdditionalFields', type: 'dynamic' },
  { name: 'SourceSystem', type: 'string' },
  { name: 'Type', type: 'string' },
  { name: '_ResourceId', type: 'string' },
];

export const AZURE_METRICS_COLUMNS: readonly LogsColumn[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'ResourceId', type: 'string' },
  { name: 'MetricName', type: 'string' },
  { name: 'Total', type: 'real' },
  { name: 'Count', type: 'real' },
  { name: 'Maximum', type: 'real' },
  { name: 'Minimum', type: 'real' },
  { name: 'Average', type: 'real' },
  { name: 'TimeGrain', type: 'string' },
  { name: 'UnitName', type: 'string' },
  { name: 'Resource', type: 'string' },
  { name: 'ResourceGroup', type: 'string' },
  { name: 'ResourceProvider', type: 'string' },
  { name: 'SubscriptionId', type: 'string' },
  { name: 'SourceSystem', type: 'string' },
  { name: 'Type', type: 'string' },
  { name: '_ResourceId', type: 'string' },
];

/**
 * Event Grid IoT Hub device events (`Microsoft.Devices.DeviceConnected` / `DeviceDisconnected` /
 * `DeviceCreated` / `DeviceDeleted`), one row per event, loaded from saved Event Grid or
 * CloudEvents 1.0 payloads. Not a Log Analytics table: only the embedded engine has it. Microsoft
 * recommends these events (not the minutes-late resource logs) for a device's connection state.
 */
export const IOT_HUB_CONNECTION_STATE_EVENTS_TABLE = 'IoTHubConnectionStateEvents';

export const IOT_HUB_CONNECTION_STATE_EVENTS_COLUMNS: readonly LogsColumn[] = [
  /** `eventTime` (Event Grid schema) or `time` (CloudEvents). */
  { name: 'TimeGenerated', type: 'datetime' },
  /** The full type, e.g. `Microsoft.Devices.DeviceConnected`. */
  { name: 'EventType', type: 'string' },
  { name: 'HubName', type: 'string' },
  { name: 'DeviceId', type: 'string' },
  /** Empty for device (not module) events. */
  { name: 'ModuleId', type: 'string' },
  /** `data.deviceConnectionStateEventInfo.sequenceNumber` exactly as given (empty on created/deleted). */
  { name: 'SequenceNumber', type: 'string' },
  /**
   * The sequence number as 64 upper-case hex digits (left-padded with zeros), so that ordinary
   * string order (`order by SequenceKey`) is numeric order; empty when the given text is not hex.
   */
  { name: 'SequenceKey', type: 'string' },
  { name: 'EventId', type: 'string' },
  /** The hub's ARM id as given (`topic` or `source`), for `=~` filters. */
  { name: '_ResourceId', type: 'string' },
  { name: 'Type', type: 'string' },
];

export type KnownTableName =
  'AzureDiagnostics' | 'AzureMetrics' | typeof IOT_HUB_CONNECTION_STATE_EVENTS_TABLE;

/**
 * Which tables of a data set hold what (log-schema.md). IoT Hub and DPS write every category to
 * `AzureDiagnostics` ("Azure diagnostics mode"; they have no resource-specific tables for these
 * categories), exported metrics go to `AzureMetrics`. Another store of the same records (e.g. an
 * Azure Data Explorer database fed by export) may name its tables otherwise; the columns are those
 * of {@link KNOWN_TABLES}.
 */
export interface LogTables {
  /** Resource logs of every category, with the {@link AZURE_DIAGNOSTICS_COLUMNS}. */
  readonly diagnostics: string;
  /** Exported platform metrics, with the {@link AZURE_METRICS_COLUMNS}. */
  readonly metrics: string;
  /**
   * Event Grid connection-state events, with the {@link IOT_HUB_CONNECTION_STATE_EVENTS_COLUMNS}.
   * Only where the data set has such a table (the embedded engine); a Log Analytics workspace has
   * none, and a query naming a missing table would fail the whole answer.
   */
  readonly connectionStateEvents?: string;
}

/** The tables of a Log Analytics workspace. */
export const AZURE_DIAGNOSTICS_TABLES: LogTables = {
  diagnostics: 'AzureDiagnostics',
  metrics: 'AzureMetrics',
};

/** The embedded engine's tables: the workspace's, plus the Event Grid events loaded from files. */
export const EMBEDDED_ENGINE_TABLES: LogTables = {
  ...AZURE_DIAGNOSTICS_TABLES,
  connectionStateEvents: IOT_HUB_CONNECTION_STATE_EVENTS_TABLE,
};

export const KNOWN_TABLES: Readonly<Record<KnownTableName, readonly LogsColumn[]>> = {
  AzureDiagnostics: AZURE_DIAGNOSTICS_COLUMNS,
  AzureMetrics: AZURE_METRICS_COLUMNS,
  [IOT_HUB_CONNECTION_STATE_EVENTS_TABLE]: IOT_HUB_CONNECTION_STATE_EVENTS_COLUMNS,
};

/** `(TimeGenerated:datetime, Category:string, ...)` — the form the Kusto parser's TableSymbol takes. */
export function kustoSchemaText(columns: readonly LogsColumn[]): string {
  return `(${columns.map((c) => `${c.name}:${c.type satisfies KustoType}`).join(', ')})`;
}
