import type { Activity } from 'botbuilder';
import type { Principal } from '../authorization';

/**
 * The tenant an activity comes from. Teams puts it in `channelData.tenant.id` and (newer clients)
 * `conversation.tenantId`; when both are present and disagree the activity is not trusted with
 * either (undefined, so an allow-list refuses it).
 */
export function tenantOfActivity(activity: Partial<Activity>): string | undefined {
  const channelData: unknown = activity.channelData;
  const fromChannelData =
    isRecord(channelData) &&
    isRecord(channelData['tenant']) &&
    typeof channelData['tenant']['id'] === 'string'
      ? channelData['tenant']['id']
      : undefined;
  const conversation: unknown = activity.conversation;
  const fromConversation =
    isRecord(conversation) && typeof conversation['tenantId'] === 'string'
      ? conversation['tenantId']
      : undefined;
  if (
    fromChannelData &&
    fromConversation &&
    fromChannelData.toLowerCase() !== fromConversation.toLowerCase()
  ) {
    return undefined;
  }
  return fromChannelData ?? fromConversation;
}

/** Who sent the activity, as authorization sees it: Entra object id and tenant, never the display name. */
export function principalOfActivity(activity: Partial<Activity>): Principal {
  const from: unknown = activity.from;
  const objectId =
    isRecord(from) && typeof from['aadObjectId'] === 'string' ? from['aadObjectId'] : undefined;
  const name = isRecord(from) && typeof from['name'] === 'string' ? from['name'] : undefined;
  const tenantId = tenantOfActivity(activity);
  return {
    ...(objectId ? { objectId } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(name ? { name } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
