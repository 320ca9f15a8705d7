import type { Job, WorkQueue } from '../storage/work-queue';
import { diagnoseAlert, type IncidentDiagnosisDeps } from './diagnose-incident';
import { AZURE_MONITOR, applyAlert, withDiagnosis, type Incident } from './incident';
import type { IncidentStore } from './incident-store';
import type { AlertJob } from './intake';
import { DPS_TYPE, IOT_HUB_TYPE, type AlertSeverity } from './monitor-alert';
import { markUndelivered } from './undelivered';

/** Delivery, as alerts/ sees it (proactive/ implements it; the composition root wires them). */
export interface IncidentPublisher {
  /** First delivery of a fired incident to the conversations that want it; safe to repeat. */
  publish(incident: {
    readonly incidentId: string;
    readonly rule: string;
    readonly facts: {
      readonly severity: AlertSeverity;
      readonly resourceNames: readonly string[];
      readonly targets: readonly string[];
    };
  }): Promise<number>;
  /** The incident changed: refresh its cards wherever they went. */
  republish(
    incidentId: string,
    rule: string,
    options?: { readonly skipConversation?: string; readonly atMs?: number },
  ): Promise<void>;
}

/**
 * Works accepted alerts off the queue: make sure the incident reflects the notification, diagnose
 * a fired one (once), then hand it to delivery. Each step is idempotent, so a job that is run
 * again after a crash or by another instance does no harm.
 */
export class AlertProcessor {
  constructor(
    private readonly deps: {
      readonly queue: WorkQueue<AlertJob>;
      readonly incidents: IncidentStore;
      readonly publisher: IncidentPublisher;
      readonly diagnosis: IncidentDiagnosisDeps;
      readonly workerId: string;
    },
  ) {}

  async handle(job: Job<AlertJob>): Promise<void> {
    const { incidentId, alert } = job.payload;
    const nowIso = this.deps.diagnosis.now().toISOString();
    let incident = await this.deps.incidents.update(incidentId, (current) =>
      applyAlert(current, incidentId, alert, nowIso),
    );
    if (!incident) throw new Error(`Incident ${incidentId} vanished`);

    if (alert.monitorCondition === 'Fired') {
      if (!incident.diagnosis) {
        // Logs that cannot load yet fail the job, which is tried again later, rather than posting
        // the incident with no diagnosis ("Diagnose again" on a card does post that).
        await this.deps.diagnosis.logs();
        const diagnosis = await diagnoseAlert(incident.alert, this.deps.diagnosis);
        incident =
          (await this.deps.incidents.update(incidentId, (current) =>
            current && !current.diagnosis ? withDiagnosis(current, diagnosis, AZURE_MONITOR) : undefined,
          )) ?? incident;
      }
      const conversations = await this.deps.publisher.publish({
        incidentId,
        rule: incident.alert.rule,
        facts: factsOf(incident),
      });
      // Nobody wanted it: say so on the incident (`incidents` lists it; `subscribe alerts` posts it).
      if (conversations === 0) {
        await this.deps.incidents.update(incidentId, (current) =>
          markUndelivered(current, 'no-subscription', nowIso),
        );
      }
    } else {
      await this.deps.publisher.republish(incidentId, incident.alert.rule);
    }
    await this.deps.queue.complete(job, this.deps.workerId);
  }
}

/** What subscriptions filter on. */
export function factsOf(incident: Incident): {
  severity: AlertSeverity;
  resourceNames: string[];
  targets: string[];
} {
  const names = new Set<string>();
  const resource = incident.alert.resource;
  if (resource && (resource.type === IOT_HUB_TYPE || resource.type === DPS_TYPE)) names.add(resource.name);
  if (resource) names.add(resource.name);
  for (const d of incident.alert.dimensions) {
    if (/^(resource|hub|iothub|hubname)$/i.test(d.name)) names.add(d.value);
  }
  return { severity: incident.severity, resourceNames: [...names], targets: [...incident.alert.targets] };
}
