import type { KeyValueStore } from '../storage/store';
import { updateItem } from '../storage/update-item';
import type { Outbox } from './outbox';
import { incidentThread } from './posted-activities';
import type { StormGrouper } from './storm';
import type { AlertFacts, Subscriptions } from './subscriptions';

/** What fan-out needs to know about an incident (no dependency on alerts/). */
export interface PublishedIncident {
  readonly incidentId: string;
  readonly rule: string;
  readonly facts: AlertFacts;
}

interface Delivery {
  readonly conversationKey: string;
  readonly thread: string;
  readonly digest?: { readonly stormKey: string };
}

interface Deliveries {
  readonly items: readonly Delivery[];
}

/**
 * From an incident to outbox messages: the first time, to every matching subscription (one card
 * each, or the rule's digest during a storm); afterwards, an update wherever it went. Where it
 * went is stored (`deliveries/<incident>`), so a restart or another instance updates the same
 * cards.
 */
export class IncidentFanout {
  constructor(
    private readonly store: KeyValueStore,
    private readonly subscriptions: Subscriptions,
    private readonly storm: StormGrouper,
    private readonly outbox: Outbox,
    private readonly now: () => number,
  ) {}

  /** First delivery of a fired incident. Safe to repeat: routes are remembered per conversation. */
  async publish(incident: PublishedIncident): Promise<number> {
    const targets = await this.subscriptions.matching(incident.facts);
    for (const subscription of targets) {
      const conversationKey = subscription.conversationKey;
      const known = (await this.deliveries(incident.incidentId)).items.find(
        (d) => d.conversationKey === conversationKey,
      );
      const delivery: Delivery =
        known ??
        (await this.route(incident, conversationKey).then(async (route) => {
          await updateItem<Deliveries>(this.store, deliveriesKey(incident.incidentId), (current) =>
            current?.items.some((d) => d.conversationKey === conversationKey)
              ? undefined
              : { items: [...(current?.items ?? []), route] },
          );
          return route;
        }));
      await this.outbox.enqueue({
        conversationKey,
        thread: delivery.thread,
        subject: delivery.digest
          ? { kind: 'digest', stormKey: delivery.digest.stormKey, rule: incident.rule }
          : { kind: 'incident', incidentId: incident.incidentId },
      });
    }
    return targets.length;
  }

  /**
   * The incident changed: refresh its card (or digest) everywhere it was delivered, except in
   * `skipConversation`; with `atMs`, at that time (a snooze ending) as a separate, later job.
   */
  async republish(
    incidentId: string,
    rule: string,
    options: { readonly skipConversation?: string; readonly atMs?: number } = {},
  ): Promise<void> {
    for (const delivery of (await this.deliveries(incidentId)).items) {
      if (delivery.conversationKey === options.skipConversation) continue;
      await this.outbox.enqueue(
        {
          conversationKey: delivery.conversationKey,
          thread: delivery.thread,
          subject: delivery.digest
            ? { kind: 'digest', stormKey: delivery.digest.stormKey, rule }
            : { kind: 'incident', incidentId },
        },
        options.atMs === undefined ? {} : { notBefore: options.atMs, key: `at-${options.atMs}` },
      );
    }
  }

  private async route(incident: PublishedIncident, conversationKey: string): Promise<Delivery> {
    const route = await this.storm.route(conversationKey, incident.rule, incident.incidentId, this.now());
    return route.kind === 'digest'
      ? { conversationKey, thread: route.thread, digest: { stormKey: route.stormKey } }
      : { conversationKey, thread: incidentThread(incident.incidentId, conversationKey) };
  }

  private async deliveries(incidentId: string): Promise<Deliveries> {
    const key = deliveriesKey(incidentId);
    return ((await this.store.read([key]))[key] as Deliveries | undefined) ?? { items: [] };
  }
}

function deliveriesKey(incidentId: string): string {
  return `deliveries/${incidentId}`;
}
