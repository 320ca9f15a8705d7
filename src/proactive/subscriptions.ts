import type { KeyValueStore } from '../storage/store';
import { updateItem } from '../storage/update-item';

/** Severity names in order, most severe first (Azure Monitor's). */
export const SEVERITY_LEVELS = ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** Languages alert cards are written in (the cards' Locale; proactive/ does not import cards/). */
export type AlertLanguage = 'en' | 'ko';

/** "Send alerts here": one per conversation; filters narrow what arrives. */
export interface Subscription {
  readonly conversationKey: string;
  /** Only alerts on this hub / DPS (any case), when set. */
  readonly hub?: string;
  /** Only alerts at least this severe (Sev2 → Sev0, Sev1, Sev2). */
  readonly minSeverity?: SeverityLevel;
  /** Only alerts whose target resource id contains this text, when set. */
  readonly resource?: string;
  /**
   * The conversation's alert language: every incident card posted or updated here uses it,
   * whoever clicks. Subscriptions stored before it existed have none and stay English.
   */
  readonly language?: AlertLanguage;
  /**
   * The conversation's time zone (IANA), the subscriber's when they subscribed: a card posted to a
   * channel is read by many people, so its times follow one zone for all of them, named on the card.
   * Absent (older subscriptions): UTC.
   */
  readonly timeZone?: string;
  readonly createdBy: { readonly id: string; readonly aadObjectId?: string; readonly name: string };
  readonly createdAt: string;
}

/** The language of a conversation's alert cards: its subscription's, English when it has none. */
export function alertLanguageOf(subscription: Pick<Subscription, 'language'>): AlertLanguage {
  return subscription.language ?? 'en';
}

/** The zone of a conversation's alert cards: its subscription's, UTC when it has none. */
export function alertTimeZoneOf(subscription: Pick<Subscription, 'timeZone'>): string {
  return subscription.timeZone ?? 'UTC';
}

/** What a subscription is matched against. */
export interface AlertFacts {
  readonly severity: SeverityLevel;
  /** Hub / DPS names the alert concerns (target resource, dimensions). */
  readonly resourceNames: readonly string[];
  readonly targets: readonly string[];
}

interface SubscriptionList {
  readonly items: readonly Subscription[];
}

const KEY = 'subscriptions/all';

/** All subscriptions in one document: few, read on every alert, updated with eTags. */
export class Subscriptions {
  constructor(private readonly store: KeyValueStore) {}

  async list(): Promise<readonly Subscription[]> {
    return ((await this.store.read([KEY]))[KEY] as SubscriptionList | undefined)?.items ?? [];
  }

  async forConversation(conversationKey: string): Promise<Subscription | undefined> {
    return (await this.list()).find((s) => s.conversationKey === conversationKey);
  }

  /** Subscribe, replacing the conversation's earlier filters. */
  async put(subscription: Subscription): Promise<void> {
    await updateItem<SubscriptionList>(this.store, KEY, (current) => ({
      items: [
        ...(current?.items ?? []).filter((s) => s.conversationKey !== subscription.conversationKey),
        subscription,
      ],
    }));
  }

  /**
   * The subscriber changed their zone (`time zone …`): the conversation's cards follow it, as they
   * did when they subscribed. Someone else's zone is theirs alone, so only the subscriber's counts.
   */
  async setTimeZone(
    conversationKey: string,
    subscriberId: string,
    timeZone: string,
  ): Promise<'updated' | 'not-subscriber' | 'not-subscribed'> {
    let outcome: 'updated' | 'not-subscriber' | 'not-subscribed' = 'not-subscribed';
    await updateItem<SubscriptionList>(this.store, KEY, (current) => {
      const mine = current?.items.find((s) => s.conversationKey === conversationKey);
      if (!current || !mine) return undefined;
      outcome = mine.createdBy.id === subscriberId ? 'updated' : 'not-subscriber';
      if (outcome !== 'updated') return undefined;
      return { items: current.items.map((s) => (s === mine ? { ...s, timeZone } : s)) };
    });
    return outcome;
  }

  /** Returns whether there was a subscription to remove. */
  async remove(conversationKey: string): Promise<boolean> {
    let removed = false;
    await updateItem<SubscriptionList>(this.store, KEY, (current) => {
      if (!current?.items.some((s) => s.conversationKey === conversationKey)) return undefined;
      removed = true;
      return { items: current.items.filter((s) => s.conversationKey !== conversationKey) };
    });
    return removed;
  }

  async matching(alert: AlertFacts): Promise<readonly Subscription[]> {
    return (await this.list()).filter((s) => matches(s, alert));
  }
}

export function matches(subscription: Subscription, alert: AlertFacts): boolean {
  if (subscription.minSeverity) {
    if (SEVERITY_LEVELS.indexOf(alert.severity) > SEVERITY_LEVELS.indexOf(subscription.minSeverity))
      return false;
  }
  if (subscription.hub) {
    const hub = subscription.hub.toLowerCase();
    if (!alert.resourceNames.some((name) => name.toLowerCase() === hub)) return false;
  }
  if (subscription.resource) {
    const part = subscription.resource.toLowerCase();
    if (!alert.targets.some((target) => target.toLowerCase().includes(part))) return false;
  }
  return true;
}
