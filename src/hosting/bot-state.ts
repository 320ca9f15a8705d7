import { ConversationState, UserState, type Storage } from 'botbuilder';

/**
 * The Bot Framework state over our store: conversation state (memory, welcome flag) and user
 * state (the `language ko|en` choice). Here so the composition root needs no botbuilder import.
 */
export function botStateOver(storage: Storage): {
  readonly conversationState: ConversationState;
  readonly userState: UserState;
} {
  return { conversationState: new ConversationState(storage), userState: new UserState(storage) };
}
