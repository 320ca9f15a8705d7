import {
  CachedGroupMembership,
  GraphGroupMembership,
  GroupLookupError,
  type GraphGroupMembershipOptions,
} from '../../src/authorization';
import { freePort } from '../support/azurite';
import { FAKE_GRAPH_TOKEN, FakeCredential, FakeGraphServer, graphError } from '../fakes/fake-graph-server';
import {
  ALICE,
  ALICE_IN_MANY,
  ADMINS,
  BOB,
  MANY_GROUPS,
  NOBODY_KNOWS,
  ON_CALL,
  PLATFORM,
  contractDirectory,
} from './group-membership.contract';

/*
 * What the Graph client sends and how it reads each answer, against a FAKE Graph served on
 * 127.0.0.1: the request (path, bearer token, body, batches of 20), Retry-After on 429/503 within
 * the budget, 403 naming the permissions to grant, 404 as "no groups", and the cache in front of it.
 */
describe('GraphGroupMembership against a fake Microsoft Graph', () => {
  let graph: FakeGraphServer;
  let waits: number[];

  beforeEach(async () => {
    graph = new FakeGraphServer(contractDirectory());
    await graph.start();
    waits = [];
  });

  afterEach(async () => {
    await graph.stop();
  });

  function client(options: Partial<GraphGroupMembershipOptions> = {}): GraphGroupMembership {
    return new GraphGroupMembership({
      credential: new FakeCredential(),
      baseUrl: graph.baseUrl,
      delay: async (ms) => {
        waits.push(ms);
      },
      ...options,
    });
  }

  async function failureOf(promise: Promise<unknown>): Promise<GroupLookupError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof GroupLookupError) return error;
      throw error;
    }
    throw new Error('expected a GroupLookupError');
  }

  it('POSTs the candidates to /users/{id}/checkMemberGroups with the bot token for Graph', async () => {
    const credential = new FakeCredential();
    expect(await client({ credential }).memberGroupsOf(ALICE, [ON_CALL, ADMINS])).toEqual([ON_CALL]);
    expect(credential.scopes).toEqual(['https://graph.microsoft.com/.default']);
    expect(graph.requests).toEqual([
      {
        method: 'POST',
        path: `/v1.0/users/${ALICE}/checkMemberGroups`,
        authorization: `Bearer ${FAKE_GRAPH_TOKEN}`,
        contentType: 'application/json',
        body: { groupIds: [ON_CALL, ADMINS] },
      },
    ]);
  });

  it('splits more than 20 candidates into batches of at most 20 and joins the answers', async () => {
    expect((await client().memberGroupsOf(ALICE, MANY_GROUPS)).sort()).toEqual([...ALICE_IN_MANY].sort());
    const batches = graph.requests.map((r) => (r.body as { groupIds: string[] }).groupIds);
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(batches.flat()).toEqual(MANY_GROUPS);
  });

  it('asks nothing when there is nothing to ask', async () => {
    const credential = new FakeCredential();
    expect(await client({ credential }).memberGroupsOf(ALICE, [ALICE, 'not-a-guid'])).toEqual([]);
    expect(await client({ credential }).memberGroupsOf('not-a-guid', [ON_CALL])).toEqual([]);
    expect(graph.requests).toEqual([]);
    expect(credential.scopes).toEqual([]);
  });

  it('waits out a 429 Retry-After once when it fits the budget, then answers', async () => {
    graph.script({
      status: 429,
      headers: { 'retry-after': '1' },
      body: graphError('TooManyRequests', 'slow'),
    });
    expect(await client().memberGroupsOf(ALICE, [ON_CALL])).toEqual([ON_CALL]);
    expect(waits).toEqual([1000]);
    expect(graph.requests).toHaveLength(2);
  });

  it('retries a 503 the same way', async () => {
    graph.script({ status: 503, headers: { 'retry-after': '0' } });
    expect(await client().memberGroupsOf(BOB, [ADMINS])).toEqual([ADMINS]);
    expect(waits).toEqual([0]);
  });

  it('gives up as throttled when Retry-After exceeds the budget, without waiting', async () => {
    graph.script({ status: 429, headers: { 'retry-after': '30' } });
    const error = await failureOf(client({ retryBudgetInMs: 2000 }).memberGroupsOf(ALICE, [ON_CALL]));
    expect(error.failure).toBe('throttled');
    expect(error.message).toContain('retry after 30 s');
    expect(waits).toEqual([]);
    expect(graph.requests).toHaveLength(1);
  });

  it('retries only once: a second 429 is throttled', async () => {
    graph.script(
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 429, headers: { 'retry-after': '1' } },
    );
    const error = await failureOf(client().memberGroupsOf(ALICE, [ON_CALL]));
    expect(error).toMatchObject({ failure: 'throttled', status: 429 });
    expect(graph.requests).toHaveLength(2);
  });

  it('403: says which application permissions to grant, with Graph error code, never the token', async () => {
    graph.script({
      status: 403,
      body: graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
    });
    const error = await failureOf(client().memberGroupsOf(ALICE, [ON_CALL]));
    expect(error).toMatchObject({ name: 'GroupLookupError', failure: 'missing-permission', status: 403 });
    expect(error.message).toBe(
      "Microsoft Graph refused the group lookup (HTTP 403, Authorization_RequestDenied): grant the bot's identity the application permissions GroupMember.Read.All and User.Read.All with admin consent",
    );
    expect(error.message).not.toContain(FAKE_GRAPH_TOKEN);
  });

  it('404 (no such user in the directory) means no groups', async () => {
    expect(await client().memberGroupsOf(NOBODY_KNOWS, [ON_CALL, PLATFORM])).toEqual([]);
    expect(graph.requests).toHaveLength(1);
  });

  it('a rejected token (401) or no token at all: not signed in', async () => {
    const rejected = await failureOf(
      client({ credential: new FakeCredential('expired-token') }).memberGroupsOf(ALICE, [ON_CALL]),
    );
    expect(rejected).toMatchObject({ failure: 'not-signed-in', status: 401 });
    expect(rejected.message).not.toContain('expired-token');

    const noIdentity = Object.assign(new Error('ManagedIdentityCredential: no endpoint at 169.254.169.254'), {
      name: 'CredentialUnavailableError',
    });
    const unavailable = await failureOf(
      client({ credential: new FakeCredential(FAKE_GRAPH_TOKEN, noIdentity) }).memberGroupsOf(ALICE, [
        ON_CALL,
      ]),
    );
    expect(unavailable.failure).toBe('not-signed-in');
    expect(unavailable.message).toBe(
      "Could not get a Microsoft Graph token for the bot's identity (CredentialUnavailableError)",
    );
    expect(graph.requests).toHaveLength(1);
  });

  it('other statuses, bad bodies and a closed port: unavailable', async () => {
    graph.script(
      { status: 500, body: graphError('UnknownError', 'boom') },
      { status: 200, body: { nope: 1 } },
    );
    expect(await failureOf(client().memberGroupsOf(ALICE, [ON_CALL]))).toMatchObject({
      failure: 'unavailable',
      message: 'Microsoft Graph answered the group lookup with HTTP 500, UnknownError',
    });
    expect((await failureOf(client().memberGroupsOf(ALICE, [ON_CALL]))).failure).toBe('unavailable');
    const refused = await failureOf(
      client({ baseUrl: `http://127.0.0.1:${await freePort()}/v1.0` }).memberGroupsOf(ALICE, [ON_CALL]),
    );
    expect(refused).toMatchObject({ failure: 'unavailable' });
    expect(refused.message).toMatch(/could not be reached.*ECONNREFUSED/);
  });

  it('ignores ids in the answer that were not asked about', async () => {
    graph.script({ status: 200, body: { value: [ON_CALL, ADMINS, 42] } });
    expect(await client().memberGroupsOf(ALICE, [ON_CALL])).toEqual([ON_CALL]);
  });

  describe('behind the cache', () => {
    let nowInMs: number;
    const cached = (options: { maxPrincipals?: number } = {}) =>
      new CachedGroupMembership(client(), { ttlInMs: 5 * 60_000, now: () => nowInMs, ...options });

    beforeEach(() => {
      nowInMs = Date.parse('2026-12-01T09:00:00Z');
    });

    it('asks Graph once per principal within the TTL, and again after it (a membership change shows)', async () => {
      const membership = cached();
      expect(await membership.memberGroupsOf(BOB, [ON_CALL, ADMINS])).toEqual([ADMINS]);
      graph.setDirectory({
        ...contractDirectory(),
        groups: { ...contractDirectory().groups, [ON_CALL]: [ALICE, BOB] },
      });
      nowInMs += 4 * 60_000;
      expect(await membership.memberGroupsOf(BOB, [ON_CALL, ADMINS])).toEqual([ADMINS]);
      expect(graph.requests).toHaveLength(1);
      nowInMs += 60_000;
      expect((await membership.memberGroupsOf(BOB, [ON_CALL, ADMINS])).sort()).toEqual(
        [ON_CALL, ADMINS].sort(),
      );
      expect(graph.requests).toHaveLength(2);
    });

    it('asks only about candidates it has no answer for yet', async () => {
      const membership = cached();
      await membership.memberGroupsOf(ALICE, [ON_CALL]);
      expect((await membership.memberGroupsOf(ALICE, [ON_CALL, PLATFORM])).sort()).toEqual(
        [ON_CALL, PLATFORM].sort(),
      );
      expect(graph.requests.map((r) => r.body)).toEqual([{ groupIds: [ON_CALL] }, { groupIds: [PLATFORM] }]);
    });

    it('does not remember a failure: once the permission is granted, the next question works', async () => {
      const membership = cached();
      graph.script({
        status: 403,
        body: graphError('Authorization_RequestDenied', 'Insufficient privileges'),
      });
      expect((await failureOf(membership.memberGroupsOf(ALICE, [ON_CALL]))).failure).toBe(
        'missing-permission',
      );
      expect(await membership.memberGroupsOf(ALICE, [ON_CALL])).toEqual([ON_CALL]);
    });

    it('shares one lookup between simultaneous questions about the same principal', async () => {
      const membership = cached();
      const answers = await Promise.all([1, 2, 3].map(() => membership.memberGroupsOf(ALICE, [ON_CALL])));
      expect(answers).toEqual([[ON_CALL], [ON_CALL], [ON_CALL]]);
      expect(graph.requests).toHaveLength(1);
    });

    it('remembers a bounded number of principals, forgetting the least recently used', async () => {
      const membership = cached({ maxPrincipals: 2 });
      await membership.memberGroupsOf(ALICE, [ON_CALL]);
      await membership.memberGroupsOf(BOB, [ON_CALL]);
      await membership.memberGroupsOf(ALICE, [ON_CALL]); // Alice is now the most recent
      await membership.memberGroupsOf(NOBODY_KNOWS, [ON_CALL]); // evicts Bob
      expect(graph.requests).toHaveLength(3);
      await membership.memberGroupsOf(ALICE, [ON_CALL]);
      expect(graph.requests).toHaveLength(3);
      await membership.memberGroupsOf(BOB, [ON_CALL]);
      expect(graph.requests).toHaveLength(4);
    });
  });
});
