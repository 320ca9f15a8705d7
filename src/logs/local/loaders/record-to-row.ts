/**
 * Parsed records (JSON objects, or positional rows read by a column list) → typed rows of a known
 * table, or the reason they can't be.
 *
 * Shapes that arrive, decided per record so that a folder mixing them loads as one:
 *  - Log Analytics rows (workspace column names: `TimeGenerated`, `ResultType`, ...), as objects
 *    (`az monitor log-analytics query`, portal JSON) or positional (CSV, query API `{"tables"}`);
 *  - diagnostic-settings archive records (lower-case keys: `time`, `resultType`, ...);
 *  - Event Grid / CloudEvents IoT Hub device events → `IoTHubConnectionStateEvents`.
 *
 * One {@link FileRowMapper} per file: the columns of a Log Analytics export are judged once (see
 * `column-coverage.ts`) and a file that cannot answer anything is refused as a whole.
 */
import type { CellValue, KustoType } from '../../backend';
import { KNOWN_TABLES, type KnownTableName } from '../../schema';
import { parseArmResourceId, type ArmResourceParts } from './arm-resource-id';
import { CoercionError, coerceCell } from './coerce';
import { judgeDiagnosticsColumns, type ColumnVerdict } from './column-coverage';
import { eventGridEventToRow, isEventGridEvent } from './event-grid-event';
import type { DeclaredColumn } from './parsed-item';

export type TableRow = Record<string, CellValue>;

export type RecordOutcome =
  | { readonly ok: true; readonly table: KnownTableName; readonly row: TableRow }
  | { readonly ok: false; readonly reason: string };

const TABLE_NAMES = Object.keys(KNOWN_TABLES) as KnownTableName[];

/** The portal's CSV export names the column `TimeGenerated [UTC]`; the unit suffix is not part of the name. */
export function normalizeColumnName(name: string): string {
  return name.charCodeAt(name.length - 1) === 93 /* ] */
    ? name.replace(/\s*\[UTC\]$/i, '').trim()
    : name.trim();
}

/** Per table: where each of its columns is in a positional row (-1: absent), and its type. */
interface PositionalPlan {
  readonly names: readonly string[];
  readonly types: readonly KustoType[];
  readonly indexes: readonly number[];
}

/** Maps the records of one file; remembers the file's column list and the verdict on it. */
export class FileRowMapper {
  /** Set once the file's Log Analytics columns are known; undefined for archive / Event Grid files. */
  verdict: ColumnVerdict | undefined;
  private plans: Map<KnownTableName, PositionalPlan> | undefined;
  private typeIndex = -1;
  private metricNameIndex = -1;

  /** A column list (CSV header, `{"tables"}` columns): later positional rows are read by it. */
  columns(declared: readonly DeclaredColumn[]): ColumnVerdict {
    const names = declared.map((column) => normalizeColumnName(column.name));
    const position = new Map<string, number>();
    names.forEach((name, index) => {
      if (!position.has(name)) position.set(name, index);
    });
    this.plans = new Map();
    for (const table of TABLE_NAMES) {
      const columns = KNOWN_TABLES[table];
      this.plans.set(table, {
        names: columns.map((column) => column.name),
        types: columns.map((column) => column.type),
        indexes: columns.map((column) => position.get(column.name) ?? -1),
      });
    }
    this.typeIndex = position.get('Type') ?? -1;
    this.metricNameIndex = position.get('MetricName') ?? -1;
    this.verdict = this.metricNameIndex >= 0 ? { kind: 'complete' } : judgeDiagnosticsColumns(new Set(names));
    return this.verdict;
  }

  /** A positional row, read by the last {@link columns}. */
  row(values: readonly unknown[]): RecordOutcome {
    const plans = this.plans;
    if (!plans) return { ok: false, reason: 'a row before any column list' };
    const declaredType = this.typeIndex >= 0 ? values[this.typeIndex] : undefined;
    const table = tableOf(declaredType, this.metricNameIndex >= 0);
    if (typeof table !== 'string') return table;
    const plan = plans.get(table);
    if (!plan) return { ok: false, reason: `no columns for table ${table}` };
    const row: TableRow = {};
    try {
      for (let i = 0; i < plan.names.length; i++) {
        const name = plan.names[i] as string;
        const index = plan.indexes[i] as number;
        row[name] = index < 0 ? null : coerceCell(name, plan.types[i] as KustoType, values[index]);
      }
    } catch (error) {
      if (error instanceof CoercionError) return { ok: false, reason: error.message };
      throw error;
    }
    return completeRow(table, row);
  }

