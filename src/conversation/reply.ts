import type { CardRequest, Locale } from '../cards/card-data';
import type { ConversationMemory } from './memory';
import type { TurnParty } from './verbs';

/**
 * What the bot says back, independent of Teams: hosting turns each reply into an activity
 * (text, or an Adaptive Card rendered from the request). The CLI renders the same replies
 * in a terminal, so both show exactly what a handler decided.
 */
export type Reply =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'card';
      readonly card: CardRequest;
      /** The notification and chat-list preview of the card. */
      readonly summary?: string;
      /**
       * Answering a button: the card the button is on is updated in place too, so everyone in the
       * conversation sees the new state, not only the clicker (whose view the answer replaces).
       */
      readonly updatesClickedCard?: boolean;
    };

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
  /** Who typed it and where (hosting; absent in the CLI). */
  readonly party?: TurnParty;
}

/** One button press: the button's data as the client sent it (untrusted). */
export interface ActionInput extends TurnSetting {
  readonly payload: unknown;
  readonly party?: TurnParty;
}
