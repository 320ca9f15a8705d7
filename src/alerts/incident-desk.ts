import { factsOf, type IncidentPublisher } from './alert-processor';
import { diagnoseAlert, type IncidentDiagnosisDeps } from './diagnose-incident';
import {
  changeIncident,
  effectiveStatus,
  withDiagnosis,
  type Actor,
  type Incident,
  type IncidentChange,
} from './incident';
import type { IncidentStore } from './incident-store';
import { isRecentUndelivered } from './undelivered';

/**
 * What an incident action came to: the incident as it is now, and why nothing changed when it did
 * not (a reason, not a sentence: the reply is worded in the user's language).
 */
export type DeskResult =
  | { readonly kind: 'incident'; readonly incident: Incident; readonly unchanged?: UnchangedReason }
  | { readonly kind: 'not-found'; readonly id: string };

export type UnchangedReason = 'already-resolved' | 'no-change';

const SNOOZE_MS = 60 * 60 * 1000;

/**
 * The on-call team's actions on incidents, shared by typed commands (`ack 3fa2c1`) and card
 * buttons, so both do exactly the same. Every applied change is stored (eTags), then every
 * posted card of the incident is refreshed through delivery. A stale action (the incident is
 * already resolved, or it is already in that state) answers with the current incident.
 */
export class IncidentDesk {
  constructor(
    private readonly deps: {
      readonly incidents: IncidentStore;
      readonly publisher: IncidentPublisher;
      readonly diagnosis: IncidentDiagnosisDeps;
    },
  ) {}

  async get(id: string): Promise<DeskResult> {
    const incident = await this.deps.incidents.get(id);
    return incident ? { kind: 'incident', incident } : { kind: 'not-found', id };
  }

  /**
   * A conversation just subscribed: open incidents of the last 24 hours that reached nobody are
   * published again (to every subscription they match, the new one among them). Returns how many.
   */
  async redeliverUndelivered(): Promise<number> {
    const now = this.deps.diagnosis.now();
    const waiting = (await this.open()).filter((incident) => isRecentUndelivered(incident, now));
    let published = 0;
    for (const incident of waiting) {
      const conversations = await this.deps.publisher.publish({
        incidentId: incident.id,
        rule: incident.alert.rule,
        facts: factsOf(incident),
      });
      if (conversations > 0) published += 1;
    }
    return published;
  }

  /** Open ones (acknowledged and snoozed count as open), newest first. */
  async open(): Promise<Incident[]> {
    const now = this.deps.diagnosis.now();
    return (await this.deps.incidents.list()).filter((i) => effectiveStatus(i, now) !== 'resolved');
  }

  acknowledge(id: string, by: Actor): Promise<DeskResult> {
    return this.change(id, { kind: 'acknowledge' }, by);
  }

  assign(id: string, to: Actor, by: Actor): Promise<DeskResult> {
    return this.change(id, { kind: 'assign', to }, by);
  }

  /** Snooze for an hour; the cards are refreshed again when it ends, so they show it open. */
  async snooze(id: string, by: Actor): Promise<DeskResult> {
    const untilMs = this.deps.diagnosis.now().getTime() + SNOOZE_MS;
    const result = await this.change(id, { kind: 'snooze', untilIso: new Date(untilMs).toISOString() }, by);
    if (result.kind === 'incident' && result.unchanged === undefined) {
      await this.deps.publisher.republish(id, result.incident.alert.rule, { atMs: untilMs });
    }
    return result;
  }

  resolve(id: string, note: string | undefined, by: Actor): Promise<DeskResult> {
    const trimmed = note?.trim().slice(0, 500);
    return this.change(id, { kind: 'resolve', ...(trimmed ? { note: trimmed } : {}) }, by);
  }

  async rediagnose(id: string, by: Actor): Promise<DeskResult> {
    const current = await this.deps.incidents.get(id);
    if (!current) return { kind: 'not-found', id };
    const diagnosis = await diagnoseAlert(current.alert, this.deps.diagnosis);
    const updated = await this.deps.incidents.update(id, (incident) =>
      incident ? withDiagnosis(incident, diagnosis, by) : undefined,
    );
    if (!updated) return { kind: 'not-found', id };
    await this.deps.publisher.republish(id, updated.alert.rule);
    return { kind: 'incident', incident: updated };
  }

  private async change(id: string, change: IncidentChange, by: Actor): Promise<DeskResult> {
    let unchanged: UnchangedReason | undefined;
    const nowIso = this.deps.diagnosis.now().toISOString();
    const updated = await this.deps.incidents.update(id, (incident) => {
      if (!incident) return undefined;
      const outcome = changeIncident(incident, change, by, nowIso);
      unchanged = outcome.applied ? undefined : outcome.reason;
      return outcome.applied ? outcome.incident : undefined;
    });
    if (!updated) return { kind: 'not-found', id };
    if (unchanged === undefined) await this.deps.publisher.republish(id, updated.alert.rule);
    return { kind: 'incident', incident: updated, ...(unchanged ? { unchanged } : {}) };
  }
}
