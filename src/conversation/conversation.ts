import { resolveTimeZone, type CardContext } from '../cards';
import type { CardActionData } from '../cards/card-actions';
import type { Locale } from '../cards/card-data';
import { helpCardData, welcomeCardData } from '../cards/help-card';
import { PERMISSIONS, type Permission } from '../authorization/protected-actions';
import type { Diagnosis } from '../diagnosis';
import type { LogsContextProvider } from '../diagnosis/logs-context';
import { LogsQueryError, type LogsBackend } from '../logs/backend';
import type { AnyCommand } from './command';
import { remember, type ConversationMemory } from './memory';
import { recognize, type Recognition } from './recognizer';
import type { CommandRegistry } from './registry';
import type { ActionInput, Reply, TurnInput, TurnSetting } from './reply';
import { invalidIdReply, userErrorReplies } from './user-errors';
import { parseUtterance } from './utterance';
import { VERB_REGISTRY } from './verb-table';
import type { AlertServices, AnyVerb, HandlerContext, TurnParty } from './verbs';

export interface ConversationOptions {
  /** One line saying where answers come from, e.g. "Embedded demo data (1 hub, 1 DPS)". */
  readonly dataSource: () => string;
  /**
   * The logs to answer from, with the hubs and where their logs live; resolves once they are
   * loaded. Without it, log questions fail politely.
   */
  readonly logs?: LogsContextProvider;
  readonly clock?: () => Date;
  /** The command registry; the default is every verb of the bot (verb-table.ts). */
  readonly registry?: CommandRegistry<CardActionData>;
  /** The incident desk and subscriptions the alert verbs act on (absent: they say they can't here). */
  readonly alerts?: AlertServices;
}

/** The answer to one turn, with what to keep for the next. */
export interface TurnOutcome {
  /** What the message or button was understood as (absent when it wasn't). */
  readonly command?: AnyCommand;
  readonly replies: readonly Reply[];
  readonly diagnosis?: Diagnosis;
  /** The conversation memory after this turn (store it in conversation state). */
  readonly memory: ConversationMemory;
  /** `language ko|en` was asked: the user's language from now on (store it in user state). */
  readonly userLocale?: Locale;
  /** `time zone …` was asked: the user's time zone from now on (store it in user state). */
  readonly userTimeZone?: string;
}

/** A message understood but not yet answered: hosting may show `placeholder` while it waits. */
export interface PendingAnswer {
  readonly command?: AnyCommand;
  /** What the recognized verb needs (asking anything at all needs the reader role). */
  readonly permission: Permission;
  /** What a state-changing command names in the audit log (e.g. the incident id). */
  readonly auditTarget?: string;
  /** "Looking at the logs for thermostat-0042…", for answers that query logs; absent otherwise. */
  readonly placeholder?: string;
  answer(options?: { readonly abortSignal?: AbortSignal }): Promise<TurnOutcome>;
}

const NO_LOGS: LogsContextProvider = () =>
  Promise.reject(new LogsQueryError('unavailable', 'No logs are configured for this bot.'));

const UNKNOWN_BUTTON: Readonly<Record<Locale, string>> = {
  en: "That button doesn't do anything here any more. Type help to see what I can do.",
  ko: '이 버튼은 더 이상 쓸 수 없어요. 도움말을 입력하면 할 수 있는 일을 볼 수 있어요.',
};

/**
 * Turns one message (or one button press) into replies, through the command registry: the verb
 * recognized (or named by the button's `cmd`) answers, and its permission is on the pending answer
 * for hosting's role gate. Knows nothing of Teams: hosting hands it plain text or the button's
 * data, the locale, the time zone, the memory and who asks, and sends back what it returns and
 * stores the memory it returns.
 */
export class Conversation {
  readonly registry: CommandRegistry<CardActionData>;
  private readonly clock: () => Date;

  constructor(private readonly options: ConversationOptions) {
    const registry = options.registry ?? VERB_REGISTRY;
    // Without the alert side (the CLI), its verbs are neither understood nor listed.
    this.registry = options.alerts ? registry : registry.only((verb) => !verb.needsAlerts);
    this.clock = options.clock ?? (() => new Date());
  }

  /** What a new member or a fresh install sees first. */
  welcome(locale: Locale): Reply[] {
    const examples = this.registry
      .helpVerbs()
      .slice(0, 4)
      .flatMap((verb) =>
        verb.help ? [{ label: verb.help.example[locale], text: verb.help.example[locale] }] : [],
      );
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
    return this.pending(recognize(utterance, this.registry.verbs), input, now, timeZone);
  }

