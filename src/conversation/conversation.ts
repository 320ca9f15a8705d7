import { helpCardData, welcomeCardData } from '../cards/help-card';
import type { Locale } from '../cards/card-data';
import type { Reply, TurnInput } from './reply';
import { matchVerb, type Verb } from './verbs';

export interface ConversationOptions {
  /** One line saying where answers come from, e.g. "Embedded demo data (1 hub, 1 DPS)". */
  readonly dataSource: () => string;
  /** Verbs beyond `help`, in the order the help card lists them. */
  readonly verbs?: readonly Verb[];
}

/**
 * Turns one message into replies. Knows nothing of Teams: hosting hands it plain text and a
 * locale and sends back what it returns.
 */
export class Conversation {
  private readonly verbs: readonly Verb[];

  constructor(private readonly options: ConversationOptions) {
    this.verbs = [...(options.verbs ?? []), this.helpVerb()];
  }

  /** What a new member or a fresh install sees first. */
  welcome(locale: Locale): Reply[] {
    const examples = this.verbs
      .slice(0, 4)
      .map((verb) => ({ label: verb.example[locale], text: verb.example[locale] }));
    return [
      {
        kind: 'card',
        card: { template: 'welcome', data: welcomeCardData(locale, examples, this.options.dataSource()) },
      },
    ];
  }

  async handleMessage(input: TurnInput): Promise<Reply[]> {
    if (input.text.trim() === '') return this.help(input.locale);
    const match = matchVerb(this.verbs, input.text);
    if (!match) return this.help(input.locale, input.text);
    return match.verb.run(input, match.args);
  }

  /** The help card; with `notUnderstoodText`, it starts by saying what wasn't understood. */
  help(locale: Locale, notUnderstoodText?: string): Reply[] {
    const commands = this.verbs.map((verb) => ({
      name: verb.name,
      description: verb.description[locale],
      example: verb.example[locale],
    }));
    const data = helpCardData(locale, commands, {
      dataSource: this.options.dataSource(),
      ...(notUnderstoodText === undefined ? {} : { notUnderstoodText }),
    });
    return [{ kind: 'card', card: { template: 'help', data } }];
  }

  private helpVerb(): Verb {
    return {
      name: 'help',
      aliases: ['?', '도움말', '도움'],
      description: {
        en: 'What I can do, with an example of each command',
        ko: '할 수 있는 일과 명령마다 예시',
      },
      example: { en: 'help', ko: '도움말' },
      run: async (input) => this.help(input.locale),
    };
  }
}
