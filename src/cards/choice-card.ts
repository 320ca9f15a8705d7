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
  /** Rows of buttons: an action set holds at most five (default host config). */
  readonly rows: readonly { readonly choices: readonly CardButton[] }[];
}

const CHOICES_PER_ROW = 5;
/** More choices than this is a list, not a question; the caller should narrow it first. */
const MAX_CHOICES = 10;

/** The question, with one button per choice in the given order (at most ten, five to a row). */
export function choiceCard(input: ChoiceCardInput, _ctx: CardContext): CardRequest {
  const buttons = input.choices
    .slice(0, MAX_CHOICES)
    .map((choice) => cardButton(choice.title, choice.action));
  const rows: { choices: CardButton[] }[] = [];
  for (let i = 0; i < buttons.length; i += CHOICES_PER_ROW)
    rows.push({ choices: buttons.slice(i, i + CHOICES_PER_ROW) });
  return { template: 'choice', data: { question: input.question, detail: input.detail ?? '', rows } };
}