  /** Validates a button's data into the command typed text would give, then as {@link understand}. */
  understandAction(input: ActionInput): PendingAnswer {
    const now = this.clock();
    const parsed = this.registry.parseButton(input.payload, now);
    if (parsed.kind === 'text') return this.understand({ ...input, text: parsed.text });
    const timeZone = resolveTimeZone(input.timeZone ?? 'UTC');
    if (parsed.kind !== 'command') {
      const answer =
        parsed.kind === 'unknown'
          ? this.immediate(input, [{ kind: 'text', text: UNKNOWN_BUTTON[input.locale] }])
          : this.pending(parsed, input, now, timeZone);
      // Still checked against the verb it names: a forged payload is refused as that verb would be.
      const named = this.registry.namedBy(input.payload);
      const target = targetOf(input.payload);
      return named
        ? {
            ...answer,
            permission: named.permission,
            ...(target !== undefined ? { auditTarget: target } : {}),
          }
        : answer;
    }
    return this.pending({ kind: 'command', command: parsed.command, followUp: false }, input, now, timeZone);
  }

  /** The help card; with `notUnderstoodText`, it starts by saying what wasn't understood. */
  help(locale: Locale, notUnderstoodText?: string, closest: readonly string[] = []): Reply[] {
    const listed = this.registry.helpVerbs();
    const ordered =
      closest.length > 0
        ? listed
            .filter((verb) => closest.includes(verb.verb))
            .sort((a, b) => closest.indexOf(a.verb) - closest.indexOf(b.verb))
        : listed;
    const commands = ordered.flatMap((verb) =>
      verb.help
        ? [
            {
              name: verb.help.name ?? verb.verb,
              description: verb.help.description[locale],
              example: verb.help.example[locale],
            },
          ]
        : [],
    );
    const data = helpCardData(locale, commands, {
      dataSource: this.options.dataSource(),
      ...(notUnderstoodText === undefined ? {} : { notUnderstoodText }),
      // Development only: the alert side offers demo alerts and the registry has the verb.
      demoAlert: this.options.alerts?.demo !== undefined && this.registry.find('demo-alert') !== undefined,
    });
    return [{ kind: 'card', card: { template: 'help', data } }];
  }

  private immediate(setting: TurnSetting, replies: Reply[]): PendingAnswer {
    const memory = setting.memory ?? {};
    return { permission: PERMISSIONS.ask, answer: async () => ({ replies, memory }) };
  }

  private pending(
    recognition: Recognition,
    input: TurnSetting & { readonly text?: string; readonly party?: TurnParty },
    now: Date,
    timeZone: string,
  ): PendingAnswer {
    const locale = input.locale;
    // A command typed wrong still needs its verb's role: the refusal, not the usage, answers.
    const rejectedBy =
      'verb' in recognition && recognition.verb ? this.registry.find(recognition.verb) : undefined;
    const guarded = (answer: PendingAnswer): PendingAnswer =>
      rejectedBy ? { ...answer, permission: rejectedBy.permission } : answer;
    switch (recognition.kind) {
      case 'invalid':
        return guarded(this.immediate(input, [invalidIdReply(recognition.error, locale)]));
      case 'usage':
        return guarded(this.immediate(input, [{ kind: 'text', text: recognition.message[locale] }]));
      case 'not-understood':
        return this.immediate(input, this.help(locale, input.text ?? '', recognition.closest));
      case 'command':
        break;
    }
    const command = recognition.command;
    const verb: AnyVerb<CardActionData> | undefined = this.registry.find(command.verb);
    if (!verb) return this.immediate(input, this.help(locale));
    const placeholder = verb.placeholder(command, locale);
    const auditTarget = verb.auditTarget(command);
    const kept = (learned?: Parameters<typeof remember>[2]): ConversationMemory =>
      verb.followUps ? remember(input.memory, command, learned, now) : (input.memory ?? {});
    const buttonFor = (asked: AnyCommand): CardActionData => this.registry.buttonFor(asked);
    return {
      command,
      permission: verb.permission,
      ...(auditTarget !== undefined ? { auditTarget } : {}),
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
        const context: HandlerContext = {
          locale,
          timeZone,
          now,
          logs: async () => {
            const opened = await openLogs();
            answeredFrom = opened.logs;
            return opened;
          },
          cards,
          ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
          ...(input.party ? { party: input.party } : {}),
          ...(this.options.alerts ? { alerts: this.options.alerts } : {}),
          help: (notUnderstood, closest) => this.help(locale, notUnderstood, closest),
        };
        try {
          const result = await verb.handle(command, context);
          return {
            command,
            replies: result.replies,
            ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}),
            memory: kept(result.learned),
            ...(result.userLocale ? { userLocale: result.userLocale } : {}),
            ...(result.userTimeZone ? { userTimeZone: result.userTimeZone } : {}),
          };
        } catch (error) {
          const replies = userErrorReplies(error, command, cards, buttonFor);
          if (!replies) throw error;
          return { command, replies, memory: kept() };
        }
      },
    };
  }
}

/** What a payload that did not parse names, for the audit log: its first short id-like field. */
function targetOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const values = Object.entries(payload as Record<string, unknown>)
    .filter(([key, value]) => key !== 'cmd' && typeof value === 'string' && value.length > 0)
    .map(([, value]) => (value as string).slice(0, 200));
  return values[0];
}
