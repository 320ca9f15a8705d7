/**
 * What a card button asks the bot to do. Every button (Action.Execute, with an Action.Submit
 * fallback carrying the same data) puts one of these in its `data`: `cmd` is a verb of the
 * command registry and the other fields are that verb's button data, which the registry checks
 * with the verb's zod schema when the client sends it back (the client sends it as it likes), and
 * routes to the same handler as the equivalent typed command.
 *
 * The type is derived from the registry (conversation/verb-table.ts), not written out here: a
 * button for a new verb is a `button` in that verb's definition, and the card templates only ever
 * embed these objects.
 */
import type { ButtonData } from '../conversation/verb-table';

export type CardActionData = ButtonData;

/** The `verb` an Action.Execute carries: the command name, so Teams logs show what was clicked. */
export function actionVerb(action: CardActionData): string {
  return action.cmd;
}
