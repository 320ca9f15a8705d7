import type { IncidentStore } from '../alerts/incident-store';
import type { Locale } from '../cards/card-data';
import { incidentCardData, incidentDigestCardData, incidentStatusWord } from '../cards/incident-card';
import { INCIDENT_TEXT } from '../cards/incident-text';
import type { CardRenderer } from '../cards/render';
import type { MessageSource, OutboxSubject } from '../proactive/outbox';
import type { OutboundMessage } from '../proactive/sender';
import type { StormGrouper } from '../proactive/storm';
import { alertLanguageOf, alertTimeZoneOf, type Subscriptions } from '../proactive/subscriptions';

/**
 * Renders what the outbox sends from the incidents' current state (so a late send is never stale),
 * in the conversation's alert language and time zone (its subscription's; English and UTC without
 * one). A proactive card has no one reader, so no user's own zone applies to it.
 */
export class IncidentMessages implements MessageSource {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly storm: StormGrouper,
    private readonly renderer: CardRenderer,
    private readonly clock: () => Date,
    private readonly subscriptions: Subscriptions,
  ) {}

  async render(subject: OutboxSubject, conversationKey: string): Promise<OutboundMessage | undefined> {
    if (subject.kind === 'watch') return undefined; // compose/watch-messages.ts renders those
    const { locale, timeZone } = await this.readingOf(conversationKey);
    if (subject.kind === 'incident') {
      const incident = await this.incidents.get(subject.incidentId);
      if (!incident) return undefined;
      return {
        card: this.renderer.render(
          'incident',
          incidentCardData(incident, locale, { now: this.clock(), timeZone }),
        ),
        summary: `${incident.severity} ${incident.alert.rule}: ${incidentStatusWord(incident.status, locale)}`,
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
        incidentDigestCardData(subject.rule, members.windowStart, incidents, this.clock(), locale, timeZone),
      ),
      summary: INCIDENT_TEXT[locale].digest.summary(incidents.length, subject.rule),
    };
  }

  /** A conversation that unsubscribed after the card went out keeps getting updates in English, in UTC. */
  private async readingOf(conversationKey: string): Promise<{ locale: Locale; timeZone: string }> {
    const subscription = await this.subscriptions.forConversation(conversationKey);
    return subscription
      ? { locale: alertLanguageOf(subscription), timeZone: alertTimeZoneOf(subscription) }
      : { locale: 'en', timeZone: 'UTC' };
  }
}
