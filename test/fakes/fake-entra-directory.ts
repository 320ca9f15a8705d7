import type { GroupMembership } from '../../src/authorization';

/**
 * Who is in which group, as a FAKE Entra ID directory holds it: users, and groups with their
 * direct members (users or other groups). Membership questions are answered transitively, as
 * Microsoft Graph's checkMemberGroups does.
 */
export interface DirectorySeed {
  readonly users: readonly string[];
  /** Group id → direct members (user or group ids). */
  readonly groups: Readonly<Record<string, readonly string[]>>;
}

/** The groups `objectId` belongs to, directly or through nested groups; lower-case. */
export function transitiveGroupsOf(seed: DirectorySeed, objectId: string): Set<string> {
  const direct = new Map<string, string[]>();
  for (const [group, members] of Object.entries(seed.groups)) {
    for (const member of members) {
      const key = member.toLowerCase();
      direct.set(key, [...(direct.get(key) ?? []), group.toLowerCase()]);
    }
  }
  const found = new Set<string>();
  const pending = [objectId.toLowerCase()];
  while (pending.length > 0) {
    const next = pending.pop() ?? '';
    for (const group of direct.get(next) ?? []) {
      if (found.has(group)) continue;
      found.add(group);
      pending.push(group);
    }
  }
  return found;
}

/** True when the directory knows this object (a user or a group). */
export function knowsObject(seed: DirectorySeed, objectId: string): boolean {
  const id = objectId.toLowerCase();
  return (
    seed.users.some((user) => user.toLowerCase() === id) ||
    Object.keys(seed.groups).some((group) => group.toLowerCase() === id)
  );
}

/**
 * A FAKE directory behind the {@link GroupMembership} interface, for tests about what the bot does
 * with an answer (the role gate) rather than how it gets one; it counts the questions it gets.
 */
export class FakeEntraDirectory implements GroupMembership {
  readonly questions: { objectId: string; candidates: string[] }[] = [];

  constructor(private readonly seed: DirectorySeed) {}

  async memberGroupsOf(objectId: string, candidateGroupIds: readonly string[]): Promise<string[]> {
    this.questions.push({ objectId, candidates: [...candidateGroupIds] });
    if (!knowsObject(this.seed, objectId)) return [];
    const groups = transitiveGroupsOf(this.seed, objectId);
    return [...new Set(candidateGroupIds.map((id) => id.trim().toLowerCase()))].filter((id) =>
      groups.has(id),
    );
  }
}
