/**
 * Which of the groups named in the role lists a principal belongs to.
 *
 * Teams activities carry only the sender's object id (`from.aadObjectId`), never their groups, so
 * a group id in ROLE_READERS / ROLE_RESPONDERS / ROLE_ADMINS can only match after someone asks the
 * directory. Implementations: {@link NoGroupMembership} (lookup off: no group ever matches),
 * `GraphGroupMembership` (Microsoft Graph `checkMemberGroups`) and `CachedGroupMembership`
 * (keeps answers for a few minutes so a busy conversation does not ask per message).
 */
export interface GroupMembership {
  /**
   * The ids among `candidateGroupIds` that `objectId` is a member of, directly or through nested
   * groups; lower-case, each at most once, never an id that was not a candidate. An unknown
   * principal belongs to no group ([]). Throws {@link GroupLookupError} when the answer cannot be
   * known; callers must then refuse rather than guess.
   */
  memberGroupsOf(objectId: string, candidateGroupIds: readonly string[]): Promise<string[]>;
}

/** Why a membership question went unanswered; each maps to a different fix for the admin. */
export type GroupLookupFailure =
  /** Graph said 403: the bot's identity lacks the application permissions (or admin consent). */
  | 'missing-permission'
  /** No token for Graph, or Graph rejected it (401): the bot's identity itself is the problem. */
  | 'not-signed-in'
  /** 429/503 that did not clear within the retry budget. */
  | 'throttled'
  /** Graph unreachable, timed out, or answered something unexpected. */
  | 'unavailable';

/**
 * A membership question that could not be answered. The message is safe to log (no token, no
 * response body beyond Graph's error code); the user sees a text chosen from {@link failure}.
 */
export class GroupLookupError extends Error {
  override readonly name = 'GroupLookupError';

  constructor(
    readonly failure: GroupLookupFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Group lookup switched off (ROLE_GROUP_LOOKUP=off): only object ids in the role lists ever match. */
export class NoGroupMembership implements GroupMembership {
  async memberGroupsOf(): Promise<string[]> {
    return [];
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an Entra object id; anything else can be neither a principal nor a group. */
export function isObjectId(value: string): boolean {
  return GUID.test(value);
}

/**
 * Candidate ids, normalized: lower-case GUIDs, each once, without the principal's own id (a user is
 * not their own group, and Graph rejects non-group ids in `groupIds`).
 */
export function normalizeCandidates(objectId: string, candidateGroupIds: readonly string[]): string[] {
  const self = objectId.toLowerCase();
  return [
    ...new Set(candidateGroupIds.map((id) => id.trim().toLowerCase()).filter((id) => isObjectId(id))),
  ].filter((id) => id !== self);
}
