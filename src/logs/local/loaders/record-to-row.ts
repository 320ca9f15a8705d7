/**
 * One parsed record (from JSON or CSV) → one typed row of a known table, or the reason it can't be.
 *
 * Two shapes arrive: Log Analytics rows (column names as in the workspace: `TimeGenerated`,
 * `ResultType`, ...) and diagnostic-settings archive records (lower-case keys: `time`,
 * `resultType`, ...). The shape is decided per record, so a folder mixing both loads as one.
 */
import type { CellValue } from '../../backend';
import { KNOWN_TABLES, type KnownTableName } from '../../schema';
import { parseArmResourceId } from './arm-resource-id';
import { CoercionError, coerceCell } from './coerce';

export type TableRow = Record<string, CellValue>;

export type RecordOutcome =
  | { readonly ok: true; readonly table: KnownTableName; readonly row: TableRow }
  | { readonly ok: false; readonly reason: string };

const TABLE_NAMES = Object.keys(KNOWN_TABLES) as KnownTableName[];

/** The portal's CSV export names the column `TimeGenerated [UTC]`; the unit suffix is not part of the name. */
export function normalizeColumnName(name: string): string {
  return name.replace(/\s*\[UTC\]$/i, '').trim();
}

export function recordToRow(record: unknown): RecordOutcome {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { ok: false, reason: 'expected a JSON object' };
  }
  const fields = record as Record<string, unknown>;
  if ('TimeGenerated' in fields || 'Type' in fields || 'TimeGenerated [UTC]' in fields) {
    return logAnalyticsRowToRow(fields);
  }
  if ('time' in fields) return archiveRecordToRow(fields);
  return {
    ok: false,
    reason:
      'neither a Log Analytics row (no TimeGenerated column) nor a diagnostic-settings record (no "time" key)',
  };
}

/** A record keyed by Log Analytics column names; unknown columns are ignored (the workspace has hundreds). */
export function logAnalyticsRowToRow(fields: Readonly<Record<string, unknown>>): RecordOutcome {
  const normalized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) normalized[normalizeColumnName(key)] = value;
  const declaredType = normalized['Type'];
  let table: KnownTableName;
  if (typeof declaredType === 'string' && declaredType.length > 0) {
    const known = TABLE_NAMES.find((name) => name === declaredType);
    if (!known) {
      return {
        ok: false,
        reason: `rows of table ${declaredType} are not used by the bot (it reads ${TABLE_NAMES.join(' and ')})`,
      };
    }
    table = known;
  } else {
    table = 'MetricName' in normalized ? 'AzureMetrics' : 'AzureDiagnostics';
  }
  return typedRow(table, normalized);
}

function typedRow(table: KnownTableName, values: Readonly<Record<string, unknown>>): RecordOutcome {
  const row: TableRow = {};
  try {
    for (const column of KNOWN_TABLES[table]) {
      row[column.name] = coerceCell(column.name, column.type, values[column.name]);
    }
  } catch (error) {
    if (error instanceof CoercionError) return { ok: false, reason: error.message };
    throw error;
  }
  if (row['TimeGenerated'] === null) return { ok: false, reason: 'TimeGenerated is empty' };
  row['Type'] ??= table;
  return { ok: true, table, row };
}

/**
 * A diagnostic-settings record as written to a storage account (`insights-logs-<category>` or
 * `insights-metrics-pt1m` containers), mapped the way Log Analytics maps it on ingestion.
 */
export function archiveRecordToRow(fields: Readonly<Record<string, unknown>>): RecordOutcome {
  const resourceId = typeof fields['resourceId'] === 'string' ? fields['resourceId'] : null;
  const parts = resourceId ? parseArmResourceId(resourceId) : null;
  const common = {
    TimeGenerated: fields['time'],
    ResourceId: parts?.resourceId,
    _ResourceId: parts?.resourceIdLower,
    SubscriptionId: parts?.subscriptionId,
    ResourceGroup: parts?.resourceGroup,
    ResourceProvider: parts?.resourceProvider,
    Resource: parts?.resource,
    TenantId: fields['tenantId'],
    SourceSystem: 'Azure',
  };
  if ('metricName' in fields) {
    return typedRow('AzureMetrics', {
      ...common,
      MetricName: fields['metricName'],
      Total: fields['total'],
      Count: fields['count'],
      Minimum: fields['minimum'],
      Maximum: fields['maximum'],
      Average: fields['average'],
      TimeGrain: fields['timeGrain'],
      UnitName: fields['unit'] ?? fields['unitName'] ?? 'Count',
      Type: 'AzureMetrics',
    });
  }
  const properties = fields['properties'];
  return typedRow('AzureDiagnostics', {
    ...common,
    ResourceType: parts?.resourceType,
    Category: fields['category'],
    OperationName: fields['operationName'],
    OperationVersion: fields['operationVersion'],
    Level: fields['level'],
    ResultType: fields['resultType'],
    ResultSignature: fields['resultSignature'],
    ResultDescription: fields['resultDescription'],
    DurationMs: fields['durationMs'],
    CallerIPAddress: fields['callerIpAddress'],
    CorrelationId: fields['correlationId'],
    // Log Analytics stores the properties object as JSON text in properties_s.
    properties_s:
      typeof properties === 'object' && properties !== null ? JSON.stringify(properties) : properties,
    location_s: fields['location'],
    Type: 'AzureDiagnostics',
  });
}
