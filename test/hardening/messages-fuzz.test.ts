import fc from 'fast-check';
import nock from 'nock';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import {
  NON_JSON_BODIES,
  arbitraryBody,
  everyAnswer,
  fuzzedRoute,
  statusIn,
  withDeepField,
} from '../support/http-fuzz';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { releaseNockAfterThisFile } from '../support/nock-lifetime';
import { isolatedEnv } from '../support/temp-dir';

releaseNockAfterThisFile();

/*
 * Fuzzing /api/messages on the real server: random and mutated activities, wrong content types,
 * huge bodies, deeply nested JSON. Whatever arrives, the answer is a 2xx or a 4xx (never a 5xx)
 * and the process keeps serving. Authentication is off (as in local development) so that the
 * inputs reach the bot itself, not just the token check; replies go to a loopback channel.
 */
describe('fuzz: /api/messages', () => {
  let app: RunningApp;
  let channel: LoopbackChannel;
  let serviceUrl: string;
  let base: string;
  const route = fuzzedRoute(() => `${base}/api/messages`);
  const send = (body: string, contentType?: string) => route.send(body, contentType);

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    app = await startApp(
      readConfig(
        isolatedEnv({
          PORT: '0',
          NODE_ENV: 'test',
          STORAGE: 'file',
        }),
      ),
      { logger: memoryLogger().logger },
    );
    base = `http://127.0.0.1:${app.port}`;
  });

  afterAll(async () => {
    await app.stop();
    await channel.stop();
    nock.enableNetConnect();
  });

  const TEXTS = [
    'help',
    'diagnose sensor-001',
    'status thermostat-42',
    'top disconnects',
    'explain 404104',
    '',
    '도움말',
  ];
  const valid = () => ({
    type: 'message',
    id: 'a-1',
    text: 'help',
    channelId: 'msteams',
    serviceUrl,
    locale: 'en-US',
    deliveryMode: 'expectReplies',
    from: { id: 'user-1', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    recipient: { id: 'bot-1' },
    conversation: { id: 'conversation-1', conversationType: 'personal' },
    channelData: { tenant: { id: 'aaaaaaaa-1111-2222-3333-444444444444' } },
  });
  type Base = ReturnType<typeof valid>;
  const keys = Object.keys(valid()) as (keyof Base)[];

  const mutated = fc
    .record({
      drop: fc.subarray(keys, { maxLength: 3 }),
      replace: fc.dictionary(
        fc.constantFrom(...keys, 'value', 'name', 'membersAdded', 'entities', 'action'),
        fc.jsonValue(),
        {
          maxKeys: 3,
        },
      ),
      type: fc.constantFrom(
        'message',
        'invoke',
        'conversationUpdate',
        'installationUpdate',
        'messageReaction',
        'event',
        'typing',
        'endOfConversation',
        'x',
      ),
      name: fc.constantFrom(
        undefined,
        'adaptiveCard/action',
        'task/fetch',
        'composeExtension/query',
        'signin/verifyState',
        'nope',
      ),
      text: fc.oneof(fc.constantFrom(...TEXTS), fc.string({ maxLength: 200 })),
      value: fc.oneof(
        fc.constant(undefined),
        fc.jsonValue(),
        fc.record({
          action: fc.record({ type: fc.constant('Action.Execute'), verb: fc.string(), data: fc.jsonValue() }),
        }),
        fc.record({
          cmd: fc.constantFrom('diagnose', 'status', 'ack', 'resolve', 'text', 'explain', 'zzz'),
          deviceId: fc.string(),
          text: fc.string(),
          code: fc.string(),
          incidentId: fc.string(),
        }),
      ),
      expectReplies: fc.boolean(),
    })
    .map(({ drop, replace, type, name, text, value, expectReplies }) => {
      const activity: Record<string, unknown> = {
        ...valid(),
        type,
        text,
        ...(name ? { name } : {}),
        ...(value !== undefined ? { value } : {}),
      };
      if (!expectReplies) delete activity['deliveryMode'];
      for (const key of drop) delete activity[key];
      for (const [key, item] of Object.entries(replace)) {
        // A serviceUrl elsewhere than the loopback channel would make the bot call out: keep it local.
        if (key === 'serviceUrl' && typeof item === 'string') continue;
        activity[key] = item;
      }
      return activity;
    });

  it('answers mutated activities with 2xx/4xx only', async () => {
    await everyAnswer(
      route,
      mutated.map((activity) => JSON.stringify(activity)),
      statusIn(200, 500),
      150,
    );
  });

  it('answers arbitrary JSON values and broken JSON with 4xx', async () => {
    await everyAnswer(route, arbitraryBody, statusIn(400, 500), 100);
  });

  it.each(NON_JSON_BODIES)(
    'refuses content type %s with 415 before parsing it',
    async (contentType, body) => {
      expect(await send(body, contentType)).toBe(415);
    },
  );

  it('refuses a body over the size limit with 413', async () => {
    const huge = JSON.stringify({ ...valid(), text: 'x'.repeat(2 * 1024 * 1024) });
    expect(await send(huge)).toBe(413);
  });

  it('survives deeply nested JSON in any field', async () => {
    for (const field of ['value', 'channelData', 'entities', 'text', 'conversation']) {
      const status = await send(withDeepField(valid(), field));
      expect([field, status >= 200 && status < 500]).toEqual([field, true]);
    }
  });

  it('is still healthy and answering afterwards', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const status = await send(JSON.stringify(valid()));
    expect(status).toBe(200);
    // Every fuzz case above was answered; none hung and none was a 5xx.
    expect([...route.statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  });
});
