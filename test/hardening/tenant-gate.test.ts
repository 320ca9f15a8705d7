import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';

const ALLOWED_TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const FOREIGN_TENANT = 'ffffffff-1111-2222-3333-444444444444';

/*
 * The tenant allow-list on the real HTTP endpoint (anonymous Bot Framework auth, as in local
 * development, so the test is about tenants only). Replies come back in the HTTP body
 * (deliveryMode expectReplies); a loopback channel catches anything sent the other way.
 */
describe('tenant allow-list on /api/messages', () => {
  let app: RunningApp;
  let channel: LoopbackChannel;
  let serviceUrl: string;
  let log: ReturnType<typeof memoryLogger>;

  beforeAll(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    log = memoryLogger();
    app = await startApp(
      readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALLOWED_TENANT_IDS: ALLOWED_TENANT })),
      {
        logger: log.logger,
      },
    );
  });

  afterAll(async () => {
    await app.stop();
    await channel.stop();
  });

  function activity(
    tenantId: string | undefined,
    overrides: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return {
      type: 'message',
      id: 'activity-1',
      text: 'help',
      channelId: 'msteams',
      serviceUrl,
      locale: 'en-US',
      deliveryMode: 'expectReplies',
      from: { id: 'user-1', name: 'Visitor', aadObjectId: '00000000-0000-0000-0000-00000000000f' },
      recipient: { id: 'bot-1' },
      conversation: { id: 'conversation-1', conversationType: 'personal' },
      ...(tenantId ? { channelData: { tenant: { id: tenantId } } } : {}),
      ...overrides,
    };
  }

  async function post(body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  function replyTexts(body: unknown): string[] {
    const activities = (body as { activities?: { text?: string }[] } | undefined)?.activities ?? [];
    return activities.map((a) => a.text ?? '(card)');
  }

  it('answers a message from another tenant with one polite sentence, and logs it', async () => {
    const { status, body } = await post(activity(FOREIGN_TENANT));
    expect(status).toBe(200);
    expect(replyTexts(body)).toEqual([
      "Sorry, this bot isn't enabled for your organization (tenant). To use it, ask the team that runs the bot to add your organization to its allow-list (ALLOWED_TENANT_IDS).",
    ]);
    const warning = log.lines().find((l) => l['msg'] === 'Refused a turn from a tenant that is not allowed');
    expect(warning).toMatchObject({
      level: 'warn',
      reason: 'tenant-not-allowed',
      tenantId: FOREIGN_TENANT,
      activityType: 'message',
      fromObjectId: '00000000-0000-0000-0000-00000000000f',
    });
  });

  it('answers in Korean to a Korean client', async () => {
    const { body } = await post(activity(FOREIGN_TENANT, { locale: 'ko-KR' }));
    expect(replyTexts(body)[0]).toMatch(/^죄송합니다\. 이 봇은 귀하의 조직\(테넌트\)/);
  });

  it('refuses an activity without a tenant, and one whose two tenant fields disagree', async () => {
    expect(replyTexts((await post(activity(undefined))).body)[0]).toMatch(
      /isn't enabled for your organization/,
    );
    const mixed = activity(ALLOWED_TENANT, {
      conversation: { id: 'conversation-1', conversationType: 'personal', tenantId: FOREIGN_TENANT },
    });
    expect(replyTexts((await post(mixed)).body)[0]).toMatch(/isn't enabled for your organization/);
  });

  it('answers a card button (adaptiveCard/action invoke) from another tenant with the refusal in place of the card', async () => {
    const { status, body } = await post(
      activity(FOREIGN_TENANT, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        deliveryMode: undefined,
        value: { action: { type: 'Action.Execute', verb: 'ack', data: { cmd: 'ack', incidentId: 'i-1' } } },
      }),
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: expect.stringMatching(/isn't enabled for your organization/),
    });
  });

  it('refuses other invokes from another tenant with 403', async () => {
    const { status } = await post(
      activity(FOREIGN_TENANT, { type: 'invoke', name: 'task/fetch', value: {}, deliveryMode: undefined }),
    );
    expect(status).toBe(403);
  });

  it('stays silent on other activity types from another tenant (typing, reactions)', async () => {
    const { status, body } = await post(activity(FOREIGN_TENANT, { type: 'typing', text: undefined }));
    expect(status).toBe(200);
    expect(replyTexts(body)).toEqual([]);
  });

  it('lets the allowed tenant through to the bot (help card)', async () => {
    const { status, body } = await post(activity(ALLOWED_TENANT.toUpperCase()));
    expect(status).toBe(200);
    expect(replyTexts(body)).toEqual(['(card)']);
  });
});
