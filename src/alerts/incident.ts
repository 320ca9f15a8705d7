import type { Finding } from '../diagnosis';
import type { AlertSeverity, MonitorAlert, MonitorCondition } from './monitor-alert';
import type { Undelivered } from './undelivered';

/**
 * An incident: one Azure Monitor alert (Fired, then maybe Resolved, share an alertId) and what
 * the on-call team did about it. Transitions are pure functions here; storage and cards are
 * elsewhere. Every change bumps `version` and appends to the timeline with who and when.
 */

/** Who did something: Entra object id (what authorization would key on) and a display name. */
export interface Actor {
  readonly aadObjectId?: string;
  /** Channel user id (always present in Teams; the fallback identity). */
  readonly id: string;
  readonly name: string;
}

/** Azure Monitor itself, for timeline entries that came from the webhook. */
export const AZURE_MONITOR: Actor = { id: 'azure-monitor', name: 'Azure Monitor' };

export type IncidentStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

export type TimelineAction =
  'fired' | 'resolved-by-monitor' | 'acknowledged' | 'assigned' | 'snoozed' | 'resolved' | 'diagnosed';

export interface TimelineEntry {
  readonly at: string;
  readonly by: Actor;
  readonly action: TimelineAction;
  readonly note?: string;
}

/** The diagnosis made for an incident: plain data (finding ids, counts); cards localize it. */
export interface IncidentDiagnosis {
  readonly kind: 'device' | 'fleet' | 'none';
  readonly at: string;
  /** The device id, or the hub / DPS name, the diagnosis is about. */
  readonly subject?: string;
  readonly verdict?: 'problem' | 'healthy' | 'no-data';
  /** Device diagnosis: ranked finding ids (most actionable first). */
  readonly findings: readonly {
    readonly id: Finding['id'];
    readonly severity: Finding['severity'];
    /** Log events behind the finding (absent in incidents stored before it was kept). */
    readonly count?: number;
  }[];
  /**
   * Device diagnosis: the device's state from its latest connection event, connected since that
   * connect or offline since that disconnect (absent when the window has neither).
   */
  readonly lastConnection?: { readonly state: 'connected' | 'offline'; readonly since: string };
  /** Fleet summary: the error mix in the alert window, biggest first. */
  readonly fleetRows: readonly {
    readonly code: string;
    readonly name: string;
    readonly count: number;
    readonly devices: number;
    readonly findingId?: Finding['id'];
  }[];
  /** The main KQL that ran, for "Show query". */
  readonly query?: string;
  /** Partial or truncated data (the card words it in the conversation's language). */
  readonly caveatCode?: 'partial' | 'truncated';
  /** Why no diagnosis could be made: not about IoT, or the queries failed (`problemDetail` says how). */
  readonly problemCode?: 'not-iot' | 'failed';
  /** The failure's own message (safe to show), with `problemCode` 'failed'. */
  readonly problemDetail?: string;
  /** Incidents stored before the codes existed: the English sentences, shown as they are. */
  readonly caveat?: string;
  readonly problem?: string;
}

export interface Incident {
  readonly id: string;
  readonly alertId: string;
  readonly alert: MonitorAlert;
  /** Conditions received so far (dedupe: a redelivered (alertId, condition) changes nothing). */
  readonly conditions: readonly MonitorCondition[];
  readonly status: IncidentStatus;
  readonly severity: AlertSeverity;
  readonly assignee?: Actor;
  readonly snoozedUntil?: string;
  readonly resolvedAt?: string;
  readonly resolutionNote?: string;
  readonly diagnosis?: IncidentDiagnosis;
  readonly timeline: readonly TimelineEntry[];
  readonly version: number;
  readonly createdAt: string;
  /** When its first card reached a conversation (absent: not yet, or never). */
  readonly deliveredAt?: string;
  /** It reached no conversation: why and when (cleared once a card is posted). */
  readonly undelivered?: Undelivered;
}

/** A change someone asked for; the result says whether it applied or was stale. */
export type IncidentChange =
  | { readonly kind: 'acknowledge' }
  | { readonly kind: 'assign'; readonly to: Actor }
  | { readonly kind: 'snooze'; readonly untilIso: string }
  | { readonly kind: 'resolve'; readonly note?: string };

