import { resolveTimeZone, type CardContext } from '../cards';
import type { Locale } from '../cards/card-data';
import { helpCardData, welcomeCardData } from '../cards/help-card';
import type { Diagnosis, HubDirectory } from '../diagnosis';
import { LogsQueryError, type LogsBackend } from '../logs/backend';
import { parseCardAction } from './card-action';
import type { Command, CommandVerb } from './command';
import { remember, type ConversationMemory } from './memory';
import { recognize, type Recognition } from './recognizer';
import type { ActionInput, Reply, TurnInput, TurnSetting } from './reply';
import { invalidIdReply, userErrorReplies } from './user-errors';
import { parseUtterance } from './utterance';
import { HELP_ORDER, VERB_TABLE } from './verb-table';
import type { AnyVerb, HandlerContext } from './verbs';

export interface ConversationOptions {
  /** One line saying where answers come from, e.g. "Embedded demo data (1 hub, 1 DPS)". */
  readonly dataSource: () => string;
  /** The logs to answer from; resolves once they are loaded. Without it, log questions fail politely. */
  readonly logs?: () => Promise<LogsBackend>;
  /** Hubs and DPS instances and where their logs live (configured, or found in the local logs). */
  readonly hubs?: () => HubDirectory | undefined;
  readonly clock?: () => Date;
  /** The verb table; the default is every verb (verb-table.ts). */
  readonly verbs?: readonly AnyVerb[];
  /**
   * Commands answered before the conversation sees the message (alerts and incidents, in
   * hosting/incident-turns.ts), listed after the verbs in the full help card.
   */
  readonly extraCommands?: readonly {
    readonly name: string;
    readonly description: Readonly<Record<Locale, string>>;
    readonly example: Readonly<Record<Locale, string>>;
  }[];
}

/** The answer to one turn, with what to keep for the next. */
export interface TurnOutcome {
  /** What the message or button was understood as (absent when it wasn't). */
  readonly command?: Command;
  readonly replies: readonly Reply[];
  readonly diagnosis?: Diagnosis;
  /** The conversation memory after this turn (store it in conversation state). */
  readonly memory: ConversationMemory;
  /** `language ko|en` was asked: the user's language from now on (store it in user state). */
  readonly userLocale?: Locale;
}

/** A message understood but not yet answered: hosting may show `placeholder` while it waits. */
export interface PendingAnswer {
  readonly command?: Command;
  /** "Looking at the logs for thermostat-0042…", for answers that query logs; absent otherwise. */
  readonly placeholder?: string;
  answer(options?: { readonly abortSignal?: AbortSignal }): Promise<TurnOutcome>;
}

const NO_LOGS = () =>
  Promise.reject(new LogsQueryError('unavailable', 'No logs are configured for this bot.'));

const UNKNOWN_BUTTON: Readonly<Record<Locale, string>> = {
  en: "That button doesn't do anything here any more. Type help to see what I can do.",
  ko: '이 버튼은 더 이상 쓸 수 없어요. 도움말을 입력하면 할 수 있는 일을 볼 수 있어요.',
};

/**
 * Turns one message (or one button press) into replies. Knows nothing of Teams: hosting hands it
 * plain text or the button's data, the locale, the time zone and the conversation memory, and
 * sends back what it returns and stores the memory it returns.
 */
export class Conversation {
  private readonly verbs: readonly AnyVerb[];
  private readonly clock: () => Date;

  constructor(private readonly options: ConversationOptions) {
    this.verbs = options.verbs ?? VERB_TABLE;
    this.clock = options.clock ?? (() => new Date());
  }

  /** What a new member or a fresh install sees first. */
  welcome(locale: Locale): Reply[] {
    const examples = this.helpOrder()
      .slice(0, 4)
      .map((verb) => ({ label: verb.example[locale], text: verb.example[locale] }));
    return [
      {
        kind: 'card',
        card: { template: 'welcome', data: welcomeCardData(locale, examples, this.options.dataSource()) },
      },
    ];
  }

  /** Understand and answer a message in one go (CLI, tests). */
  async handleMessage(input: TurnInput): Promise<TurnOutcome> {
    return this.understand(input).answer();
  }

  /** Understand and answer a button press in one go. */
  async handleAction(input: ActionInput): Promise<TurnOutcome> {
    return this.understandAction(input).answer();
  }

  /** Recognizes a message; the answer (which may query logs) runs when `answer()` is called. */
  understand(input: TurnInput): PendingAnswer {
    const now = this.clock();
    const timeZone = resolveTimeZone(input.timeZone ?? 'UTC');
    const utterance = parseUtterance(input.text, {
      now,
      timeZone,
      ...(input.memory ? { memory: input.memory } : {}),
    });
    return this.pending(recognize(utterance, this.verbs), input, now, timeZone);
  }

