import { findingText, type FindingId } from '../knowledge/catalog';
import type { CardActionData } from './card-actions';
import { cardButton, type CardButton } from './card-button';
import type { Locale } from './card-data';
import type { CardContext } from './card-context';
import { formatInstant, zoneLabel, zoneOffsetLabel } from './card-time';
import { INCIDENT_TEXT, type IncidentText } from './incident-text';

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
    readonly findings: readonly {
      readonly id: FindingId;
      readonly severity: string;
      readonly count?: number;
    }[];
    readonly lastConnection?: { readonly state: 'connected' | 'offline'; readonly since: string };
    readonly fleetRows: readonly {
      readonly code: string;
      readonly name: string;
      readonly count: number;
      readonly devices: number;
      readonly findingId?: FindingId;
    }[];
    readonly query?: string;
    /** Partial or truncated data; the code when known (the text is from older diagnoses). */
    readonly caveat?: string;
    readonly caveatCode?: 'partial' | 'truncated';
    /** Why there is no diagnosis; the code (and the error's own words) when known. */
    readonly problem?: string;
    readonly problemCode?: 'not-iot' | 'failed';
    readonly problemDetail?: string;
  };
  readonly timeline: readonly {
    readonly at: string;
    readonly by: { readonly name: string };
    readonly action: string;
    readonly note?: string;
  }[];
}

