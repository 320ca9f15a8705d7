import codesData from './codes.json';
import findingsData from './findings.json';
import { findCodeEntry, findCodeFamily } from './code-query';
import type { FindingId } from './finding-ids';
import { KnowledgeError } from './knowledge-error';
import { loadCatalog, type Catalog } from './load-catalog';
import { localizeDuration } from './localize-duration';
import { fillPlaceholders } from './placeholders';
import type { CodeEntry, CodeText, FindingEntry, FindingText, Locale } from './schema';
import type { SdkFamily } from './sdk-family';

/**
 * The knowledge catalog: what each finding means and what to do about it, in
 * English and Korean, plus an explanation of every IoT Hub / DPS error code the
 * bot knows. Data lives in findings.json and codes.json; it is validated when
 * this module loads, so a bad entry fails at start-up and in CI.
 *
 *   findings.json ─┐
 *                  ├─ loadCatalog (zod + cross checks) ─▶ getFinding / findingText / formatSummary
 *   codes.json ────┘                                    └▶ explainCode
 */

export type { FindingId } from './finding-ids';
export { FINDING_IDS, isFindingId } from './finding-ids';
export type {
  CodeEntry,
  CodeFamily,
  CodeText,
  FindingEntry,
  FindingSource,
  FindingText,
  Locale,
} from './schema';
export { LOCALES } from './schema';
export type { Severity } from './severity';
export { SEVERITIES, severityRank } from './severity';
export type { SdkFamily } from './sdk-family';
export { SDK_FAMILIES, sdkFamilyFromVersion } from './sdk-family';
export type { PlaceholderValues, SummaryPlaceholder } from './placeholders';
export { COMMAND_PLACEHOLDERS, fillCommandPlaceholders, SUMMARY_PLACEHOLDERS } from './placeholders';
export type { CommandPlaceholder } from './placeholders';
export { KnowledgeError } from './knowledge-error';
export { loadCatalog, type Catalog } from './load-catalog';

const catalog: Catalog = loadCatalog(findingsData, codesData);
const findingsById: ReadonlyMap<FindingId, FindingEntry> = new Map(
  catalog.findings.map((finding) => [finding.id, finding]),
);

/** The catalog entry of a finding. Throws only if called with an id cast from unchecked text. */
export function getFinding(id: FindingId): FindingEntry {
  const finding = findingsById.get(id);
  if (finding === undefined) throw new KnowledgeError(`Unknown finding id "${id}"`, { id });
  return finding;
}

/** The user-facing text of a finding in one language (summary still has its placeholders). */
export function findingText(id: FindingId, locale: Locale): FindingText {
  return getFinding(id).text[locale];
}

/** Every finding, in catalog order (grouped by source). */
export function listFindings(): readonly FindingEntry[] {
  return catalog.findings;
}

/** Every explained error code. */
export function listCodes(): readonly CodeEntry[] {
  return catalog.codes;
}

/**
 * Explains an error code without any logs (`explain 401003`). Accepts the code
 * with surrounding spaces, the error name in any case (`iothubunauthorized`), and a
 * service prefix for DPS codes (`dps 401`, `DPS:404201`). `undefined` when unknown.
 */
export function explainCode(query: string): CodeEntry | undefined {
  return findCodeEntry(catalog.codes, query);
}

/**
 * Like {@link explainCode}, and when the catalog does not list the code itself, the explanation of
 * its family within its own service (`match: 'family'`): `404999` → IoT Hub 404xxx,
 * `dps 404203` → DPS 404. `undefined` for names and codes no family covers.
 */
export function explainCodeOrFamily(query: string): CodeEntry | undefined {
  return findCodeEntry(catalog.codes, query) ?? findCodeFamily(catalog.codes, catalog.families, query);
}

/**
 * The finding a code points to on its own, for a breakdown row (`hub-errors`): the only finding
 * that explains it, exactly or by its family. `undefined` when several do (401003: the message and
 * the timing decide) or none does.
 */
export function findingForCode(code: string, source: 'iothub' | 'dps' = 'iothub'): FindingId | undefined {
  const entry = explainCodeOrFamily(`${source} ${code}`);
  return entry?.findingIds.length === 1 ? entry.findingIds[0] : undefined;
}

/** The text of a code entry in one language. */
export function codeText(entry: CodeEntry, locale: Locale): CodeText {
  return entry.text[locale];
}

/**
 * The one-line verdict of a finding with its placeholders filled, e.g.
 * `formatSummary('iothub.401003.token-renewal', 'ko', {deviceId: 'thermostat-42', interval: '60분'})`.
 * Throws {@link KnowledgeError} when a placeholder the summary uses has no value,
 * or when a value is given for an undocumented placeholder.
 */
export function formatSummary(
  id: FindingId,
  locale: Locale,
  params: Readonly<Record<string, string | number | undefined>>,
): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) values[name] = localizeDuration(name, value, locale);
  }
  return fillPlaceholders(findingText(id, locale).summary, values);
}

/** The note for one SDK family, when the finding's advice depends on the device SDK. */
export function sdkNote(id: FindingId, locale: Locale, family: SdkFamily): string | undefined {
  return findingText(id, locale).sdkNotes?.[family];
}
