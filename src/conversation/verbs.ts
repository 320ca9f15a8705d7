/**
 * The shape of one verb: how typed text becomes its command, and the one handler that answers it.
 * The table of verbs (verb-table.ts) drives recognition, the help card and routing, so a verb that
 * is registered is understood, listed and answered, and a verb that is listed is one the bot can
 * really run.
 */
import type { CardContext } from '../cards/card-context';
import type { Locale } from '../cards/card-data';
import type { Diagnosis, HubDirectory } from '../diagnosis';
import type { LogsBackend } from '../logs/backend';
import type { Command, CommandOf, CommandVerb } from './command';
import type { LearnedFacts } from './memory';
import type { Reply } from './reply';
import type { Utterance } from './utterance';
import type { InvalidIdentifierError } from '../diagnosis/kql-literal';

/** Why typed text could not become the verb's command. */
export type TextRejection =
  /** An id the user clearly meant breaks the identifier rules: the message names the allowed characters. */
  | { readonly kind: 'invalid'; readonly error: InvalidIdentifierError }
  /** Something needed is missing ("which device?"): say how to ask. */
  | { readonly kind: 'usage'; readonly message: Readonly<Record<Locale, string>> };

/** What every handler may use. Built per turn by the Conversation. */
export interface HandlerContext {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly now: Date;
  /** Resolves once the logs are loaded (the embedded engine loads in the background at start). */
  readonly logs: () => Promise<LogsBackend>;
  /** Hubs and where their logs live; read it after `logs()` resolved (local hubs come from the logs). */
  readonly hubs: HubDirectory | undefined;
  readonly cards: CardContext;
  readonly abortSignal?: AbortSignal;
  /** The help card, optionally saying what wasn't understood and listing the closest verbs first. */
  help(notUnderstoodText?: string, closest?: readonly CommandVerb[]): Reply[];
}

/** A handler's answer. */
export interface HandlerResult {
  readonly replies: readonly Reply[];
  /** The diagnosis behind the answer, for `--json` and tests. */
  readonly diagnosis?: Diagnosis;
  /** `language ko|en`: the user's new language, kept per user by hosting. */
  readonly userLocale?: Locale;
  /** What the answer found out, remembered for follow-ups. */
  readonly learned?: LearnedFacts;
}

export interface VerbDefinition<V extends CommandVerb = CommandVerb> {
  readonly verb: V;
  readonly description: Readonly<Record<Locale, string>>;
  readonly example: Readonly<Record<Locale, string>>;
  /** Words people use for this verb, to suggest it when a message isn't understood. */
  readonly keywords: readonly string[];
  /** Whether the message asks for this verb. Verbs are asked in table order; the first yes wins. */
  matches(utterance: Utterance): boolean;
  /** The command the message means, or why it can't be run as typed. */
  fromText(utterance: Utterance): CommandOf<V> | TextRejection;
  /**
   * "Looking at the logs for thermostat-0042…": shown when the answer is slow. Verbs that answer
   * without queries have none.
   */
  placeholder?(command: CommandOf<V>, locale: Locale): string;
  handle(command: CommandOf<V>, context: HandlerContext): Promise<HandlerResult>;
}

/** A verb of any kind, as the table holds it. */
export interface AnyVerb {
  readonly verb: CommandVerb;
  readonly description: Readonly<Record<Locale, string>>;
  readonly example: Readonly<Record<Locale, string>>;
  readonly keywords: readonly string[];
  matches(utterance: Utterance): boolean;
  fromText(utterance: Utterance): Command | TextRejection;
  placeholder(command: Command, locale: Locale): string | undefined;
  handle(command: Command, context: HandlerContext): Promise<HandlerResult>;
}

/**
 * Erases a verb's command type for the table. Safe because the table only hands a verb commands
 * whose `verb` is its own (checked here, so a routing mistake fails loudly instead of misbehaving).
 */
export function defineVerb<V extends CommandVerb>(definition: VerbDefinition<V>): AnyVerb {
  const own = (command: Command): CommandOf<V> => {
    if (command.verb !== definition.verb) {
      throw new Error(`Verb "${definition.verb}" was handed a "${command.verb}" command.`);
    }
    return command as CommandOf<V>;
  };
  return {
    verb: definition.verb,
    description: definition.description,
    example: definition.example,
    keywords: definition.keywords,
    matches: (utterance) => definition.matches(utterance),
    fromText: (utterance) => definition.fromText(utterance),
    placeholder: (command, locale) => definition.placeholder?.(own(command), locale),
    handle: (command, context) => definition.handle(own(command), context),
  };
}

export function isRejection(value: Command | TextRejection): value is TextRejection {
  return 'kind' in value;
}
