/**
 * The shape of one verb of the command registry: how typed text becomes its command, which role
 * it needs, its help entry, the data of its buttons (zod-checked), and the one handler that
 * answers it. The registry (registry.ts, filled in verb-table.ts) drives recognition, the help
 * card, button routing and the role gate, so a verb that is registered is understood, listed,
 * clickable and guarded, and a verb that is listed is one the bot can really run.
 */
import { z } from 'zod';
import type { DemoAlerts } from '../alerts/demo-alert';
import type { Actor } from '../alerts/incident';
import type { IncidentDesk } from '../alerts/incident-desk';
import type { Permission } from '../authorization/protected-actions';
import type { CardContext } from '../cards/card-context';
import type { Locale } from '../cards/card-data';
import type { Diagnosis } from '../diagnosis';
import type { LogsContext } from '../diagnosis/logs-context';
import type { InvalidIdentifierError } from '../diagnosis/kql-literal';
import type { LiveConnectionState } from '../live/connection-store';
import type { LiveWatches } from '../live/watches';
import type { Subscriptions } from '../proactive/subscriptions';
import type { AnyCommand } from './command';
import type { LearnedFacts } from './memory';
import type { Reply } from './reply';
import type { Utterance } from './utterance';

/** Why typed text (or a button's data) could not become the verb's command. */
export type TextRejection =
  /** An id the user clearly meant breaks the identifier rules: the message names the allowed characters. */
  | { readonly kind: 'invalid'; readonly error: InvalidIdentifierError }
  /** Something needed is missing ("which device?"): say how to ask. */
  | { readonly kind: 'usage'; readonly message: Readonly<Record<Locale, string>> };

/** How the turn reached the bot: typed, a button (Action.Execute), its Action.Submit fallback, a card refresh. */
export type TurnChannel = 'text' | 'button' | 'submit' | 'refresh';

/** Who asks and where, as hosting saw it (the alert commands act on behalf of this person). */
export interface TurnParty {
  readonly actor: Actor;
  /** The conversation's store key (proactive/conversation-address.ts). */
  readonly conversationKey: string;
  /** People @mentioned in the message, the bot left out. */
  readonly mentions: readonly Actor[];
  readonly channel: TurnChannel;
}

/** The alert side's services the incident and subscription verbs act on (absent in the CLI). */
export interface AlertServices {
  readonly desk: IncidentDesk;
  readonly subscriptions: Subscriptions;
  /** Live connection state from Event Grid and the watches (`watch X`); absent when not wired. */
  readonly live?: LiveServices;
  /** Development only: demo alerts through the real intake (the help card's "Send a demo alert"). */
  readonly demo?: DemoAlerts;
}

/** What `watch`, `unwatch`, `watches` and `status` use of the live side. */
export interface LiveServices {
  readonly watches: LiveWatches;
  readonly states: LiveConnectionState;
  /** The language the conversation's watch notices are written in (the watcher's). */
  rememberLanguage(conversationKey: string, locale: Locale): Promise<void>;
}

/** What every handler may use. Built per turn by the Conversation. */
export interface HandlerContext {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly now: Date;
  /**
   * The logs, the hubs and where their logs live; resolves once the logs are loaded (the embedded
   * engine loads in the background at start). The alert side asks the same provider.
   */
  readonly logs: () => Promise<LogsContext>;
  readonly cards: CardContext;
  readonly abortSignal?: AbortSignal;
  /** Who asks and where (absent outside a chat, e.g. in the CLI). */
  readonly party?: TurnParty;
  readonly alerts?: AlertServices;
  /** The help card, optionally saying what wasn't understood and listing the closest verbs first. */
  help(notUnderstoodText?: string, closest?: readonly string[]): Reply[];
}

/** A handler's answer. */
export interface HandlerResult {
  readonly replies: readonly Reply[];
  /** The diagnosis behind the answer, for `--json` and tests. */
  readonly diagnosis?: Diagnosis;
  /** `language ko|en`: the user's new language, kept per user by hosting. */
  readonly userLocale?: Locale;
  /** `time zone …`: the user's new time zone (IANA), kept per user by hosting. */
  readonly userTimeZone?: string;
  /** What the answer found out, remembered for follow-ups. */
  readonly learned?: LearnedFacts;
}

/** The verb's line on the help card. */
export interface VerbHelp {
  /** Where it is listed: lower first (the everyday questions first; the welcome card shows the first four). */
  readonly rank: number;
  /** What to show as its name when that is not the verb, e.g. `subscribe alerts`. */
  readonly name?: string;
  readonly description: Readonly<Record<Locale, string>>;
  readonly example: Readonly<Record<Locale, string>>;
}

/**
 * The verb's buttons: the data a card embeds (besides `cmd`, which is the verb), checked by `data`
 * when the client sends it back, and how that data becomes the command.
 */
export interface VerbButton<C extends AnyCommand, S extends z.ZodObject> {
  readonly data: S;
  toCommand(data: z.output<S>, now: Date): C | TextRejection;
  /** The button that asks `command` again (Retry); without it, Retry types the command's text. */
  fromCommand?(command: C): z.input<S>;
}

