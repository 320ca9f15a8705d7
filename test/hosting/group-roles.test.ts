import { CachedGroupMembership, GraphGroupMembership, type GroupMembership } from '../../src/authorization';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { FakeEntraDirectory } from '../fakes/fake-entra-directory';
import { FAKE_GRAPH_TOKEN, FakeCredential, FakeGraphServer, graphError } from '../fakes/fake-graph-server';
import { channelTurns } from '../support/channel-turns';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { ALICE, BOB, PLATFORM, contractDirectory } from '../authorization/group-membership.contract';
import { isolatedEnv } from '../support/temp-dir';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';

/*
 * Group ids in ROLE_RESPONDERS on the real endpoint: Teams sends only from.aadObjectId, the role
 * gate asks the directory which role-list groups the sender is in. Alice is in the on-call group
 * (and through it in Platform, the responder group); Bob is in neither.
 */
describe('roles held through a group', () => {
  let channel: LoopbackChannel;
  let serviceUrl: string;

  beforeAll(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
  });

  afterAll(async () => {
    await channel.stop();
  });

  async function start(groupMembership: GroupMembership, log = memoryLogger()): Promise<RunningApp> {
    return startApp(
      readConfig(
        isolatedEnv({
          PORT: '0',
          NODE_ENV: 'test',
          ALLOWED_TENANT_IDS: TENANT,
          ROLE_READERS: '*',
          ROLE_RESPONDERS: PLATFORM,
          ROLE_ADMINS: '10000000-0000-0000-0000-0000000000aa',
          ROLE_GROUP_LOOKUP: 'graph',
        }),
      ),
      { logger: log.logger, groupMembership },
    );
  }

  const click = (app: RunningApp, objectId: string, data: Record<string, unknown>): Promise<unknown> =>
    channelTurns({ port: () => app.port, serviceUrl: () => serviceUrl, tenantId: TENANT }).click(
      objectId,
      data,
    );

  describe('with a fake directory', () => {
    let app: RunningApp;
    let directory: FakeEntraDirectory;
    const log = memoryLogger();
    const audit = () => log.lines().filter((l) => l['audit'] === true);

    beforeAll(async () => {
      directory = new FakeEntraDirectory(contractDirectory());
      app = await start(directory, log);
    });

    afterAll(async () => {
      await app.stop();
    });

    it('lets a member of the responder group (nested through on-call) acknowledge', async () => {
      const before = audit().length;
      const answer = await click(app, ALICE, { cmd: 'ack', incidentId: 'incident-7' });
      expect(JSON.stringify(answer)).not.toContain('you need the');
      expect(JSON.stringify(answer)).not.toContain('group membership');
      expect(audit().slice(before)).toEqual([
        expect.objectContaining({
          action: 'acknowledge',
          outcome: 'allowed',
          actor: expect.objectContaining({ objectId: ALICE }),
        }),
      ]);
      expect(directory.questions.at(-1)).toEqual({
        objectId: ALICE,
        candidates: [PLATFORM, '10000000-0000-0000-0000-0000000000aa'],
      });
    });

    it('refuses someone outside the group, naming the role and the setting', async () => {
      expect(await click(app, BOB, { cmd: 'ack', incidentId: 'incident-7' })).toEqual({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: `Sorry, to acknowledge an alert you need the responder role in this bot. Ask a bot admin to add your Entra object id (${BOB}) or one of your groups to ROLE_RESPONDERS.`,
      });
    });

    it('asks nothing for what everyone may do', async () => {
      const before = directory.questions.length;
      const answer = await click(app, BOB, { cmd: 'explain', code: '404104' });
      expect(JSON.stringify(answer)).not.toContain('you need the');
      expect(directory.questions.length).toBe(before);
    });
  });

  describe('with Microsoft Graph (a fake Graph on 127.0.0.1)', () => {
    let app: RunningApp;
    let graph: FakeGraphServer;
    const log = memoryLogger();

    beforeAll(async () => {
      graph = new FakeGraphServer(contractDirectory());
      const baseUrl = await graph.start();
      app = await start(
        new CachedGroupMembership(new GraphGroupMembership({ credential: new FakeCredential(), baseUrl })),
        log,
      );
    });

    afterAll(async () => {
      await app.stop();
      await graph.stop();
    });

    it('fails closed when Graph refuses (no GroupMember.Read.All): says why, logs it, never a 500 or the token', async () => {
      graph.script({
        status: 403,
        body: graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      });
      const answer = await click(app, ALICE, { cmd: 'ack', incidentId: 'incident-7' });
      expect(answer).toEqual({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value:
          "Sorry, I couldn't check your group membership, so I can't tell whether you hold the responder role needed to acknowledge an alert (the bot's identity has not been granted the Microsoft Graph application permissions GroupMember.Read.All and User.Read.All with admin consent). If this keeps happening, tell a bot admin.",
      });
      const warning = log
        .lines()
        .find((l) => l['msg'] === 'Refused a command: group membership could not be checked');
      expect(warning).toMatchObject({ failure: 'missing-permission', status: 403, action: 'acknowledge' });
      expect(String((warning?.['err'] as { message?: unknown } | undefined)?.message)).toContain(
        'GroupMember.Read.All',
      );
      expect(
        log
          .lines()
          .filter((l) => l['audit'] === true)
          .at(-1),
      ).toMatchObject({
        outcome: 'denied',
        detail: 'group-lookup-failed (missing-permission): needs responder',
      });
      expect(log.text()).not.toContain(FAKE_GRAPH_TOKEN);
      expect(JSON.stringify(answer)).not.toContain(FAKE_GRAPH_TOKEN);
    });

    it('once Graph answers, the same member gets through, and the next click is answered from the cache', async () => {
      const before = graph.requests.length;
      expect(JSON.stringify(await click(app, ALICE, { cmd: 'ack', incidentId: 'incident-7' }))).not.toMatch(
        /you need the|group membership/,
      );
      expect(
        JSON.stringify(await click(app, ALICE, { cmd: 'resolve', incidentId: 'incident-7' })),
      ).not.toContain('you need the');
      expect(graph.requests.length - before).toBe(1);
      expect(graph.requests.at(-1)?.path).toBe(`/v1.0/users/${ALICE}/checkMemberGroups`);
    });
  });
});
