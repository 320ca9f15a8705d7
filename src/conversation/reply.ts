import type { CardRequest, Locale } from '../cards/card-data';

/**
 * What the bot says back, independent of Teams: hosting turns each reply into an activity
 * (text, or an Adaptive Card rendered from the request). The CLI renders the same replies
 * in a terminal, so both show exactly what a handler decided.
 */
export type Reply =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'card'; readonly card: CardRequest };

/** One incoming message, already stripped of the bot's @mention. */
export interface TurnInput {
  readonly text: string;
  readonly locale: Locale;
}
