/**
 * `kql` through the real app over HTTP (embedded demo logs): who may run it (ROLE_KQL unset: the
 * responder role), the audit entry every query leaves although it changes nothing, and the Next
 * button as an `adaptiveCard/action` invoke.
 */
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { cardTexts } from '../support/cards';
import { channelTurns } from '../support/channel-turns';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';
import { DEMO_NOW, demoLogs } from '../conversation/demo-logs';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const READER = '20000000-0000-0000-0000-000000000001';
const RESPONDER = '20000000-0000-0000-0000-000000000002';
const QUERY = 'AzureDiagnostics | project TimeGenerated, Category, OperationName | sort by TimeGenerated asc';

describe('kql over HTTP: role, audit, paging invoke', () => {
  let app: RunningApp;
  let channel: LoopbackChannel;
  let serviceUrl: string;
  const log = memoryLogger();

  beforeAll(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    app = await startApp(
      readConfig(
        isolatedEnv({
          PORT: '0',
          NODE_ENV: 'test',
          ALLOWED_TENANT_IDS: TENANT,
          ROLE_READERS: `${READER},${RESPONDER}`,
          ROLE_RESPONDERS: RESPONDER,
          ROLE_ADMINS: '20000000-0000-0000-0000-0000000000aa',
        }),
      ),
      { logger: log.logger, logs: demoLogs(), clock: () => DEMO_NOW },
    );
  });
  afterAll(async () => {
    await app.stop();
    await channel.stop();
  });

  const { activity, post, click } = channelTurns({
    port: () => app.port,
    serviceUrl: () => serviceUrl,
    tenantId: TENANT,
  });
  const say = async (objectId: string, text: string) => {
    const body = (await post(activity(objectId, { deliveryMode: 'expectReplies', text }))) as {
      activities?: { text?: string; attachments?: { content: unknown }[] }[];
    };
    return body.activities ?? [];
  };
  const audited = () => log.lines().filter((l) => l['audit'] === true && l['action'] === 'runQuery');

  it('refuses a reader (ROLE_KQL unset means responders) and audits the refusal', async () => {
    const [reply] = await say(READER, `kql ${QUERY}`);
    expect(reply?.text).toContain('Sorry, to run a KQL query you need the responder role in this bot.');
    expect(audited().map((l) => [l['outcome'], l['target']])).toContainEqual(['denied', QUERY]);
  });

  it('runs it for a responder, audits the query, and pages with an invoke', async () => {
    const replies = await say(RESPONDER, `kql ${QUERY}`);
    const card = replies.find((a) => a.attachments?.[0])?.attachments?.[0]?.content;
    expect(cardTexts(card).join('\n')).toContain('KQL result');
    expect(audited().map((l) => [l['outcome'], l['target'], l['actor']])).toContainEqual([
      'allowed',
      QUERY,
      expect.objectContaining({ objectId: RESPONDER }),
    ]);
    const answer = (await click(RESPONDER, { cmd: 'kql', query: QUERY, page: 2 })) as {
      statusCode: number;
      value: unknown;
    };
    expect(answer.statusCode).toBe(200);
    expect(cardTexts(answer.value).join('\n')).toMatch(/showing 21–40/);
    const refused = JSON.stringify(await click(READER, { cmd: 'kql', query: QUERY, page: 2 }));
    expect(refused).toContain('run a KQL query');
  });
});
