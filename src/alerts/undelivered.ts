import type { Incident } from './incident';

/** Why no conversation got an incident's card. */
export type UndeliveredReason =
  /** No subscription matched the alert when it was processed. */
  | 'no-subscription'
  /** Its conversations were gone (no stored reference, or Teams answered 403/404). */
  | 'conversation-gone';

/** Recorded on an incident that reached no conversation: why, and when it was found out. */
export interface Undelivered {
  readonly reason: UndeliveredReason;
  readonly at: string;
}

/** How far back `subscribe alerts` looks for undelivered incidents to post in the new conversation. */
export const UNDELIVERED_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/**
 * The incident marked undelivered, unless a conversation already got it (one delivery is enough:
 * a drop elsewhere is then not a lost alert) or it is marked so already. Undefined: no change.
 */
export function markUndelivered(
  incident: Incident | undefined,
  reason: UndeliveredReason,
  atIso: string,
): Incident | undefined {
  if (!incident || incident.deliveredAt || incident.undelivered?.reason === reason) return undefined;
  return { ...incident, undelivered: { reason, at: atIso } };
}

/** The incident marked delivered (its first card was posted), clearing any undelivered mark. */
export function markDelivered(incident: Incident | undefined, atIso: string): Incident | undefined {
  if (!incident || (incident.deliveredAt && !incident.undelivered)) return undefined;
  const { undelivered: _cleared, ...rest } = incident;
  return { ...rest, deliveredAt: incident.deliveredAt ?? atIso };
}

/** Undelivered and fired within `lookbackMs` of `now`: what a new subscription should get. */
export function isRecentUndelivered(
  incident: Incident,
  now: Date,
  lookbackMs = UNDELIVERED_LOOKBACK_MS,
): boolean {
  return (
    incident.undelivered !== undefined && now.getTime() - Date.parse(incident.alert.firedAt) <= lookbackMs
  );
}
