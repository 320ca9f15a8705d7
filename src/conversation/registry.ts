/**
 * The one command registry: every verb a person can type or click, in recognition order. From it
 * come the recognizer's candidates, the help card, button routing (one zod schema per verb's
 * button data, `cmd` being the verb) and the permission the role gate checks. Like Botkube's
 * CommandMapping, it refuses at construction what would make two verbs ambiguous: the same verb
 * name, the same keyword, the same help rank.
 */
import { z } from 'zod';
import { InvalidIdentifierError } from '../diagnosis/kql-literal';
import type { AnyCommand } from './command';
import { buttonText } from './card-action';
import type { AnyVerb, TextRejection } from './verbs';
import { isRejection } from './verbs';

/** `{cmd:'text'}`: a typed command line a button runs again (choice cards, Retry of a text-only verb). */
export interface TextButtonData {
  readonly cmd: 'text';
  readonly text: string;
}

const textButton = z.object({ cmd: z.literal('text'), text: buttonText(500) });

/** What a button payload turned out to be. */
export type ActionParse =
  | { readonly kind: 'command'; readonly command: AnyCommand }
  /** `{cmd:'text'}`: a typed command line to recognize like a message. */
  | { readonly kind: 'text'; readonly text: string }
  | TextRejection
  /** Not a payload of a registered verb. */
  | { readonly kind: 'unknown' };

/**
 * `B` is what the verbs' buttons carry (the bot's registry: cards/card-actions.ts `CardActionData`,
 * derived from the verbs in verb-table.ts).
 */
export class CommandRegistry<B extends object = object> {
  private readonly byName = new Map<string, AnyVerb<B>>();

  /** @throws Error when two verbs share a name, a keyword or a help rank, or a verb is named `text`. */
  constructor(readonly verbs: readonly AnyVerb<B>[]) {
    const keywords = new Map<string, string>();
    const ranks = new Map<number, string>();
    for (const verb of verbs) {
      if (this.byName.has(verb.verb) || verb.verb === 'text') {
        throw new Error(`Command registry: the verb "${verb.verb}" is registered twice (or reserved).`);
      }
      this.byName.set(verb.verb, verb);
      for (const keyword of verb.keywords) {
        const owner = keywords.get(keyword);
        if (owner !== undefined) {
          throw new Error(
            `Command registry: "${verb.verb}" and "${owner}" both claim the keyword "${keyword}".`,
          );
        }
        keywords.set(keyword, verb.verb);
      }
      if (verb.help) {
        const owner = ranks.get(verb.help.rank);
        if (owner !== undefined) {
          throw new Error(
            `Command registry: "${verb.verb}" and "${owner}" share help rank ${verb.help.rank}.`,
          );
        }
        ranks.set(verb.help.rank, verb.verb);
      }
    }
  }

  /**
   * A copy with more verbs (tests, plug-ins), asked before these: a verb added later is typically a
   * command word, which must outrank the broad device question. The same checks apply. Their
   * button data is theirs: the cards of this registry never embed it.
   */
  with(...verbs: readonly AnyVerb<object>[]): CommandRegistry<B> {
    return new CommandRegistry<B>([...(verbs as readonly AnyVerb<B>[]), ...this.verbs]);
  }

  /** The verbs that `keep` accepts, in the same order. */
  only(keep: (verb: AnyVerb<B>) => boolean): CommandRegistry<B> {
    return new CommandRegistry<B>(this.verbs.filter(keep));
  }

  find(name: string): AnyVerb<B> | undefined {
    return this.byName.get(name);
  }

  /** The verbs on the help card, in help order. */
  helpVerbs(): AnyVerb<B>[] {
    return this.verbs
      .filter((verb) => verb.help !== undefined)
      .sort((a, b) => (a.help?.rank ?? 0) - (b.help?.rank ?? 0));
  }

  /** The verb a payload's `cmd` names, whether or not the rest of the payload is valid for it. */
  namedBy(payload: unknown): AnyVerb<B> | undefined {
    const cmd =
      typeof payload === 'object' && payload !== null ? (payload as { cmd?: unknown }).cmd : undefined;
    return typeof cmd === 'string' ? this.byName.get(cmd) : undefined;
  }

  /**
   * Reads a button payload (`value.action.data` of an `adaptiveCard/action` invoke, or the `value`
   * of an Action.Submit message): its `cmd` picks the verb, whose schema checks the rest.
   */
  parseButton(payload: unknown, now: Date): ActionParse {
    const text = textButton.safeParse(payload);
    if (text.success) return { kind: 'text', text: text.data.text };
    const verb = this.namedBy(payload);
    const parsed = verb?.buttonSchema?.safeParse(payload);
    if (!verb || !parsed?.success) return { kind: 'unknown' };
    try {
      const command = verb.fromButton(parsed.data, now);
      return isRejection(command) ? command : { kind: 'command', command };
    } catch (error) {
      if (error instanceof InvalidIdentifierError) return { kind: 'invalid', error };
      throw error;
    }
  }

  /** The button data that asks `command` again (Retry); typing the verb when it has no button for it. */
  buttonFor(command: AnyCommand): B | TextButtonData {
    return this.byName.get(command.verb)?.toButton(command) ?? { cmd: 'text', text: command.verb };
  }
}
