/**
 * What a card button asks the bot to do. Every button (Action.Execute, with an Action.Submit
 * fallback carrying the same data) puts one of these in its `data`, and the conversation layer
 * routes it to the same handler as the equivalent typed command.
 *
 * The client sends this back as it likes: the conversation layer validates it like typed text
 * (device ids through the KQL literal rules, times as ISO strings, codes as digits) before use.
 *
 * Adding a button that does something new means adding a member here and a route in
 * `conversation/`; the card templates only ever embed these objects.
 */
export type CardActionData =
  | {
      readonly cmd: 'diagnose';
      readonly deviceId: string;
      readonly hub?: string;
      /** Window as ISO instants; absent means the default window ending now. */
      readonly start?: string;
      readonly end?: string;
    }
  | { readonly cmd: 'status'; readonly deviceId: string; readonly hub?: string }
  | { readonly cmd: 'explain'; readonly code: string }
  | {
      readonly cmd: 'hub-errors' | 'top-disconnects' | 'dps-errors';
      readonly hub?: string;
      /** DPS instance name (dps-errors). */
      readonly dps?: string;
      readonly start?: string;
      readonly end?: string;
    }
  /** Runs a typed command line again, e.g. a choice on a "which one did you mean?" card. */
  | { readonly cmd: 'text'; readonly text: string }
  | { readonly cmd: 'ack' | 'assign-me' | 'snooze' | 'incident' | 'rediagnose'; readonly incidentId: string }
  | { readonly cmd: 'resolve'; readonly incidentId: string; readonly note?: string };

/** The `verb` an Action.Execute carries: the command name, so Teams logs show what was clicked. */
export function actionVerb(action: CardActionData): string {
  return action.cmd;
}
