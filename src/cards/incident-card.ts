import { findingText, type FindingId } from '../knowledge/catalog';
import type { CardActionData } from './card-actions';
import { cardButton, type CardButton } from './card-button';
import type { Locale } from './card-data';

/**
 * Incident → card data. The input is structural (what alerts/ stores as an incident), so cards
 * need no import from alerts/.
 */
export interface IncidentCardInput {
  readonly id: string;
  readonly status: 'open' | 'acknowledged' | 'snoozed' | 'resolved';
  readonly severity: string;
  readonly assignee?: { readonly name: string };
  readonly snoozedUntil?: string;
  readonly resolvedAt?: string;
  readonly resolutionNote?: string;
  readonly alert: {
    readonly rule: string;
    readonly signalType: string;
    readonly description?: string;
    readonly firedAt: string;
    readonly resource?: { readonly name: string; readonly type: string };
    readonly conditionSummary?: string;
    readonly dimensions: readonly { readonly name: string; readonly value: string }[];
    readonly alertLink: string;
    readonly resultsLink?: string;
  };
  readonly diagnosis?: {
    readonly kind: 'device' | 'fleet' | 'none';
    readonly subject?: string;
    readonly verdict?: 'problem' | 'healthy' | 'no-data';
    readonly findings: readonly { readonly id: FindingId; readonly severity: string }[];
    readonly fleetRows: readonly {
      readonly code: string;
      readonly name: string;
      readonly count: number;
      readonly devices: number;
      readonly findingId?: FindingId;
    }[];
    readonly query?: string;
    readonly caveat?: string;
    readonly problem?: string;
  };
  readonly timeline: readonly {
    readonly at: string;
    readonly by: { readonly name: string };
    readonly action: string;
    readonly note?: string;
  }[];
}

export interface IncidentCardData {
  readonly refresh: { readonly verb: string; readonly data: CardActionData };
  readonly title: string;
  readonly titleColor: 'Attention' | 'Warning' | 'Good' | 'Default';
  readonly statusLine: string;
  readonly description: string;
  readonly facts: readonly { readonly title: string; readonly value: string }[];
  readonly diagnosisHeading: string;
  readonly diagnosisLines: readonly { readonly line: string }[];
  readonly caveat: string;
  readonly timelineHeading: string;
  readonly timeline: readonly { readonly line: string }[];
  readonly buttons: readonly CardButton[];
  readonly canResolve: boolean;
  readonly resolveLabel: string;
  readonly resolveNoteLabel: string;
  readonly resolveNotePlaceholder: string;
  readonly resolveButton: CardButton;
  readonly query: string;
  readonly showQueryLabel: string;
  readonly alertLink: string;
  readonly openAlertLabel: string;
}

export interface IncidentDigestCardData {
  readonly title: string;
  readonly intro: string;
  readonly incidents: readonly { readonly line: string; readonly button: CardButton }[];
}

/** Timeline lines shown (newest last); `incident <id>` shows them all. */
const TIMELINE_SHOWN = 6;

const ACTION_TEXT: Readonly<Record<string, string>> = {
  fired: 'fired',
  'resolved-by-monitor': 'resolved (Azure Monitor)',
  acknowledged: 'acknowledged',
  assigned: 'assigned to',
  snoozed: 'snoozed',
  resolved: 'resolved',
  diagnosed: 'diagnosis made',
};