  /** A JSON object of any supported shape. */
  record(record: unknown): RecordOutcome {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return { ok: false, reason: 'expected a JSON object' };
    }
    const fields = record as Record<string, unknown>;
    if ('TimeGenerated' in fields || 'Type' in fields || 'TimeGenerated [UTC]' in fields) {
      const normalized = normalizeKeys(fields);
      if (this.verdict === undefined && !('MetricName' in normalized)) {
        this.verdict = judgeDiagnosticsColumns(new Set(Object.keys(normalized)));
      }
      return logAnalyticsRowToRow(normalized);
    }
    if ('time' in fields && !('specversion' in fields)) return archiveRecordToRow(fields);
    if (isEventGridEvent(fields)) {
      const outcome = eventGridEventToRow(fields);
      return outcome.ok ? { ok: true, table: 'IoTHubConnectionStateEvents', row: outcome.row } : outcome;
    }
    return {
      ok: false,
      reason:
        'neither a Log Analytics row (no TimeGenerated column), a diagnostic-settings record (no "time" key) nor an Event Grid event',
    };
  }
}

function normalizeKeys(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  let needed = false;
  for (const key in fields) {
    if (
      key.charCodeAt(key.length - 1) === 93 ||
      key.charCodeAt(0) === 32 ||
      key.charCodeAt(key.length - 1) === 32
    ) {
      needed = true;
      break;
    }
  }
  if (!needed) return fields as Record<string, unknown>;
  const normalized: Record<string, unknown> = {};
  for (const key in fields) normalized[normalizeColumnName(key)] = fields[key];
  return normalized;
}

/** The table a Log Analytics row belongs to, or why none of ours. */
function tableOf(
  declaredType: unknown,
  hasMetricName: boolean,
): KnownTableName | { ok: false; reason: string } {
  if (typeof declaredType === 'string' && declaredType.length > 0) {
    const known = TABLE_NAMES.find((name) => name === declaredType);
    if (!known) {
      return {
        ok: false,
        reason: `rows of table ${declaredType} are not used by the bot (it reads ${TABLE_NAMES.join(', ')})`,
      };
    }
    return known;
  }
  return hasMetricName ? 'AzureMetrics' : 'AzureDiagnostics';
}

/** A record keyed by Log Analytics column names; unknown columns are ignored (the workspace has hundreds). */
export function logAnalyticsRowToRow(fields: Readonly<Record<string, unknown>>): RecordOutcome {
  const table = tableOf(fields['Type'], 'MetricName' in fields);
  if (typeof table !== 'string') return table;
  return typedRow(table, fields);
}

/** Kept for callers that map one record without a file around it. */
export function recordToRow(record: unknown): RecordOutcome {
  return new FileRowMapper().record(record);
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
  return completeRow(table, row);
}

/**
 * What Log Analytics would have filled in: the resource columns from the ARM id when an export
 * left them out, `location_s` from `AdditionalFields` (where it lands past the 500-column limit),
 * and `Type`. Ids and names keep the casing they were given.
 */
function completeRow(table: KnownTableName, row: TableRow): RecordOutcome {
  if (row['TimeGenerated'] === null) return { ok: false, reason: 'TimeGenerated is empty' };
  if (table === 'AzureDiagnostics' || table === 'AzureMetrics') {
    const id = nonEmpty(row['_ResourceId']) ?? nonEmpty(row['ResourceId']);
    if (
      id &&
      (isBlank(row['Resource']) || isBlank(row['ResourceProvider']) || isBlank(row['ResourceType']))
    ) {
      const parts = armParts(id);
      row['Resource'] = nonEmpty(row['Resource']) ?? parts.resource;
      row['ResourceProvider'] = nonEmpty(row['ResourceProvider']) ?? parts.resourceProvider;
      row['SubscriptionId'] = nonEmpty(row['SubscriptionId']) ?? parts.subscriptionId;
      row['ResourceGroup'] = nonEmpty(row['ResourceGroup']) ?? parts.resourceGroup;
      if (table === 'AzureDiagnostics')
        row['ResourceType'] = nonEmpty(row['ResourceType']) ?? parts.resourceType;
    }
    if (table === 'AzureDiagnostics') {
      const type = nonEmpty(row['ResourceType'])?.toUpperCase();
      if (isBlank(row['ResourceProvider']) && (type === 'IOTHUBS' || type === 'PROVISIONINGSERVICES')) {
        row['ResourceProvider'] = 'MICROSOFT.DEVICES';
      }
      if (isBlank(row['location_s']))
        row['location_s'] = locationOf(row['AdditionalFields'] ?? null) ?? row['location_s'] ?? null;
    }
  }
  row['Type'] ??= table;
  return { ok: true, table, row };
}

