import { normalizeCandidates, type GroupMembership } from './group-membership';

export interface CachedGroupMembershipOptions {
  /** How long an answer is believed; a membership change shows after at most this long. Default 5 min. */
  readonly ttlInMs?: number;
  /** Principals remembered at once; the least recently used is forgotten first. Default 1000. */
  readonly maxPrincipals?: number;
  /** Milliseconds since the epoch (tests move it by hand). */
  readonly now?: () => number;
}

interface Entry {
  readonly expiresAtInMs: number;
  /** Per candidate group: member or not. Only ids asked about so far. */
  readonly answers: ReadonlyMap<string, boolean>;
}

/**
 * Remembers membership answers per principal for a while, so a conversation where the same
 * responder clicks twenty buttons asks the directory once. Answers are kept per group id, so a
 * later question about other candidates asks only about the ones not yet known. Failures are not
 * remembered: once an admin grants the missing permission, the next message works. Questions in
 * flight for the same principal and candidates share one lookup.
 */
export class CachedGroupMembership implements GroupMembership {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string[]>>();
  private readonly ttlInMs: number;
  private readonly maxPrincipals: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: GroupMembership,
    options: CachedGroupMembershipOptions = {},
  ) {
    this.ttlInMs = options.ttlInMs ?? 5 * 60_000;
    this.maxPrincipals = Math.max(1, options.maxPrincipals ?? 1000);
    this.now = options.now ?? Date.now;
  }

  async memberGroupsOf(objectId: string, candidateGroupIds: readonly string[]): Promise<string[]> {
    const principal = objectId.toLowerCase();
    const candidates = normalizeCandidates(principal, candidateGroupIds);
    if (candidates.length === 0) return [];
    const entry = this.fresh(principal);
    const unknown = candidates.filter((id) => !entry?.answers.has(id));
    if (unknown.length > 0) {
      const key = `${principal} ${[...unknown].sort().join(',')}`;
      let lookup = this.inFlight.get(key);
      if (!lookup) {
        lookup = this.inner.memberGroupsOf(principal, unknown).finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, lookup);
      }
      const members = new Set((await lookup).map((id) => id.toLowerCase()));
      this.remember(principal, unknown, members);
    }
    const answers = this.fresh(principal)?.answers;
    return candidates.filter((id) => answers?.get(id) === true);
  }

  private fresh(principal: string): Entry | undefined {
    const entry = this.entries.get(principal);
    if (!entry) return undefined;
    if (entry.expiresAtInMs <= this.now()) {
      this.entries.delete(principal);
      return undefined;
    }
    // Most recently used last, so eviction takes the front.
    this.entries.delete(principal);
    this.entries.set(principal, entry);
    return entry;
  }

  private remember(principal: string, asked: readonly string[], members: ReadonlySet<string>): void {
    const previous = this.fresh(principal);
    const answers = new Map(previous?.answers ?? []);
    for (const id of asked) answers.set(id, members.has(id));
    // The entry keeps the expiry of its first answer, so no answer in it is ever older than the TTL.
    this.entries.delete(principal);
    this.entries.set(principal, {
      expiresAtInMs: previous?.expiresAtInMs ?? this.now() + this.ttlInMs,
      answers,
    });
    while (this.entries.size > this.maxPrincipals) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
