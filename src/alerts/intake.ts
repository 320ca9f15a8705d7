import { StorageUnavailableError } from '../storage/store';
import type { WorkQueue } from '../storage/work-queue';
import { AlertPayloadError, parseCommonAlert } from './common-alert-schema';
import { applyAlert } from './incident';
import type { IncidentStore } from './incident-store';
import type { MonitorAlert } from './monitor-alert';

/** What the alert processor does with one accepted notification. */
export interface AlertJob {
  readonly incidentId: string;
  readonly alert: MonitorAlert;
}

/** An HTTP answer, without HTTP: hosting writes it. */
export interface IntakeAnswer {
  readonly status: 202 | 400 | 503;
  readonly body: Record<string, unknown>;
}

export interface AlertIntakeDeps {
  readonly incidents: IncidentStore;
  readonly queue: WorkQueue<AlertJob>;
  readonly now: () => Date;
  /** Called after a new notification is stored, to start work without waiting for a poll. */
  readonly onAccepted?: () => void;
}

/**
 * POST /api/alerts after authentication: validate, dedupe, persist, answer. The answer goes out
 * as soon as the notification is durable; diagnosis and delivery happen in the processor, so
 * Azure Monitor never waits on Log Analytics or Teams.
 *
 *   parse ─▶ incident id ─▶ duplicate? ─▶ 202 {duplicate:true}
 *                               │ no
 *                               ▼
 *                 job (create-only) ─▶ incident updated ─▶ 202 {duplicate:false}
 * The job is written first: if we die between the two writes, the redelivery (or the processor,
 * which applies the alert again idempotently) completes the incident.
 */
export class AlertIntake {
  constructor(private readonly deps: AlertIntakeDeps) {}

  async accept(body: unknown): Promise<IntakeAnswer> {
    let alert: MonitorAlert;
    try {
      alert = parseCommonAlert(body);
    } catch (error) {
      if (error instanceof AlertPayloadError) {
        return {
          status: 400,
          body: { error: error.message, ...(error.field ? { field: error.field } : {}) },
        };
      }
      throw error;
    }
    try {
      const id = await this.deps.incidents.idForAlert(alert.alertId);
      const current = await this.deps.incidents.get(id);
      if (current?.conditions.includes(alert.monitorCondition)) {
        return { status: 202, body: { id, duplicate: true } };
      }
      await this.deps.queue.enqueue(`${id}-${alert.monitorCondition}`, { incidentId: id, alert });
      await this.deps.incidents.update(id, (incident) =>
        applyAlert(incident, id, alert, this.deps.now().toISOString()),
      );
      this.deps.onAccepted?.();
      return { status: 202, body: { id, duplicate: false } };
    } catch (error) {
      if (error instanceof StorageUnavailableError) {
        return {
          status: 503,
          body: { error: 'The alert could not be stored right now; Azure Monitor will retry.' },
        };
      }
      throw error;
    }
  }
}

/** The store key names used by the alert side, in one place for the composition root. */
export const ALERT_QUEUE_NAME = 'alert-jobs';
