import type { CardActionData } from './card-actions';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';

/** A question back instead of a guess, e.g. "thermostat-42 is in two hubs: which one?". */
export interface ChoiceCardInput {
  readonly question: string;
  /** Optional second line, e.g. why the bot asks. */
  readonly detail?: string;
  readonly choices: readonly { readonly title: string; readonly action: CardActionData }[];
}

export interface ChoiceCardData {
  readonly question: string;
  readonly detail: string;
  readonly choices: readonly CardButton[];
}

/** Teams shows at most six buttons in a row of actions; more choices would be cut silently. */
const MAX_CHOICES = 6;

/** The question, with one button per choice (in the given order, at most six). */
export function choiceCard(input: ChoiceCardInput, _ctx: CardContext): CardRequest {
  return {
    template: 'choice',
    data: {
      question: input.question,
      detail: input.detail ?? '',
      choices: input.choices.slice(0, MAX_CHOICES).map((choice) => cardButton(choice.title, choice.action)),
    },
  };
}
