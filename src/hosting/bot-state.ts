import { ConversationState, UserState, type Storage } from 'botbuilder';

/**
 * The Bot Framework state over our store: conversation state (memory, welcome flag) and user
 * state (the `language ko|en` choice). Here so the composition root needs no botbuilder import.
 *
 * Named: without a namespace the SDK's keys end in '/' ("msteams/users/u1/"), which the Blob
 * store refuses as an empty path segment.
 */
export function botStateOver(storage: Storage): {
  readonly conversationState: ConversationState;
  readonly userState: UserState;
} {
  return {
    conversationState: new ConversationState(storage, 'state'),
    userState: new UserState(storage, 'state'),
  };
}
