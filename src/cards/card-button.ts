import { actionVerb, type CardActionData } from './card-actions';

/**
 * A button that calls the bot, as the templates embed it: an `Action.Execute` with this `verb` and
 * `data`, and an `Action.Submit` fallback with the same data for clients without Universal Actions.
 */
export interface CardButton {
  readonly title: string;
  readonly verb: string;
  readonly data: CardActionData;
}

/** The one way mappers make a button, so verb and data can never disagree. */
export function cardButton(title: string, action: CardActionData): CardButton {
  return { title, verb: actionVerb(action), data: action };
}