function locationOf(additional: CellValue): string | undefined {
  if (
    typeof additional !== 'object' ||
    additional === null ||
    Array.isArray(additional) ||
    additional instanceof Date
  ) {
    return undefined;
  }
  const fields = additional as Record<string, unknown>;
  const location = fields['location_s'] ?? fields['location'] ?? fields['Location'];
  return typeof location === 'string' && location.length > 0 ? location : undefined;
}

function nonEmpty(value: CellValue | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isBlank(value: CellValue | undefined): boolean {
  return value === null || value === undefined || value === '';
}

/** Resource ids repeat on every record of a hub: parse each once. */
const armPartsCache = new Map<string, { readonly id: string; readonly parts: ArmResourceParts }>();
const ARM_CACHE_LIMIT = 10_000;
/** The first string seen with the last id's content (see archiveRecordToRow). */
let lastArmId = '';
let lastArmParts: ArmResourceParts | undefined;

function armParts(id: string): ArmResourceParts {
  // Consecutive records are usually of the same resource: one string comparison, no hashing.
  if (id === lastArmId && lastArmParts) return lastArmParts;
  let entry = armPartsCache.get(id);
  if (!entry) {
    entry = { id, parts: parseArmResourceId(id) };
    if (armPartsCache.size >= ARM_CACHE_LIMIT) armPartsCache.clear();
    armPartsCache.set(id, entry);
  }
  lastArmId = entry.id;
  lastArmParts = entry.parts;
  return entry.parts;
}

/**
 * A diagnostic-settings record as written to a storage account (`insights-logs-<category>` or
 * `insights-metrics-pt1m` containers), mapped the way Log Analytics maps it on ingestion.
 */
export function archiveRecordToRow(fields: Readonly<Record<string, unknown>>): RecordOutcome {
  const given = typeof fields['resourceId'] === 'string' ? fields['resourceId'] : null;
  const parts = given ? armParts(given) : null;
  // The first string seen with this content: the engine's dictionaries then hash one long id once, not per row.
  const resourceId = given ? lastArmId : null;
  if ('metricName' in fields) {
    return typedRow('AzureMetrics', {
      TimeGenerated: fields['time'],
      ResourceId: resourceId,
      _ResourceId: resourceId,
      SubscriptionId: parts?.subscriptionId,
      ResourceGroup: parts?.resourceGroup,
      ResourceProvider: parts?.resourceProvider,
      Resource: parts?.resource,
      TenantId: fields['tenantId'],
      SourceSystem: 'Azure',
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
  let row: TableRow;
  try {
    row = {
      TenantId: text(fields['tenantId']),
      TimeGenerated: coerceCell('TimeGenerated', 'datetime', fields['time']),
      ResourceId: resourceId,
      Category: text(fields['category']),
      ResourceGroup: parts?.resourceGroup ?? null,
      SubscriptionId: parts?.subscriptionId ?? null,
      ResourceProvider: parts?.resourceProvider ?? null,
      Resource: parts?.resource ?? null,
      ResourceType: parts?.resourceType ?? null,
      OperationName: text(fields['operationName']),
      ResultType: text(fields['resultType']),
      CorrelationId: text(fields['correlationId']),
      ResultDescription: text(fields['resultDescription']),
      Level: text(fields['level']),
      DurationMs: coerceCell('DurationMs', 'long', fields['durationMs']),
      CallerIPAddress: text(fields['callerIpAddress']),
      OperationVersion: text(fields['operationVersion']),
      ResultSignature: text(fields['resultSignature']),
      location_s: text(fields['location']),
      // Log Analytics stores the properties object as JSON text in properties_s.
      properties_s:
        typeof properties === 'object' && properties !== null ? JSON.stringify(properties) : text(properties),
      AdditionalFields: null,
      SourceSystem: 'Azure',
      Type: 'AzureDiagnostics',
      _ResourceId: resourceId,
    };
  } catch (error) {
    if (error instanceof CoercionError) return { ok: false, reason: error.message };
    throw error;
  }
  if (row['TimeGenerated'] === null) return { ok: false, reason: 'TimeGenerated is empty' };
  return { ok: true, table: 'AzureDiagnostics', row };
}

/** A string cell from an archive value (strings as they are, numbers written out, objects as JSON). */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return null;
  return coerceCell('', 'string', value) as string;
}
