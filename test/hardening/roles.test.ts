import { appWithRoles } from '../support/role-app';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const READER = '10000000-0000-0000-0000-000000000001';
const RESPONDER = '10000000-0000-0000-0000-000000000002';
const OUTSIDER = '10000000-0000-0000-0000-000000000009';

/*
 * Roles on the real endpoint: typed commands and card buttons (Action.Execute invokes and
 * Action.Submit messages) are checked against ROLE_* before anything runs, whatever the payload
 * claims, and state-changing attempts land in the audit log.
 */
describe('roles on every command and card action', () => {
  const { activity, post, click, log } = appWithRoles({
    tenantId: TENANT,
    readers: [READER, RESPONDER],
    responders: [RESPONDER],
    admins: ['10000000-0000-0000-0000-0000000000aa'],
  });

  const submit = (objectId: string, data: Record<string, unknown>) =>
    post(activity(objectId, { deliveryMode: 'expectReplies', value: data }));

  const say = (objectId: string, text: string) =>
    post(activity(objectId, { deliveryMode: 'expectReplies', text }));

  const texts = (body: unknown) =>
    ((body as { activities?: { text?: string }[] }).activities ?? []).map((a) => a.text ?? '(card)');

  const auditLines = () => log.lines().filter((l) => l['audit'] === true);

  it('refuses a reader who clicks Acknowledge, says which role and setting, and audits it', async () => {
    const before = auditLines().length;
    expect(await click(READER, { cmd: 'ack', incidentId: 'incident-7' })).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: `Sorry, to acknowledge an alert you need the responder role in this bot. Ask a bot admin to add your Entra object id (${READER}) to ROLE_RESPONDERS.`,
    });
    expect(auditLines().slice(before)).toEqual([
      expect.objectContaining({
        action: 'acknowledge',
        outcome: 'denied',
        target: 'incident-7',
        actor: expect.objectContaining({ objectId: READER, tenantId: TENANT }),
        where: expect.objectContaining({ conversationId: '19:oncall@thread.tacv2', channelId: 'msteams' }),
        detail: 'missing-role: needs responder',
      }),
    ]);
  });

  it('refuses the same button sent as Action.Submit (a message with value)', async () => {
    expect(texts(await submit(READER, { cmd: 'resolve', incidentId: 'incident-7' }))).toEqual([
      expect.stringContaining('to resolve an alert you need the responder role'),
    ]);
  });

  it('refuses a responder who tries an admin action', async () => {
    expect(await click(RESPONDER, { cmd: 'subscribe' })).toMatchObject({
      value: expect.stringContaining('you need the admin role in this bot') as unknown,
    });
  });

  it('lets a responder through the gate and audits the allowed attempt', async () => {
    const before = auditLines().length;
    const answer = (await click(RESPONDER, { cmd: 'ack', incidentId: 'incident-7' })) as { value?: unknown };
    expect(JSON.stringify(answer)).not.toContain('you need the');
    expect(auditLines().slice(before)).toEqual([
      expect.objectContaining({
        action: 'acknowledge',
        outcome: 'allowed',
        actor: expect.objectContaining({ objectId: RESPONDER }),
      }),
    ]);
  });

  it('lets a reader use read-only buttons and questions without audit noise', async () => {
    const before = auditLines().length;
    expect(texts(await say(READER, 'help'))).toEqual(['(card)']);
    const answer = await click(READER, { cmd: 'explain', code: '404104' });
    expect(JSON.stringify(answer)).not.toContain('you need the');
    expect(auditLines().length).toBe(before);
  });

  it('refuses typed incident and subscription commands by role, and lets readers list incidents', async () => {
    expect(texts(await say(READER, 'ack 3fa2c1'))).toEqual([
      expect.stringContaining('to acknowledge an alert you need the responder role'),
    ]);
    expect(texts(await say(READER, '<at>IoT triage</at> resolve 3fa2c1 fixed the cert'))).toEqual([
      expect.stringContaining('to resolve an alert you need the responder role'),
    ]);
    expect(texts(await say(RESPONDER, 'subscribe alerts severity Sev2'))).toEqual([
      expect.stringContaining('to subscribe a conversation to alerts you need the admin role'),
    ]);
    expect(texts(await say(RESPONDER, 'unsubscribe'))).toEqual([
      expect.stringContaining('you need the admin role'),
    ]);
    expect(texts(await say(READER, 'incidents'))).toEqual(['No open incidents.']);
  });

  it('refuses someone in the tenant who holds no role at all, even for help', async () => {
    expect(texts(await say(OUTSIDER, 'help'))).toEqual([
      `Sorry, to ask about the logs you need the reader role in this bot. Ask a bot admin to add your Entra object id (${OUTSIDER}) to ROLE_READERS.`,
    ]);
  });

  it('answers a Korean client in Korean', async () => {
    const body = await post(
      activity(READER, {
        deliveryMode: 'expectReplies',
        locale: 'ko-KR',
        value: { cmd: 'ack', incidentId: 'i' },
      }),
    );
    expect(texts(body)[0]).toMatch(
      /^죄송합니다\. 알림 확인 작업에는 이 봇의 대응\(responder\) 역할이 필요합니다/,
    );
  });

  it("refuses in the language the user chose with 'language ko', whatever the client's locale", async () => {
    const korean = '10000000-0000-0000-0000-000000000003';
    // A reader's own setting: allowed, and stored for the next turns.
    await post(
      activity(READER, {
        deliveryMode: 'expectReplies',
        text: 'language ko',
        from: { id: `user-${korean}`, aadObjectId: READER },
      }),
    );
    const body = await post(
      activity(READER, {
        deliveryMode: 'expectReplies',
        text: 'ack incident-7',
        from: { id: `user-${korean}`, aadObjectId: READER },
      }),
    );
    const [refusal] = texts(body);
    expect(refusal).toContain('대응(responder)');
    expect(refusal).toContain('ROLE_RESPONDERS');
  });

  it('decides on the object id, not the display name', async () => {
    const body = await post(
      activity(READER, {
        deliveryMode: 'expectReplies',
        from: { id: 'user-x', name: RESPONDER, aadObjectId: READER },
        value: { cmd: 'ack', incidentId: 'i' },
      }),
    );
    expect(texts(body)[0]).toContain('you need the responder role');
  });
});
