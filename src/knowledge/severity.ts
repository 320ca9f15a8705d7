/**
 * How urgent a finding is. `info` means expected or benign (e.g. a SAS token
 * renewal), `critical` means many devices or the whole hub are affected.
 */
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;

/** See {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

const rankBySeverity: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2, critical: 3 };

/**
 * A number that grows with urgency, so a ranking can sort findings most-actionable
 * first (`b - a`): critical and error before warning before info (findings.md, "Ranking").
 */
export function severityRank(severity: Severity): number {
  return rankBySeverity[severity];
}
