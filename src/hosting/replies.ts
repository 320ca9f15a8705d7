import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { CardRenderer } from '../cards/render';
import type { Reply } from '../conversation/reply';

/** Turn a platform-neutral reply into a Bot Framework activity. */
export function replyToActivity(reply: Reply, renderer: CardRenderer): Partial<Activity> {
  if (reply.kind === 'text') return MessageFactory.text(reply.text);
  return MessageFactory.attachment(CardFactory.adaptiveCard(renderer.renderRequest(reply.card)));
}
