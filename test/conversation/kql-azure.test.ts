/**
 * `kql` against Log Analytics (the real Azure SDK client, a FAKE service on its HTTP seam): the text
 * reaches the service unchanged (`render` and tables the bot's schema does not describe included),
 * in the named hub's workspace, with the window as the API timespan.
 */
import { Conversation } from '../../src/conversation/conversation';
import { hubDirectoryFromSettings } from '../../src/diagnosis/hubs';
import { AzureLogsBackend } from '../../src/logs/azure/azure-logs-backend';
import type { LogsTable } from '../../src/logs/backend';
import { FakeLogAnalyticsHttpClient, fakeAnswers, fakeCredential } from '../fakes/fake-log-analytics-http';

const DEFAULT_WORKSPACE = '11111111-2222-3333-4444-555555555555';
const LAB_WORKSPACE = '99999999-2222-3333-4444-555555555555';
const NOW = new Date('2026-03-02T10:00:00Z');

const heartbeats: LogsTable = {
  name: 'PrimaryResult',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'count_', type: 'long' },
  ],
  rows: [
    [new Date('2026-03-02T08:00:00Z'), 4],
    [new Date('2026-03-02T09:00:00Z'), 7],
  ],
};

function conversationOver(fake: FakeLogAnalyticsHttpClient): Conversation {
  const logs = new AzureLogsBackend({
    credential: fakeCredential,
    workspaceId: DEFAULT_WORKSPACE,
    httpClient: fake,
    retryOptions: { maxRetries: 0, retryDelayInMs: 1, maxRetryDelayInMs: 1 },
  });
  const hubs = hubDirectoryFromSettings([{ name: 'contoso-lab-hub', workspaceId: LAB_WORKSPACE }]);
  return new Conversation({
    dataSource: () => 'Log Analytics',
    logs: async () => ({ logs, hubs, now: () => NOW }),
    clock: () => NOW,
  });
}

describe('kql against Log Analytics (fake service)', () => {
  it('passes the text unchanged with the last 24 hours as the timespan, and charts render timechart', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.tables(heartbeats));
    const query = 'Heartbeat\n| summarize count() by bin(TimeGenerated, 1h)\n| render timechart';
    const outcome = await conversationOver(fake).handleMessage({ text: `kql ${query}`, locale: 'en' });
    expect(fake.queries).toHaveLength(1);
    expect(fake.queries[0]).toMatchObject({
      workspaceId: DEFAULT_WORKSPACE,
      query,
      timespan: '2026-03-01T10:00:00.000Z/2026-03-02T10:00:00.000Z',
    });
    const [reply] = outcome.replies;
    expect(reply?.kind === 'card' && reply.card.template).toBe('query-result');
    expect(reply?.kind === 'card' && reply.card.data).toMatchObject({ hasLine: true });
  });

  it('runs in the named hub workspace over `last 7d`', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.tables(heartbeats));
    await conversationOver(fake).handleMessage({
      text: 'kql last 7d hub contoso-lab-hub AzureDiagnostics | take 5',
      locale: 'en',
    });
    expect(fake.queries[0]).toMatchObject({
      workspaceId: LAB_WORKSPACE,
      query: 'AzureDiagnostics | take 5',
      timespan: '2026-02-23T10:00:00.000Z/2026-03-02T10:00:00.000Z',
    });
  });

  it('still stops a syntax error before the service, even in a table the bot does not know', async () => {
    const fake = new FakeLogAnalyticsHttpClient();
    const outcome = await conversationOver(fake).handleMessage({
      text: 'kql Heartbeat | take',
      locale: 'en',
    });
    expect(fake.queries).toHaveLength(0);
    expect(outcome.replies[0]).toMatchObject({ kind: 'text', text: expect.stringContaining('^') });
  });

  it('answers a refusal of the service with a clear message and Retry, never a stack', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.forbidden());
    const outcome = await conversationOver(fake).handleMessage({
      text: 'kql AzureDiagnostics | take 1',
      locale: 'en',
    });
    const [reply] = outcome.replies;
    expect(reply?.kind === 'card' && reply.card.template).toBe('error');
    const text = JSON.stringify(reply);
    expect(text).toContain("I'm not allowed to read these logs.");
    expect(text).toContain('"cmd":"kql"');
    expect(text).not.toMatch(/\\n\s+at /);
  });
});
