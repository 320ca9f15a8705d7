import type { z } from 'zod';

import { FINDING_IDS } from './finding-ids';
import { KnowledgeError } from './knowledge-error';
import { codeEntrySchema, findingEntrySchema, type CodeEntry, type FindingEntry } from './schema';

/** The validated catalog: every finding of the contract and every explained code. */
export interface Catalog {
  readonly findings: readonly FindingEntry[];
  readonly codes: readonly CodeEntry[];
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.map(String).join('.') || '(entry)'}: ${issue.message}`)
    .join('; ');
}

function entryLabel(file: string, index: number, raw: unknown, key: 'id' | 'code'): string {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? `${file}[${index}] (${value})` : `${file}[${index}]`;
}

function parseEach<Entry>(
  file: string,
  data: unknown,
  schema: z.ZodType<Entry>,
  key: 'id' | 'code',
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

function checkCodes(codes: readonly CodeEntry[], findings: readonly FindingEntry[]): void {
  const seenCodes = new Set<string>();
  const seenNames = new Set<string>();
  for (const entry of codes) {
    const name = entry.name.toLowerCase();
    if (seenCodes.has(entry.code) || seenNames.has(name)) {
      throw new KnowledgeError(`codes.json: ${entry.code} ${entry.name} is not unique`, {
        entry: entry.code,
      });
    }
    seenCodes.add(entry.code);
    seenNames.add(name);
    const explaining = findings
      .filter((finding) => finding.codes.includes(entry.code))
      .map((f) => f.id)
      .sort();
    const listed = [...entry.findingIds].sort();
    if (explaining.join() !== listed.join()) {
      throw new KnowledgeError(
        `codes.json: ${entry.code} lists [${listed.join(', ')}] but the findings naming it are [${explaining.join(', ')}]`,
        { entry: entry.code },
      );
    }
  }
  for (const finding of findings) {
    const unexplained = finding.codes.filter((code) => !seenCodes.has(code));
    if (unexplained.length > 0) {
      throw new KnowledgeError(
        `${finding.id} names codes without an entry in codes.json: ${unexplained.join(', ')}`,
        {
          entry: finding.id,
        },
      );
    }
  }
}

/**
 * Validates raw catalog data (the parsed JSON files) and returns it typed. Throws a
 * {@link KnowledgeError} naming the file and the bad entry: a broken catalog must
 * stop the bot at start-up, not surface as a broken card during an incident.
 */
export function loadCatalog(findingsData: unknown, codesData: unknown): Catalog {
  const findings = parseEach('findings.json', findingsData, findingEntrySchema, 'id');
  checkFindingIds(findings);
  const codes = parseEach('codes.json', codesData, codeEntrySchema, 'code');
  checkCodes(codes, findings);
  return { findings, codes };
}
