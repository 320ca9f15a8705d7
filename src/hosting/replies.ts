import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type Activity,
  type AdaptiveCardInvokeResponse,
} from 'botbuilder';
import type { CardRenderer } from '../cards/render';
import type { Reply } from '../conversation/reply';

/** Turn a platform-neutral reply into a Bot Framework activity. */
export function replyToActivity(reply: Reply, renderer: CardRenderer): Partial<Activity> {
  if (reply.kind === 'text') return MessageFactory.text(reply.text);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderer.renderRequest(reply.card)));
  return reply.summary !== undefined
    ? { ...activity, summary: reply.summary, type: ActivityTypes.Message }
    : activity;
}

/** The same reply as an edit of an activity already posted (the "Looking at the logs…" placeholder). */
export function replacementActivity(id: string, reply: Reply, renderer: CardRenderer): Partial<Activity> {
  const activity = replyToActivity(reply, renderer);
  return {
    ...activity,
    id,
    type: ActivityTypes.Message,
    // An edit keeps nothing of the old message: a card replacing text must clear the text.
    text: reply.kind === 'text' ? reply.text : '',
  };
}

/**
 * The answer to an `adaptiveCard/action` invoke: a card replaces the card that was clicked; a
 * text reply is shown as a message (Universal Actions' two success bodies).
 */
export function invokeResponseFor(reply: Reply, renderer: CardRenderer): AdaptiveCardInvokeResponse {
  if (reply.kind === 'text') {
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: reply.text as never,
    };
  }
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.card.adaptive',
    value: renderer.renderRequest(reply.card) as never,
  };
}
