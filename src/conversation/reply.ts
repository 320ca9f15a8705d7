import type { CardRequest, Locale } from '../cards/card-data';
import type { ConversationMemory } from './memory';

/**
 * What the bot says back, independent of Teams: hosting turns each reply into an activity
 * (text, or an Adaptive Card rendered from the request). The CLI renders the same replies
 * in a terminal, so both show exactly what a handler decided.
 */
export type Reply =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'card'; readonly card: CardRequest };

/** Who is asking and in what setting: the same for typed text and button presses. */
export interface TurnSetting {
  readonly locale: Locale;
  /** IANA zone of the user (Teams `localTimezone`); UTC when unknown. */
  readonly timeZone?: string;
  /** What the conversation remembers from earlier turns (conversation state). */
  readonly memory?: ConversationMemory;
}

/** One incoming message, already stripped of the bot's @mention. */
export interface TurnInput extends TurnSetting {
  readonly text: string;
}

/** One button press: the button's data as the client sent it (untrusted). */
export interface ActionInput extends TurnSetting {
  readonly payload: unknown;
}
