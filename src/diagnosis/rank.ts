/**
 * Orders findings the way an expert reads a log (findings.md, "Ranking"):
 *
 *   1. a fleet event covering the device's disconnect first (the device is a victim);
 *   2. findings with evidence before data.* findings (which have none);
 *   3. critical > error > warning > info (so a benign token renewal never hides a real failure);
 *   4. more supporting events first; then confidence; then id (stable output).
 *
 * And before sorting: an event explained by a specific finding is taken out of the evidence of the
 * generic findings listed in {@link EXPLAINED_BY}; a generic finding left without evidence is dropped.
 */
import { severityRank, type FindingId } from '../knowledge/catalog';
import type { Finding } from './finding';

/**
 * Generic finding → the specific findings whose evidence it must not repeat. Detectors consult the
 * same table while running (through `DetectorContext.isExplained`), so e.g. flapping counts only
 * cycles a token renewal or a duplicate identity does not explain.
 */
export const EXPLAINED_BY: Readonly<Partial<Record<FindingId, readonly FindingId[]>>> = {
  'iothub.404104.periodic': ['iothub.401003.token-renewal'],
  'iothub.401003.unexplained': ['iothub.401003.token-renewal'],
  'fleet.mass-disconnect': ['iothub.401003.token-renewal'],
  'iothub.flapping': [
    'iothub.401003.token-renewal',
    'iothub.400027.duplicate-connection',
    'fleet.mass-disconnect',
  ],
  'iothub.500.transient': ['fleet.mass-disconnect'],
  'iothub.404104.closed-remotely': [
    'iothub.401003.token-renewal',
    'iothub.404104.periodic',
    'iothub.flapping',
    'fleet.mass-disconnect',
  ],
};

/** Event seqs that the specific findings in `findings` explain for the generic finding `id`. */
export function explainedSeqs(id: FindingId, findings: readonly Finding[]): Set<number> {
  const explainers = new Set(EXPLAINED_BY[id] ?? []);
  const seqs = new Set<number>();
  for (const finding of findings) {
    if (explainers.has(finding.id)) for (const event of finding.evidence) seqs.add(event.seq);
  }
  return seqs;
}

/** Removes explained evidence from generic findings (dropping emptied ones), then sorts. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const explained = explainedSeqs(finding.id, findings);
    if (explained.size === 0 || finding.evidence.length === 0) {
      kept.push(finding);
      continue;
    }
    const evidence = finding.evidence.filter((event) => !explained.has(event.seq));
    if (evidence.length === 0) continue;
    if (evidence.length === finding.evidence.length) kept.push(finding);
    else {
      const countsEvents = finding.params.count === finding.evidence.length;
      const params = countsEvents ? { ...finding.params, count: evidence.length } : finding.params;
      kept.push({ ...finding, evidence, params });
    }
  }
  return kept.sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    tier(b) - tier(a) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    b.evidence.length - a.evidence.length ||
    b.confidence - a.confidence ||
    a.id.localeCompare(b.id)
  );
}

/** 3: fleet event with the device's disconnect; 2: other evidence; 1: "healthy" note; 0: data.* without evidence. */
function tier(finding: Finding): number {
  if (finding.id === 'fleet.mass-disconnect' && finding.evidence.length > 0) return 3;
  if (finding.id === 'iothub.healthy') return 1;
  return finding.evidence.length > 0 ? 2 : 0;
}
