import type { z } from 'zod';

import { FINDING_IDS } from './finding-ids';
import { KnowledgeError } from './knowledge-error';
import type { FindingId } from './finding-ids';
import {
  codeEntrySchema,
  codeFamilySchema,
  findingEntrySchema,
  type CodeEntry,
  type CodeFamily,
  type CodeSource,
  type FindingEntry,
  type RawCodeEntry,
} from './schema';

/** The validated catalog: every finding of the contract, every explained code and the code families. */
export interface Catalog {
  readonly findings: readonly FindingEntry[];
  readonly codes: readonly CodeEntry[];
  /** IoT Hub code families, for codes the catalog does not list one by one. */
  readonly families: readonly CodeFamily[];
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.map(String).join('.') || '(entry)'}: ${issue.message}`)
    .join('; ');
}

function entryLabel(file: string, index: number, raw: unknown, key: 'id' | 'code' | 'prefix'): string {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? `${file}[${index}] (${value})` : `${file}[${index}]`;
}

function parseEach<Entry>(
  file: string,
  data: unknown,
  schema: z.ZodType<Entry>,
  key: 'id' | 'code' | 'prefix',
): Entry[] {
  if (!Array.isArray(data)) throw new KnowledgeError(`${file} must hold an array of entries`, { file });
  return data.map((raw: unknown, index) => {
    const result = schema.safeParse(raw);
    if (!result.success) {
      const label = entryLabel(file, index, raw, key);
      throw new KnowledgeError(`${label} is invalid: ${describeIssues(result.error.issues)}`, {
        file,
        entry: label,
      });
    }
    return result.data;
  });
}

function checkFindingIds(findings: readonly FindingEntry[]): void {
  const seen = new Set<string>();
  for (const finding of findings) {
    if (seen.has(finding.id)) {
      throw new KnowledgeError(`findings.json: ${finding.id} appears twice`, { entry: finding.id });
    }
    seen.add(finding.id);
  }
  const missing = FINDING_IDS.filter((id) => !seen.has(id));
  if (missing.length > 0) {
    throw new KnowledgeError(`findings.json lacks ${missing.join(', ')}`, { entry: missing.join(',') });
  }
}

/** `4041` → `4041xx`, `404` → `404xxx`. */
function familyLabel(prefix: string): string {
  return `${prefix}${'x'.repeat(6 - prefix.length)}`;
}

/** The family of an IoT Hub code: the longest prefix that names one. */
export function familyOf(families: readonly CodeFamily[], code: string): CodeFamily | undefined {
  let best: CodeFamily | undefined;
  for (const family of families) {
    if (code.startsWith(family.prefix) && family.prefix.length > (best?.prefix.length ?? 0)) best = family;
  }
  return best;
}

function checkFamilies(families: readonly CodeFamily[]): void {
  const seen = new Set<string>();
  for (const family of families) {
    if (seen.has(family.prefix)) {
      throw new KnowledgeError(`codes.json: family ${family.prefix} appears twice`, { entry: family.prefix });
    }
    seen.add(family.prefix);
  }
}

/** The service whose codes a finding names (fleet findings name IoT Hub codes). */
function codeSourceOf(finding: FindingEntry): CodeSource {
  return finding.source === 'dps' ? 'dps' : 'iothub';
}

function explainingFindings(findings: readonly FindingEntry[], entry: RawCodeEntry): FindingId[] {
  return findings
    .filter((finding) => codeSourceOf(finding) === entry.source && finding.codes.includes(entry.code))
    .map((finding) => finding.id);
}

function buildCodes(
  raw: readonly RawCodeEntry[],
  families: readonly CodeFamily[],
  findings: readonly FindingEntry[],
): CodeEntry[] {
  const seenCodes = new Set<string>();
  const familyByName = new Map<string, string>();
  const entries = raw.map((entry): CodeEntry => {
    const key = `${entry.source} ${entry.code}`;
    if (seenCodes.has(key)) {
      throw new KnowledgeError(`codes.json: ${entry.source} ${entry.code} appears twice`, {
        entry: entry.code,
      });
    }
    seenCodes.add(key);
    let family: string;
    if (entry.source === 'iothub') {
      const owner = familyOf(families, entry.code);
      if (!owner || entry.code.length !== 6) {
        throw new KnowledgeError(`codes.json: iothub ${entry.code} belongs to no code family`, {
          entry: entry.code,
        });
      }
      family = familyLabel(owner.prefix);
    } else {
      family = entry.code.slice(0, 3);
    }
    // A name may repeat only inside one family: Microsoft lists 404102 and 404103 both as DeviceNotOnline.
    const nameKey = `${entry.source} ${entry.name.toLowerCase()}`;
    const nameFamily = familyByName.get(nameKey);
    if (nameFamily !== undefined && nameFamily !== family) {
      throw new KnowledgeError(`codes.json: ${entry.code} ${entry.name} is not unique`, {
        entry: entry.code,
      });
    }
    familyByName.set(nameKey, family);
    return { ...entry, family, match: 'code', findingIds: explainingFindings(findings, entry) };
  });
  for (const entry of entries) {
    if (entry.source === 'dps' && entry.code.length === 6 && !seenCodes.has(`dps ${entry.family}`)) {
      throw new KnowledgeError(`codes.json: dps ${entry.code} has no status entry ${entry.family}`, {
        entry: entry.code,
      });
    }
  }
  for (const finding of findings) {
    const unexplained = finding.codes.filter((code) => !seenCodes.has(`${codeSourceOf(finding)} ${code}`));
    if (unexplained.length > 0) {
      throw new KnowledgeError(
        `${finding.id} names codes without an entry in codes.json: ${unexplained.join(', ')}`,
        { entry: finding.id },
      );
    }
  }
  return entries;
}

function codesFileParts(data: unknown): { families: unknown; codes: unknown } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new KnowledgeError('codes.json must hold an object with "families" and "codes"', {
      file: 'codes.json',
    });
  }
  const record = data as Record<string, unknown>;
  return { families: record['families'], codes: record['codes'] };
}

/**
 * Validates raw catalog data (the parsed JSON files) and returns it typed. Throws a
 * {@link KnowledgeError} naming the file and the bad entry: a broken catalog must
 * stop the bot at start-up, not surface as a broken card during an incident.
 */
export function loadCatalog(findingsData: unknown, codesData: unknown): Catalog {
  const findings = parseEach('findings.json', findingsData, findingEntrySchema, 'id');
  checkFindingIds(findings);
  const parts = codesFileParts(codesData);
  const families = parseEach('codes.json families', parts.families, codeFamilySchema, 'prefix');
  checkFamilies(families);
  const raw = parseEach('codes.json codes', parts.codes, codeEntrySchema, 'code');
  return { findings, codes: buildCodes(raw, families, findings), families };
}
