/**
 * Whether the columns of an exported Log Analytics result can answer the bot's questions.
 *
 * An export made from a query that projected a few columns (`| project TimeGenerated, DeviceId`)
 * loads as rows that no question can find: every query of the bot filters on ResourceType and
 * Category first, and reads devices out of properties_s. Such a file is refused with the columns
 * it lacks and the query to export instead; a file that lacks only some columns is loaded with a
 * note saying which questions it cannot answer.
 */

/** What to export instead: full rows of the IoT Hub and DPS resource logs. */
export const FULL_ROWS_QUERY =
  'AzureDiagnostics | where ResourceProvider in ("MICROSOFT.DEVICES") | where TimeGenerated > ago(1d)';

const EXPORT_ADVICE = `Export full rows instead: run \`${FULL_ROWS_QUERY}\` (widen ago(1d) to the window you need) and export all columns (Export > CSV (all columns)), or save the query API's JSON response.`;

/**
 * Columns without which no question finds a row. ResourceType can come from a resource id, and
 * ResourceProvider from either (IOTHUBS and PROVISIONINGSERVICES are MICROSOFT.DEVICES types).
 */
const REQUIRED: readonly string[] = ['TimeGenerated', 'Category', 'ResourceType', 'ResourceProvider'];

/** Columns whose absence costs some questions, and which ones. */
const QUESTIONS_BY_COLUMN: readonly (readonly [column: string, questions: string])[] = [
  [
    'properties_s',
    'no per-device diagnosis (device ids, protocols, SDK versions, auth types and DPS registration ids are all in properties_s)',
  ],
  ['OperationName', 'no connect/disconnect timeline (deviceConnect / deviceDisconnect)'],
  ['Level', 'no error views (which records are errors)'],
  ['ResultType', 'no error codes (hub and DPS error breakdowns, explain)'],
  ['ResultDescription', 'no error names'],
  ['Resource', 'no hub or DPS names'],
];

/** Columns that can stand in for ResourceType / ResourceProvider / Resource (parsed from the ARM id). */
const RESOURCE_ID_COLUMNS: readonly string[] = ['_ResourceId', 'ResourceId'];

export type ColumnVerdict =
  | { readonly kind: 'complete' }
  | { readonly kind: 'partial'; readonly missing: readonly string[]; readonly message: string }
  | { readonly kind: 'refused'; readonly missing: readonly string[]; readonly message: string };

/** Judges an AzureDiagnostics export by its column names (normalized: `TimeGenerated [UTC]` → TimeGenerated). */
export function judgeDiagnosticsColumns(columns: ReadonlySet<string>): ColumnVerdict {
  const hasResourceId = RESOURCE_ID_COLUMNS.some((column) => columns.has(column));
  const derivable = (column: string): boolean =>
    (hasResourceId &&
      (column === 'ResourceType' || column === 'ResourceProvider' || column === 'Resource')) ||
    (column === 'ResourceProvider' && columns.has('ResourceType'));
  const missingRequired = REQUIRED.filter((column) => !columns.has(column) && !derivable(column));
  const missingOptional = QUESTIONS_BY_COLUMN.filter(
    ([column]) => !columns.has(column) && !derivable(column),
  );
  if (missingRequired.length > 0) {
    const missing = [...missingRequired, ...missingOptional.map(([column]) => column)];
    return {
      kind: 'refused',
      missing,
      message:
        `not loaded: it has no ${listColumns(missing)} column, so no question of the bot can find its rows ` +
        `(an export of a query that projected some columns?). ${EXPORT_ADVICE}`,
    };
  }
  if (missingOptional.length > 0) {
    const missing = missingOptional.map(([column]) => column);
    return {
      kind: 'partial',
      missing,
      message:
        `loaded, but it has no ${listColumns(missing)} column: ${missingOptional.map(([, questions]) => questions).join('; ')}. ` +
        EXPORT_ADVICE,
    };
  }
  return { kind: 'complete' };
}

/** `a`, `a or b`, `a, b or c`. */
function listColumns(columns: readonly string[]): string {
  if (columns.length <= 1) return columns.join('');
  return `${columns.slice(0, -1).join(', ')} or ${columns[columns.length - 1] ?? ''}`;
}