/** The incident card; `fullTimeline` for `incident <id>`. */
export function incidentCardData(
  incident: IncidentCardInput,
  locale: Locale,
  options: { readonly fullTimeline?: boolean; readonly now?: Date } = {},
): IncidentCardData {
  const { alert } = incident;
  const resolved = incident.status === 'resolved';
  const status = statusText(incident, options.now ?? new Date());
  const dimensions = alert.dimensions.map((d) => `${d.name}=${d.value}`).join(', ');
  const facts = [
    { title: 'Incident', value: incident.id },
    { title: 'Rule', value: alert.rule },
    { title: 'Severity', value: incident.severity },
    {
      title: 'Resource',
      value: alert.resource ? `${alert.resource.name} (${alert.resource.type})` : 'not given',
    },
    { title: 'Fired', value: utc(alert.firedAt) },
    ...(alert.conditionSummary ? [{ title: 'Condition', value: alert.conditionSummary }] : []),
    ...(dimensions ? [{ title: 'Dimensions', value: dimensions }] : []),
    ...(incident.assignee ? [{ title: 'Assigned to', value: incident.assignee.name }] : []),
    ...(incident.resolutionNote ? [{ title: 'Resolution', value: incident.resolutionNote }] : []),
  ];
  const entries = options.fullTimeline ? incident.timeline : incident.timeline.slice(-TIMELINE_SHOWN);
  const actions: CardActionData[] = resolved
    ? [{ cmd: 'rediagnose', incidentId: incident.id }]
    : [
        { cmd: 'ack', incidentId: incident.id },
        { cmd: 'assign-me', incidentId: incident.id },
        { cmd: 'snooze', incidentId: incident.id },
        { cmd: 'rediagnose', incidentId: incident.id },
      ];
  const labels: Record<string, string> = {
    ack: 'Acknowledge',
    'assign-me': 'Assign to me',
    snooze: 'Snooze 1h',
    rediagnose: 'Diagnose again',
  };
  void locale; // Incident cards are English for now; the catalog texts below follow the locale.
  return {
    refresh: { verb: 'incident', data: { cmd: 'incident', incidentId: incident.id } },
    title: `${resolved ? '✅' : severityIcon(incident.severity)} ${incident.severity} · ${alert.rule}`,
    titleColor: resolved
      ? 'Good'
      : incident.severity === 'Sev0' || incident.severity === 'Sev1'
        ? 'Attention'
        : 'Warning',
    statusLine: status,
    description: alert.description ?? '',
    facts,
    diagnosisHeading: diagnosisHeading(incident.diagnosis),
    diagnosisLines: diagnosisLines(incident.diagnosis, locale).map((line) => ({ line })),
    caveat: incident.diagnosis?.caveat ?? '',
    timelineHeading: 'Timeline',
    timeline: entries.map((e) => ({
      line: `${utc(e.at)} · ${e.by.name} · ${ACTION_TEXT[e.action] ?? e.action}${e.note ? ` ${e.note}` : ''}`,
    })),
    buttons: actions.map((action) => cardButton(labels[action.cmd] ?? action.cmd, action)),
    canResolve: !resolved,
    resolveLabel: 'Resolve',
    resolveNoteLabel: 'Resolution note',
    resolveNotePlaceholder: 'What fixed it?',
    resolveButton: cardButton('Resolve', { cmd: 'resolve', incidentId: incident.id }),
    query: incident.diagnosis?.query ?? '',
    showQueryLabel: 'Show query',
    alertLink: alert.alertLink,
    openAlertLabel: 'Open alert in Azure',
  };
}

export function incidentDigestCardData(
  rule: string,
  windowStart: number,
  incidents: readonly IncidentCardInput[],
  now: Date,
): IncidentDigestCardData {
  const open = incidents.filter((i) => i.status !== 'resolved').length;
  return {
    title: `⚠️ Alert storm: ${incidents.length} more alerts from ${rule}`,
    intro: `Since ${utc(new Date(windowStart).toISOString())}, grouped into this card instead of one card each (${open} still open). Open one to work it.`,
    incidents: incidents.map((i) => ({
      line: `**${i.id}** · ${i.severity} · ${i.alert.resource?.name ?? 'unknown resource'}${deviceSuffix(i)} · ${statusText(i, now)}`,
      button: cardButton('Open', { cmd: 'incident', incidentId: i.id }),
    })),
  };
}

function deviceSuffix(incident: IncidentCardInput): string {
  return incident.diagnosis?.kind === 'device' && incident.diagnosis.subject
    ? ` · ${incident.diagnosis.subject}`
    : '';
}

function statusText(incident: IncidentCardInput, now: Date): string {
  switch (incident.status) {
    case 'open':
      return 'Open';
    case 'acknowledged':
      return incident.assignee ? `Acknowledged · ${incident.assignee.name}` : 'Acknowledged';
    case 'snoozed':
      return incident.snoozedUntil && Date.parse(incident.snoozedUntil) > now.getTime()
        ? `Snoozed until ${utc(incident.snoozedUntil)}`
        : 'Open (snooze ended)';
    case 'resolved':
      return `Resolved${incident.resolvedAt ? ` ${utc(incident.resolvedAt)}` : ''}`;
  }
}

function diagnosisHeading(diagnosis: IncidentCardInput['diagnosis']): string {
  if (!diagnosis) return 'Diagnosis: running…';
  if (diagnosis.kind === 'device') return `Diagnosis for device ${diagnosis.subject ?? ''}`.trim();
  if (diagnosis.kind === 'fleet')
    return `What the logs show for ${diagnosis.subject ?? 'the fleet'} in the alert window`;
  return 'Diagnosis';
}

function diagnosisLines(diagnosis: IncidentCardInput['diagnosis'], locale: Locale): string[] {
  if (!diagnosis) return ['The logs are being checked; this card updates when the diagnosis is ready.'];
  if (diagnosis.problem) return [diagnosis.problem];
  if (diagnosis.kind === 'device') {
    if (diagnosis.findings.length === 0) {
      return [
        diagnosis.verdict === 'no-data'
          ? 'No records for this device in the alert window.'
          : 'No problem found in the logs.',
      ];
    }
    return diagnosis.findings.map((f) => `• ${findingText(f.id, locale).title} (${f.severity})`);
  }
  if (diagnosis.fleetRows.length === 0) return ['No errors in the logs for the alert window.'];
  return diagnosis.fleetRows.map(
    (row) =>
      `• ${row.code} ${row.name}: ${row.count} errors, ${row.devices} devices${row.findingId ? ` → ${findingText(row.findingId, locale).title}` : ''}`,
  );
}

function severityIcon(severity: string): string {
  return severity === 'Sev0' || severity === 'Sev1' ? '🔴' : severity === 'Sev2' ? '🟠' : '🟡';
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
