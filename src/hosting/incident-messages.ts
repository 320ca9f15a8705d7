import type { IncidentStore } from '../alerts/incident-store';
import { incidentCardData, incidentDigestCardData } from '../cards/incident-card';
import type { CardRenderer } from '../cards/render';
import type { MessageSource, OutboxSubject } from '../proactive/outbox';
import type { OutboundMessage } from '../proactive/sender';
import type { StormGrouper } from '../proactive/storm';

/** Renders what the outbox sends from the incidents' current state (so a late send is never stale). */
export class IncidentMessages implements MessageSource {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly storm: StormGrouper,
    private readonly renderer: CardRenderer,
    private readonly clock: () => Date,
  ) {}

  async render(subject: OutboxSubject): Promise<OutboundMessage | undefined> {
    if (subject.kind === 'incident') {
      const incident = await this.incidents.get(subject.incidentId);
      if (!incident) return undefined;
      return {
        card: this.renderer.render('incident', incidentCardData(incident, 'en', { now: this.clock() })),
        summary: `${incident.severity} ${incident.alert.rule}: ${incident.status}`,
      };
    }
    const members = await this.storm.digestMembers(subject.stormKey);
    const incidents = (await Promise.all(members.incidentIds.map((id) => this.incidents.get(id)))).filter(
      (i) => i !== undefined,
    );
    if (incidents.length === 0) return undefined;
    return {
      card: this.renderer.render(
        'incident-digest',
        incidentDigestCardData(subject.rule, members.windowStart, incidents, this.clock()),
      ),
      summary: `${incidents.length} more alerts from ${subject.rule}`,
    };
  }
}