  /** Validates a button's data into the command typed text would give, then as {@link understand}. */
  understandAction(input: ActionInput): PendingAnswer {
    const now = this.clock();
    const parsed = parseCardAction(input.payload, now);
    if (parsed.kind === 'text') return this.understand({ ...input, text: parsed.text });
    const timeZone = resolveTimeZone(input.timeZone ?? 'UTC');
    if (parsed.kind === 'invalid') return this.pending(parsed, input, now, timeZone);
    if (parsed.kind === 'unknown') {
      return this.immediate(input, [{ kind: 'text', text: UNKNOWN_BUTTON[input.locale] }]);
    }
    return this.pending({ kind: 'command', command: parsed.command, followUp: false }, input, now, timeZone);
  }

  /** The help card; with `notUnderstoodText`, it starts by saying what wasn't understood. */
  help(locale: Locale, notUnderstoodText?: string, closest: readonly CommandVerb[] = []): Reply[] {
    const listed =
      closest.length > 0 ? this.helpOrder().filter((verb) => closest.includes(verb.verb)) : this.helpOrder();
    const ordered =
      closest.length > 0
        ? [...listed].sort((a, b) => closest.indexOf(a.verb) - closest.indexOf(b.verb))
        : listed;
    const commands = [
      ...ordered.map((verb) => ({
        name: verb.verb,
        description: verb.description[locale],
        example: verb.example[locale],
      })),
      ...(closest.length > 0 ? [] : (this.options.extraCommands ?? [])).map((extra) => ({
        name: extra.name,
        description: extra.description[locale],
        example: extra.example[locale],
      })),
    ];
    const data = helpCardData(locale, commands, {
      dataSource: this.options.dataSource(),
      ...(notUnderstoodText === undefined ? {} : { notUnderstoodText }),
    });
    return [{ kind: 'card', card: { template: 'help', data } }];
  }

  private helpOrder(): AnyVerb[] {
    const ordered = HELP_ORDER.flatMap((name) => this.verbs.filter((verb) => verb.verb === name));
    return [...ordered, ...this.verbs.filter((verb) => !HELP_ORDER.includes(verb.verb))];
  }

  private immediate(setting: TurnSetting, replies: Reply[]): PendingAnswer {
    const memory = setting.memory ?? {};
    return { answer: async () => ({ replies, memory }) };
  }

  private pending(
    recognition: Recognition,
    input: TurnSetting & { readonly text?: string },
    now: Date,
    timeZone: string,
  ): PendingAnswer {
    const locale = input.locale;
    switch (recognition.kind) {
      case 'invalid':
        return this.immediate(input, [invalidIdReply(recognition.error, locale)]);
      case 'usage':
        return this.immediate(input, [{ kind: 'text', text: recognition.message[locale] }]);
      case 'not-understood':
        return this.immediate(input, this.help(locale, input.text ?? '', recognition.closest));
      case 'command':
        break;
    }
    const command = recognition.command;
    const verb = this.verbs.find((candidate) => candidate.verb === command.verb);
    if (!verb) return this.immediate(input, this.help(locale));
    const placeholder = verb.placeholder(command, locale);
    return {
      command,
      ...(placeholder !== undefined ? { placeholder } : {}),
      answer: async (options = {}) => {
        const openLogs = this.options.logs ?? NO_LOGS;
        let answeredFrom: LogsBackend | undefined;
        const cards: CardContext = {
          locale,
          timeZone,
          now,
          // The links of the backend that answered (read when a card is made, after the query).
          get queryLinks() {
            return answeredFrom?.description.links;
          },
        };
        const hubsOf = this.options.hubs;
        const context: HandlerContext = {
          locale,
          timeZone,
          now,
          logs: async () => (answeredFrom = await openLogs()),
          // Read when a handler asks (after the logs loaded): local hubs come from the loaded logs.
          get hubs() {
            return hubsOf?.();
          },
          cards,
          ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
          help: (notUnderstood, closest) => this.help(locale, notUnderstood, closest),
        };
        try {
          const result = await verb.handle(command, context);
          return {
            command,
            replies: result.replies,
            ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}),
            memory: remember(input.memory, command, result.learned),
            ...(result.userLocale ? { userLocale: result.userLocale } : {}),
          };
        } catch (error) {
          const replies = userErrorReplies(error, command, cards);
          if (!replies) throw error;
          return { command, replies, memory: remember(input.memory, command) };
        }
      },
    };
  }
}