export type ChangeOutcome =
  | { readonly applied: true; readonly incident: Incident }
  | {
      readonly applied: false;
      readonly incident: Incident;
      readonly reason: 'already-resolved' | 'no-change';
    };

/** Apply one webhook notification. Returns undefined when it is a duplicate (nothing to do). */
export function applyAlert(
  current: Incident | undefined,
  id: string,
  alert: MonitorAlert,
  nowIso: string,
): Incident | undefined {
  if (current?.conditions.includes(alert.monitorCondition)) return undefined;
  const base: Incident = current ?? {
    id,
    alertId: alert.alertId,
    alert,
    conditions: [],
    status: 'open',
    severity: alert.severity,
    timeline: [],
    version: 0,
    createdAt: nowIso,
  };
  if (alert.monitorCondition === 'Fired') {
    return {
      ...base,
      alert: current
        ? { ...alert, ...(current.alert.resolvedAt ? { resolvedAt: current.alert.resolvedAt } : {}) }
        : alert,
      conditions: [...base.conditions, 'Fired'],
      version: base.version + 1,
      timeline: [...base.timeline, { at: alert.firedAt, by: AZURE_MONITOR, action: 'fired' }],
    };
  }
  const resolvedAt = alert.resolvedAt ?? nowIso;
  return {
    ...base,
    // Keep the Fired alert's details (window, dimensions); note the resolution time.
    alert: current ? { ...current.alert, resolvedAt, monitorCondition: 'Resolved' } : alert,
    conditions: [...base.conditions, 'Resolved'],
    status: 'resolved',
    resolvedAt: base.resolvedAt ?? resolvedAt,
    version: base.version + 1,
    timeline: [...base.timeline, { at: resolvedAt, by: AZURE_MONITOR, action: 'resolved-by-monitor' }],
  };
}

/** Apply a person's change. Resolved incidents take no more changes (a stale button). */
export function changeIncident(
  incident: Incident,
  change: IncidentChange,
  by: Actor,
  nowIso: string,
): ChangeOutcome {
  if (incident.status === 'resolved') return { applied: false, incident, reason: 'already-resolved' };
  const entry = (action: TimelineAction, note?: string): TimelineEntry => ({
    at: nowIso,
    by,
    action,
    ...(note ? { note } : {}),
  });
  const bump = (next: Omit<Incident, 'version' | 'timeline'>, added: TimelineEntry): ChangeOutcome => ({
    applied: true,
    incident: { ...next, version: incident.version + 1, timeline: [...incident.timeline, added] },
  });
  switch (change.kind) {
    case 'acknowledge':
      if (incident.status === 'acknowledged') return { applied: false, incident, reason: 'no-change' };
      return bump({ ...incident, status: 'acknowledged' }, entry('acknowledged'));
    case 'assign':
      if (sameActor(incident.assignee, change.to)) return { applied: false, incident, reason: 'no-change' };
      return bump(
        {
          ...incident,
          assignee: change.to,
          status: incident.status === 'open' ? 'acknowledged' : incident.status,
        },
        entry('assigned', change.to.name),
      );
    case 'snooze':
      return bump(
        { ...incident, status: 'snoozed', snoozedUntil: change.untilIso },
        entry('snoozed', `until ${change.untilIso}`),
      );
    case 'resolve':
      return bump(
        {
          ...incident,
          status: 'resolved',
          resolvedAt: nowIso,
          ...(change.note ? { resolutionNote: change.note } : {}),
        },
        entry('resolved', change.note),
      );
  }
}

/** Record a (re)diagnosis. */
export function withDiagnosis(incident: Incident, diagnosis: IncidentDiagnosis, by: Actor): Incident {
  return {
    ...incident,
    diagnosis,
    version: incident.version + 1,
    timeline: [...incident.timeline, { at: diagnosis.at, by, action: 'diagnosed' }],
  };
}

/** A snooze that has run out counts as open again. */
export function effectiveStatus(incident: Incident, now: Date): IncidentStatus {
  if (
    incident.status === 'snoozed' &&
    incident.snoozedUntil &&
    Date.parse(incident.snoozedUntil) <= now.getTime()
  ) {
    return 'open';
  }
  return incident.status;
}

function sameActor(a: Actor | undefined, b: Actor): boolean {
  if (!a) return false;
  return a.aadObjectId && b.aadObjectId ? a.aadObjectId === b.aadObjectId : a.id === b.id;
}
