/**
 * `kql` through the real app over HTTP (embedded demo logs): who may run it (ROLE_KQL unset: the
 * responder role), the audit entry every query leaves although it changes nothing, and the Next
 * button as an `adaptiveCard/action` invoke.
 */
import { appWithRoles } from '../support/role-app';
import { cardTexts } from '../support/cards';
import { DEMO_NOW, demoLogs } from '../conversation/demo-logs';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const READER = '20000000-0000-0000-0000-000000000001';
const RESPONDER = '20000000-0000-0000-0000-000000000002';
const QUERY = 'AzureDiagnostics | project TimeGenerated, Category, OperationName | sort by TimeGenerated asc';

describe('kql over HTTP: role, audit, paging invoke', () => {
  const { activity, post, click, log } = appWithRoles({
    tenantId: TENANT,
    readers: [READER, RESPONDER],
    responders: [RESPONDER],
    admins: ['20000000-0000-0000-0000-0000000000aa'],
    overrides: { logs: demoLogs(), clock: () => DEMO_NOW },
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