export interface VerbDefinition<C extends AnyCommand, S extends z.ZodObject> {
  readonly verb: C['verb'];
  readonly permission: Permission;
  /** Absent: not on the help card (button-only verbs such as `snooze`). */
  readonly help?: VerbHelp;
  /** Words people use for this verb, to suggest it when a message isn't understood. */
  readonly keywords: readonly string[];
  /** Whether a follow-up ("and yesterday?") may run it again: it is then the conversation's last question. */
  readonly followUps?: boolean;
  /** It acts on incidents or subscriptions: a conversation without the alert side (the CLI) leaves it out. */
  readonly needsAlerts?: boolean;
  /** Whether the message asks for this verb. Verbs are asked in registry order; the first yes wins. */
  matches(utterance: Utterance): boolean;
  /** The command the message means, or why it can't be run as typed. */
  fromText(utterance: Utterance): C | TextRejection;
  readonly button?: VerbButton<C, S>;
  /** What a state-changing use names in the audit log (e.g. the incident id). */
  auditTarget?(command: C): string | undefined;
  /**
   * "Looking at the logs for thermostat-0042…": shown when the answer is slow. Verbs that answer
   * without queries have none.
   */
  placeholder?(command: C, locale: Locale): string;
  handle(command: C, context: HandlerContext): Promise<HandlerResult>;
}

/** A verb of any kind, as the registry holds it. `ButtonData` only carries its button data's type. */
export interface AnyVerb<ButtonData = unknown> {
  readonly verb: string;
  readonly permission: Permission;
  readonly help?: VerbHelp;
  readonly keywords: readonly string[];
  readonly followUps: boolean;
  readonly needsAlerts: boolean;
  /** The zod schema of its button data (`ButtonData`), `cmd` included; absent when it has no buttons. */
  readonly buttonSchema?: z.ZodType;
  matches(utterance: Utterance): boolean;
  fromText(utterance: Utterance): AnyCommand | TextRejection;
  /** Checked button data (as {@link buttonSchema} parsed it) to the command. */
  fromButton(data: unknown, now: Date): AnyCommand | TextRejection;
  /** The button data that asks `command` again; undefined when the verb has no buttons for it. */
  toButton(command: AnyCommand): ButtonData | undefined;
  auditTarget(command: AnyCommand): string | undefined;
  placeholder(command: AnyCommand, locale: Locale): string | undefined;
  handle(command: AnyCommand, context: HandlerContext): Promise<HandlerResult>;
}

/** `cmd` plus the verb's own button fields: what a card embeds in a button's `data` (never: no buttons). */
export type ButtonDataOf<V extends string, S extends z.ZodObject> = [S] extends [never]
  ? never
  : { readonly cmd: V } & z.input<S>;

/** The button data of every verb of a list. */
export type ButtonDataOfVerbs<T extends readonly AnyVerb<unknown>[]> = T[number] extends infer V
  ? V extends AnyVerb<infer B>
    ? B
    : never
  : never;

/**
 * Erases a verb's command type for the registry. Safe because the registry only hands a verb
 * commands whose `verb` is its own (checked here, so a routing mistake fails loudly instead of
 * misbehaving). The result keeps the type of its button data, from which cards/card-actions.ts
 * derives what a button may carry.
 */
export function defineVerb<C extends AnyCommand, S extends z.ZodObject = never>(
  definition: VerbDefinition<C, S>,
): AnyVerb<ButtonDataOf<C['verb'], S>> {
  const own = (command: AnyCommand): C => {
    if (command.verb !== definition.verb) {
      throw new Error(`Verb "${definition.verb}" was handed a "${command.verb}" command.`);
    }
    return command as C;
  };
  const button = definition.button;
  return {
    verb: definition.verb,
    permission: definition.permission,
    ...(definition.help ? { help: definition.help } : {}),
    keywords: definition.keywords,
    followUps: definition.followUps ?? false,
    needsAlerts: definition.needsAlerts ?? false,
    ...(button
      ? {
          buttonSchema: button.data.extend({ cmd: z.literal(definition.verb) }),
        }
      : {}),
    matches: (utterance) => definition.matches(utterance),
    fromText: (utterance) => definition.fromText(utterance),
    fromButton: (data, now) => {
      if (!button) throw new Error(`Verb "${definition.verb}" has no buttons.`);
      return button.toCommand(data as z.output<S>, now);
    },
    toButton: (command) => {
      const fields = button?.fromCommand?.(own(command));
      return fields === undefined
        ? undefined
        : ({ cmd: definition.verb, ...fields } as ButtonDataOf<C['verb'], S>);
    },
    auditTarget: (command) => definition.auditTarget?.(own(command)),
    placeholder: (command, locale) => definition.placeholder?.(own(command), locale),
    handle: (command, context) => definition.handle(own(command), context),
  };
}

export function isRejection(value: AnyCommand | TextRejection): value is TextRejection {
  return 'kind' in value && (value.kind === 'invalid' || value.kind === 'usage') && !('verb' in value);
}