export interface IncidentCardData {
  readonly refresh: { readonly title: string; readonly verb: string; readonly data: CardActionData };
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

/** Where and when a card's times are read: the zone they are written in, and "now". */
interface IncidentClock {
  readonly ctx: CardContext;
}

function clockOf(locale: Locale, now: Date, timeZone: string | undefined): IncidentClock {
  return { ctx: { locale, now, timeZone: timeZone ?? 'UTC' } };
}

/** `2026-03-02 19:00 UTC+09:00` / `2026-03-02 10:00 UTC`: every time on the card names its zone. */
function stamp(iso: string, clock: IncidentClock): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${formatInstant(date, clock.ctx)} ${zoneOffsetLabel(clock.ctx, date)}`;
}

/**
 * The incident card; `fullTimeline` for `incident <id>`. `locale` is the conversation's alert
 * language (not the clicker's), so a shared card reads the same for everyone; `timeZone` likewise
 * is the conversation's (its subscriber's), UTC when none is known, and every time names it.
 */
export function incidentCardData(
  incident: IncidentCardInput,
  locale: Locale,
  options: { readonly fullTimeline?: boolean; readonly now?: Date; readonly timeZone?: string } = {},
): IncidentCardData {
  const text = INCIDENT_TEXT[locale];
  const { alert } = incident;
  const resolved = incident.status === 'resolved';
  const now = options.now ?? new Date();
  const clock = clockOf(locale, now, options.timeZone);
  const firedAt = new Date(alert.firedAt);
  const status = statusText(incident, clock);
  const dimensions = alert.dimensions.map((d) => `${d.name}=${d.value}`).join(', ');
  const facts = [
    { title: text.facts.incident, value: incident.id },
    { title: text.facts.rule, value: alert.rule },
    { title: text.facts.severity, value: incident.severity },
    {
      title: text.facts.resource,
      value: alert.resource ? `${alert.resource.name} (${alert.resource.type})` : text.resourceNotGiven,
    },
    {
      title: text.facts.fired,
      // The one place the zone is named in full; the other times carry its offset.
      value: Number.isNaN(firedAt.getTime())
        ? alert.firedAt
        : `${formatInstant(firedAt, clock.ctx)} ${zoneLabel(clock.ctx, firedAt)}`,
    },
    ...(alert.conditionSummary
      ? [{ title: text.facts.condition, value: conditionSentence(alert.conditionSummary, text) }]
      : []),
    ...(dimensions ? [{ title: text.facts.dimensions, value: dimensions }] : []),
    ...(incident.assignee ? [{ title: text.facts.assignedTo, value: incident.assignee.name }] : []),
    ...(incident.resolutionNote ? [{ title: text.facts.resolution, value: incident.resolutionNote }] : []),
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
    ack: text.buttons.acknowledge,
    'assign-me': text.buttons.assignToMe,
    snooze: text.buttons.snooze,
    rediagnose: text.buttons.diagnoseAgain,
  };
  return {
    refresh: {
      title: text.buttons.refresh,
      verb: 'incident',
      data: { cmd: 'incident', incidentId: incident.id },
    },
    title: `${resolved ? '✅' : severityIcon(incident.severity)} ${incident.severity} · ${alert.rule}`,
    titleColor: resolved
      ? 'Good'
      : incident.severity === 'Sev0' || incident.severity === 'Sev1'
        ? 'Attention'
        : 'Warning',
    statusLine: status,
    description: alert.description ?? '',
    facts,
    diagnosisHeading: diagnosisHeading(incident.diagnosis, text),
    diagnosisLines: diagnosisLines(incident.diagnosis, clock).map((line) => ({ line })),
    caveat: caveatText(incident.diagnosis, text),
    timelineHeading: text.timelineHeading,
    timeline: entries.map((e) => ({
      line: `${stamp(e.at, clock)} · ${e.by.name} · ${timelineText(e.action, e.note, text, clock)}`,
    })),
    buttons: actions.map((action) => cardButton(labels[action.cmd] ?? action.cmd, action)),
    canResolve: !resolved,
    resolveLabel: text.buttons.resolve,
    resolveNoteLabel: text.buttons.resolveNote,
    resolveNotePlaceholder: text.buttons.resolveNotePlaceholder,
    resolveButton: cardButton(text.buttons.resolve, { cmd: 'resolve', incidentId: incident.id }),
    query: incident.diagnosis?.query ?? '',
    showQueryLabel: text.buttons.showQuery,
    alertLink: alert.alertLink,
    openAlertLabel: text.buttons.openAlert,
  };
}

/** The storm digest, in the conversation's alert language like the incident cards it stands for. */
export function incidentDigestCardData(
  rule: string,
  windowStart: number,
  incidents: readonly IncidentCardInput[],
  now: Date,
  locale: Locale = 'en',
  timeZone?: string,
): IncidentDigestCardData {
  const text = INCIDENT_TEXT[locale].digest;
  const clock = clockOf(locale, now, timeZone);
  const open = incidents.filter((i) => i.status !== 'resolved').length;
  return {
    title: text.title(incidents.length, rule),
    intro: text.intro(stamp(new Date(windowStart).toISOString(), clock), open),
    incidents: incidents.map((i) => ({
      line: `**${i.id}** · ${i.severity} · ${i.alert.resource?.name ?? text.unknownResource}${deviceSuffix(i)} · ${statusText(i, clock)}`,
      button: cardButton(text.open, { cmd: 'incident', incidentId: i.id }),
    })),
  };
}

/** One word for a status (lists, notification previews). */
export function incidentStatusWord(status: IncidentCardInput['status'], locale: Locale): string {
  return INCIDENT_TEXT[locale].statusWord[status];
}

function deviceSuffix(incident: IncidentCardInput): string {
  return incident.diagnosis?.kind === 'device' && incident.diagnosis.subject
    ? ` · ${incident.diagnosis.subject}`
    : '';
}

function statusText(incident: IncidentCardInput, clock: IncidentClock): string {
  const text = INCIDENT_TEXT[clock.ctx.locale].status;
  const now = clock.ctx.now;
  switch (incident.status) {
    case 'open':
      return text.open;
    case 'acknowledged':
      return text.acknowledged(incident.assignee?.name);
    case 'snoozed':
      return incident.snoozedUntil && Date.parse(incident.snoozedUntil) > now.getTime()
        ? text.snoozedUntil(stamp(incident.snoozedUntil, clock))
        : text.snoozeEnded;
    case 'resolved':
      return text.resolved(incident.resolvedAt ? stamp(incident.resolvedAt, clock) : undefined);
  }
}

/** A timeline entry's "what"; the store keeps action names (and a snooze's end as "until <iso>"). */
function timelineText(
  action: string,
  note: string | undefined,
  text: IncidentText,
  clock: IncidentClock,
): string {
  const words = text.timeline;
  switch (action) {
    case 'fired':
      return withNote(words.fired, note);
    case 'resolved-by-monitor':
      return withNote(words.resolvedByMonitor, note);
    case 'acknowledged':
      return withNote(words.acknowledged, note);
    case 'assigned':
      return words.assigned(note ?? '');
    case 'snoozed': {
      const until = /^until (\S+)$/.exec(note ?? '')?.[1];
      return words.snoozed(until && !Number.isNaN(Date.parse(until)) ? stamp(until, clock) : note);
    }
    case 'resolved':
      return words.resolved(note);
    case 'diagnosed':
      return withNote(words.diagnosed, note);
    default:
      return withNote(action, note);
  }
}

function withNote(words: string, note: string | undefined): string {
  return note ? `${words} ${note}` : words;
}

function diagnosisHeading(diagnosis: IncidentCardInput['diagnosis'], text: IncidentText): string {
  if (!diagnosis) return text.diagnosis.runningHeading;
  if (diagnosis.kind === 'device') return text.diagnosis.deviceHeading(diagnosis.subject ?? '');
  if (diagnosis.kind === 'fleet') return text.diagnosis.fleetHeading(diagnosis.subject);
  return text.diagnosis.heading;
}

/**
 * "Count of matching log rows was 12, above the threshold of 3": the alert condition as a sentence.
 * alerts/common-alert-schema.ts writes each condition as `what (aggregation) = value, operator
 * threshold`; a part in any other shape is shown as it came.
 */
function conditionSentence(summary: string, text: IncidentText): string {
  return summary
    .split('; ')
    .map((part) => {
      const match = /^(.+?)(?: \((\w+)\))?(?: = ([^,]+))?(?:, (\w+) (.+))?$/.exec(part);
      if (!match?.[3]) return part;
      const [, what = '', aggregation, value = '', operator, threshold] = match;
      return text.conditionSentence(what, aggregation, value, operator, threshold);
    })
    .join('; ');
}

/** "connected since 2026-03-02 10:03 UTC" / "offline for 47 min (since 2026-03-02 09:16 UTC)". */
function deviceStateLine(
  state: NonNullable<NonNullable<IncidentCardInput['diagnosis']>['lastConnection']>,
  clock: IncidentClock,
  text: IncidentText['diagnosis'],
): string {
  const since = stamp(state.since, clock);
  if (state.state === 'connected') return text.connectedSince(since);
  const minutes = Math.max(0, Math.round((clock.ctx.now.getTime() - Date.parse(state.since)) / 60_000));
  return text.offlineFor(minutes, since);
}

function diagnosisLines(diagnosis: IncidentCardInput['diagnosis'], clock: IncidentClock): string[] {
  const locale = clock.ctx.locale;
  const text = INCIDENT_TEXT[locale].diagnosis;
  if (!diagnosis) return [text.runningLine];
  const problem = problemText(diagnosis, text);
  if (problem) return [problem];
  if (diagnosis.kind === 'device') {
    if (diagnosis.findings.length === 0) {
      const state = diagnosis.lastConnection ? [deviceStateLine(diagnosis.lastConnection, clock, text)] : [];
      return [...state, diagnosis.verdict === 'no-data' ? text.noRecords : text.noProblem];
    }
    const state = diagnosis.lastConnection ? [deviceStateLine(diagnosis.lastConnection, clock, text)] : [];
    return [
      ...state,
      ...diagnosis.findings.map((f) => text.finding(findingText(f.id, locale).title, f.severity, f.count)),
    ];
  }
  if (diagnosis.fleetRows.length === 0) return [text.noErrors];
  return diagnosis.fleetRows.map((row) =>
    text.fleetRow(
      row.code,
      row.name,
      row.count,
      row.devices,
      row.findingId ? findingText(row.findingId, locale).title : undefined,
    ),
  );
}

/**
 * Why there is no diagnosis. Diagnoses stored before the codes existed have only the English
 * sentence, which is shown as it is.
 */
function problemText(
  diagnosis: NonNullable<IncidentCardInput['diagnosis']>,
  text: IncidentText['diagnosis'],
): string | undefined {
  if (diagnosis.problemCode === 'not-iot') return text.notAboutIot;
  if (diagnosis.problemCode === 'failed') return text.failed(diagnosis.problemDetail ?? '');
  return diagnosis.problem;
}

function caveatText(diagnosis: IncidentCardInput['diagnosis'], text: IncidentText): string {
  if (diagnosis?.caveatCode === 'partial') return text.diagnosis.partial;
  if (diagnosis?.caveatCode === 'truncated') return text.diagnosis.truncated;
  return diagnosis?.caveat ?? '';
}

function severityIcon(severity: string): string {
  return severity === 'Sev0' || severity === 'Sev1' ? '🔴' : severity === 'Sev2' ? '🟠' : '🟡';
}
