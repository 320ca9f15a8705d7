import type { Locale } from '../cards/card-data';
import type { Reply, TurnInput } from './reply';

/**
 * A command the bot understands. The help card is built from this table, so a verb that is
 * registered is listed, and a verb that is listed is one the bot can really run.
 */
export interface Verb {
  readonly name: string;
  /** Words that start this command, lower-case, in any language. */
  readonly aliases: readonly string[];
  readonly description: Readonly<Record<Locale, string>>;
  readonly example: Readonly<Record<Locale, string>>;
  run(input: TurnInput, args: string): Promise<Reply[]>;
}

/** Picks a verb by its first word (or its alias), returning the rest of the text as arguments. */
export function matchVerb(verbs: readonly Verb[], text: string): { verb: Verb; args: string } | undefined {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  for (const verb of verbs) {
    for (const alias of [verb.name, ...verb.aliases]) {
      if (lower === alias || lower.startsWith(`${alias} `)) {
        return { verb, args: trimmed.slice(alias.length).trim() };
      }
    }
  }
  return undefined;
}
