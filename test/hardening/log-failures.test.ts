import {
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { AzureLogsBackend } from '../../src/logs/azure/azure-logs-backend';
import { FakeLogAnalyticsHttpClient, fakeAnswers, fakeCredential } from '../fakes/fake-log-analytics-http';
import { adaptiveCardOf, cardTexts } from '../support/cards';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';

const WORKSPACE = '0b6a6b5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';

/** The fake service behind a switchable network: "down" fails every request before it is sent. */
class FlakyNetwork implements HttpClient {
  down = false;
  constructor(readonly service: FakeLogAnalyticsHttpClient) {}
  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    if (this.down)
      throw new RestError('connect ECONNREFUSED 127.0.0.1:443', { code: 'ECONNREFUSED', request });
    return this.service.sendRequest(request);
  }
}

/*
 * What a user sees when Log Analytics misbehaves, end to end: the real app and the real Azure SDK
 * client, with only the network replaced by a FAKE Log Analytics service.
 */
describe('log backend failures, as the user sees them', () => {
  let app: RunningApp;
  let channel: LoopbackChannel;
  let serviceUrl: string;
  let network: FlakyNetwork;

  beforeAll(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    network = new FlakyNetwork(FakeLogAnalyticsHttpClient.answeringFrom(() => []));
    const logs = new AzureLogsBackend({
      workspaceId: WORKSPACE,
      credential: fakeCredential,
      httpClient: network,
    });
    app = await startApp(readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test' })), {
      logger: memoryLogger().logger,
      logs,
    });
  });

  afterAll(async () => {
    await app.stop();
    await channel.stop();
  });

  async function ask(text: string): Promise<string[]> {
    const before = channel.received.length;
    const response = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `a-${Math.random()}`,
        text,
        channelId: 'msteams',
        serviceUrl,
        locale: 'en-US',
        deliveryMode: 'expectReplies',
        from: { id: 'user-1', aadObjectId: '00000000-0000-0000-0000-000000000001' },
        recipient: { id: 'bot-1' },
        conversation: { id: 'conversation-1', conversationType: 'personal' },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: unknown[] };
    const all = [...body.activities, ...channel.received.slice(before).map((r) => r.body)];
    return all.flatMap((activity) => {
      const card = adaptiveCardOf(activity);
      if (card) return cardTexts(card);
      const text = (activity as { text?: string }).text;
      return text ? [text] : [];
    });
  }

  const retryButtons = (texts: string[]) => texts.filter((t) => t === 'Retry').length;

  it('throttled with a long Retry-After: says it is busy and offers Retry, at once', async () => {
    network.service.refuseNextRequest(fakeAnswers.throttled('60'));
    const texts = await ask('diagnose sensor-001');
    expect(texts).toContain(
      'Log Analytics is throttling queries right now. Log Analytics is busy (too many queries at once). Try again in 60 s.',
    );
    expect(retryButtons(texts)).toBeGreaterThan(0);
  });

  it('throttled with a short Retry-After: retries within the turn and answers', async () => {
    network.service.refuseNextRequest(fakeAnswers.throttled('1'));
    const texts = await ask('diagnose sensor-001');
    expect(texts[0]).toBe('No records for sensor-001');
  });

  it('timeout: says what was too slow and suggests a smaller window', async () => {
    network.service.refuseNextRequest(fakeAnswers.gatewayTimeout());
    const texts = await ask('diagnose sensor-001');
    expect(texts.join('\n')).toContain(
      'Log Analytics did not finish the query in time. Try a shorter time window or a narrower question',
    );
    expect(retryButtons(texts)).toBeGreaterThan(0);
  });

  it('403: names the role the bot is missing and on which workspace', async () => {
    network.service.refuseNextRequest(fakeAnswers.forbidden());
    expect((await ask('diagnose sensor-001')).join('\n')).toContain(
      `Grant it the 'Log Analytics Reader' role on workspace ${WORKSPACE}`,
    );
  });

  it('bad query: says the service rejected it, with the reason', async () => {
    network.service.refuseNextRequest(
      fakeAnswers.badQuery({
        code: 'SyntaxError',
        message: 'A recognition error occurred.',
        innererror: { code: 'SYN0002', message: "Query could not be parsed at 'x'" },
      }),
    );
    expect((await ask('diagnose sensor-001')).join('\n')).toContain(
      "Log Analytics rejected the query: Query could not be parsed at 'x' (SYN0002)",
    );
  });

  it('partial results: answers with a visible warning', async () => {
    network.service.enqueue(
      // Some data and an error: the service hit a limit part-way (an error without data is a failure).
      fakeAnswers.partial(
        [{ name: 'PrimaryResult', columns: [{ name: 'TimeGenerated', type: 'datetime' }], rows: [] }],
        {
          code: 'PartialError',
          message: 'Query result set has exceeded the internal limit',
        },
      ),
    );
    const texts = await ask('diagnose sensor-001');
    expect(texts[0]).toBe('No records for sensor-001');
    expect(texts.join('\n')).toContain('Partial results: the service returned only part of the data');
  });

  it('network down: says it cannot reach Log Analytics, then fails fast (circuit open) and /readyz says so', async () => {
    network.down = true;
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        expect((await ask('diagnose sensor-001')).join('\n')).toContain(
          'Could not reach Log Analytics (ECONNREFUSED). Check the network connection of the bot and try again.',
        );
      }
      const requestsBefore = network.service.requests.length;
      const texts = await ask('diagnose sensor-001');
      expect(texts.join('\n')).toMatch(
        /Log Analytics could not be reached several times in a row, so the bot is not asking it again for \d+ s/,
      );
      expect(retryButtons(texts)).toBeGreaterThan(0);
      const ready = await fetch(`http://127.0.0.1:${app.port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'not ready',
        checks: expect.arrayContaining([
          expect.objectContaining({
            name: 'logs-circuit',
            ok: false,
            detail: expect.stringMatching(/^open; last failure: unavailable at /),
          }),
        ]),
      });
      // Still alive for everything that needs no logs.
      expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
      expect(network.service.requests.length).toBe(requestsBefore);
    } finally {
      network.down = false;
    }
  });
});
