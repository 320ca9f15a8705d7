import type { GroupMembership } from '../../src/authorization';
import type { DirectorySeed } from '../fakes/fake-entra-directory';

/**
 * One suite of behaviours every {@link GroupMembership} must have, run against each implementation
 * (botbuilder-js `storageBaseTests` style). The role gate relies on exactly these: only candidate
 * ids come back, nested groups count, unknown principals belong to nothing.
 *
 * `resolves` is false for an implementation that never knows any group (lookup off): it must then
 * answer [] to everything, which keeps today's behaviour.
 */
export interface ContractSubject {
  readonly membership: GroupMembership;
  readonly resolves: boolean;
  readonly close?: () => Promise<void>;
}

export const ALICE = 'a11ce000-0000-4000-8000-000000000001';
export const BOB = 'b0b00000-0000-4000-8000-000000000002';
export const NOBODY_KNOWS = 'deadbeef-0000-4000-8000-00000000dead';
export const ON_CALL = '0ca11000-0000-4000-8000-0000000000c1';
export const PLATFORM = '0ca11000-0000-4000-8000-0000000000c2';
export const ADMINS = '0ca11000-0000-4000-8000-0000000000c3';
/** Platform contains the on-call group: Alice is in Platform through it. */
export const CONTRACT_DIRECTORY: DirectorySeed = {
  users: [ALICE, BOB],
  groups: {
    [ON_CALL]: [ALICE],
    [PLATFORM]: [ON_CALL],
    [ADMINS]: [BOB],
  },
};

/** Many groups, for implementations that must split the question (Graph takes 20 ids per call). */
export const MANY_GROUPS: readonly string[] = Array.from(
  { length: 45 },
  (_, i) => `9a000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);
/** Alice is in the 1st, the 21st and the 45th of {@link MANY_GROUPS}: one per batch of 20. */
export const ALICE_IN_MANY: readonly string[] = [MANY_GROUPS[0], MANY_GROUPS[20], MANY_GROUPS[44]].map(
  (id) => id ?? '',
);

export function contractDirectory(): DirectorySeed {
  return {
    users: CONTRACT_DIRECTORY.users,
    groups: {
      ...CONTRACT_DIRECTORY.groups,
      ...Object.fromEntries(MANY_GROUPS.map((id) => [id, ALICE_IN_MANY.includes(id) ? [ALICE] : [BOB]])),
    },
  };
}

export function describeGroupMembershipContract(
  name: string,
  make: (seed: DirectorySeed) => Promise<ContractSubject>,
): void {
  describe(`GroupMembership contract: ${name}`, () => {
    let subject: ContractSubject;
    const ask = (objectId: string, candidates: readonly string[]) =>
      subject.membership.memberGroupsOf(objectId, candidates);
    /** What a resolving implementation must answer; [] for one that never resolves. */
    const expected = (ids: readonly string[]) => (subject.resolves ? [...ids].sort() : []);

    beforeEach(async () => {
      subject = await make(contractDirectory());
    });

    afterEach(async () => {
      await subject.close?.();
    });

    it('answers the candidates the principal is a member of, nested groups included', async () => {
      expect((await ask(ALICE, [ON_CALL, PLATFORM, ADMINS])).sort()).toEqual(expected([ON_CALL, PLATFORM]));
      expect(await ask(BOB, [ON_CALL, PLATFORM, ADMINS])).toEqual(expected([ADMINS]));
    });

    it('answers lower-case ids, whatever case the candidates came in', async () => {
      expect(await ask(ALICE.toUpperCase(), [ON_CALL.toUpperCase()])).toEqual(expected([ON_CALL]));
    });

    it('never answers an id that was not a candidate', async () => {
      expect(await ask(ALICE, [ADMINS, PLATFORM])).toEqual(expected([PLATFORM]));
      expect(await ask(BOB, [ON_CALL])).toEqual([]);
    });

    it('answers [] when there is nothing to ask, and ignores the principal itself and non-ids among the candidates', async () => {
      expect(await ask(ALICE, [])).toEqual([]);
      expect(await ask(ALICE, [ALICE, 'on-call team', ''])).toEqual([]);
      expect(await ask(ALICE, [ON_CALL, ON_CALL, ` ${ON_CALL} `])).toEqual(expected([ON_CALL]));
    });

    it('answers [] for a principal the directory does not know, and for an id that is no object id', async () => {
      expect(await ask(NOBODY_KNOWS, [ON_CALL, PLATFORM])).toEqual([]);
      expect(await ask('../groups/x', [ON_CALL])).toEqual([]);
    });

    it('answers about every candidate when there are more than one request can carry', async () => {
      expect((await ask(ALICE, MANY_GROUPS)).sort()).toEqual(expected(ALICE_IN_MANY));
    });
  });
}
