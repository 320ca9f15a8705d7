/**
 * `iot-triage diagnose --json`: the Diagnosis in the shape issue 4 promises to scripts —
 * `{request, findings[{id, severity, title, confidence, evidence}], timeline[], queries[{name, kql}],
 * dataStatus}` — with the finding titles and summaries in the chosen locale. Fields beyond that
 * shape (summary, facts, verdict, hub, dps, the loaded logs' range) come after, so scripts that
 * read the promised fields are never broken by them.
 */
import type { DeviceEvent, Diagnosis, FindingFacts } from '../diagnosis';
import { findingText, formatSummary, type Locale, type Severity } from '../knowledge/catalog';
import type { LogsCoverage } from './coverage-note';

export interface DiagnosisJson {
  readonly request: Diagnosis['request'];
  readonly findings: readonly {
    readonly id: string;
    readonly severity: Severity;
    readonly title: string;
    readonly confidence: number;
    readonly evidence: readonly DeviceEvent[];
    readonly summary: string;
    readonly facts: FindingFacts;
  }[];
  readonly timeline: readonly DeviceEvent[];
  readonly queries: readonly { readonly name: string; readonly kql: string }[];
  readonly dataStatus: Diagnosis['dataStatus'] & {
    readonly timelineTotal: number;
    readonly timelineOrder: Diagnosis['timeline']['order'];
    readonly loadedLogs?: LogsCoverage;
  };
  readonly verdict: Diagnosis['verdict'];
  readonly hub?: string;
  readonly dps?: string;
  readonly locale: Locale;
}

export function diagnosisJson(
  diagnosis: Diagnosis,
  locale: Locale,
  loadedLogs: LogsCoverage | undefined,
): DiagnosisJson {
  return {
    request: diagnosis.request,
    findings: diagnosis.findings.map((finding) => ({
      id: finding.id,
      severity: finding.severity,
      title: findingText(finding.id, locale).title,
      confidence: finding.confidence,
      evidence: finding.evidence,
      summary: formatSummary(finding.id, locale, finding.params),
      facts: finding.facts,
    })),
    timeline: diagnosis.timeline.events,
    queries: diagnosis.queries.map((query) => ({ name: query.name, kql: query.kql })),
    dataStatus: {
      ...diagnosis.dataStatus,
      timelineTotal: diagnosis.timeline.total,
      timelineOrder: diagnosis.timeline.order,
      ...(loadedLogs ? { loadedLogs } : {}),
    },
    verdict: diagnosis.verdict,
    ...(diagnosis.hub !== undefined ? { hub: diagnosis.hub } : {}),
    ...(diagnosis.dps !== undefined ? { dps: diagnosis.dps } : {}),
    locale,
  };
}
