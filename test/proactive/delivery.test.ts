import { readConfig } from '../../src/config/config';
import { BlobStore } from '../../src/storage/blob-store';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore } from '../../src/storage/store';
import { logSearchAlert, alertId } from '../alerts/payloads';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel, type ReceivedActivity } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';

const SECRET = 'delivery-secret-0123456789';
const NOW = new Date('2026-03-02T10:30:00Z');
const logs = demoLogs(new Date('2026-03-02T10:00:00Z'), NOW);

async function app(storage: KeyValueStore): Promise<RunningApp> {
  return startApp(readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: SECRET })), {
    logger: memoryLogger().logger,
    storage,
    logs,
    clock: () => NOW,
    alertPollInMs: 25,
  });
}

function postAlert(target: RunningApp, body: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${target.port}/api/alerts?code=${SECRET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function subscribe(target: RunningApp, serviceUrl: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${target.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: 'sub-1',
      text: 'subscribe alerts',
      channelId: 'msteams',
      serviceUrl,
      from: { id: 'u1', name: 'Ana', aadObjectId: 'aad-ana' },
      recipient: { id: 'bot' },
      conversation: { id: 'conv-ops', conversationType: 'channel' },
    }),
  });
  expect(response.status).toBeLessThan(300);
}

const newPosts = (channel: LoopbackChannel): ReceivedActivity[] =>
  channel.received.filter((r) => r.method === 'POST' && r.path === '/v3/conversations/conv-ops/activities');

/** Waits until `check` holds, polling the channel (the apps work in the background). */
async function eventually(check: () => boolean, what: string, timeoutInMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('alert storms', () => {
  it('posts the first three alerts of a rule as cards, then one digest card updated in place', async () => {
    const channel = new LoopbackChannel();
    const serviceUrl = await channel.start();
    const bot = await app(new MemoryStore());
    try {
      await subscribe(bot, serviceUrl);
      for (let n = 1; n <= 6; n++) {
        const response = await postAlert(bot, logSearchAlert({ id: alertId(`s${n}`), rule: 'Storm rule' }));
        expect(response.status).toBe(202);
        // One at a time, so the order of cards is the order of alerts.
        await eventually(() => channel.received.length >= 1 + Math.min(n, 4), `alert ${n} delivered`);
      }
      await eventually(
        () =>
          cardTexts((channel.received.at(-1)?.body.attachments as { content: unknown }[])[0]?.content)
            .join(' ')
            .includes('3 more alerts'),
        'the digest listing three alerts',
      );
      const posts = newPosts(channel);
      expect(posts).toHaveLength(4); // three incident cards and one digest
      const digest = cardTexts((posts[3]?.body.attachments as { content: unknown }[])[0]?.content).join('\n');
      expect(digest).toContain('Alert storm');
      expect(channel.received.filter((r) => r.method === 'PUT').length).toBeGreaterThanOrEqual(1);
    } finally {
      await bot.stop();
      await channel.stop();
    }
  });
});

describe('two bot processes sharing Blob storage (Azurite)', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => azurite?.stop());

  it('deliver each alert exactly once, whichever instance received it', async () => {
    const channel = new LoopbackChannel();
    const serviceUrl = await channel.start();
    const first = await app(new BlobStore(azurite.connectionString, 'scale-out'));
    const second = await app(new BlobStore(azurite.connectionString, 'scale-out'));
    try {
      await subscribe(first, serviceUrl);
      const ids = new Set<string>();
      for (let n = 1; n <= 6; n++) {
        // Each alert arrives twice, once at each instance (Azure Monitor retrying after a timeout).
        const body = logSearchAlert({ id: alertId(`x${n}`), rule: `Rule ${n}` });
        const [a, b] = await Promise.all([
          postAlert(n % 2 ? first : second, body),
          postAlert(n % 2 ? second : first, body),
        ]);
        expect([a.status, b.status]).toEqual([202, 202]);
        const answers = [(await a.json()) as { id: string }, (await b.json()) as { id: string }];
        expect(answers[0]?.id).toBe(answers[1]?.id);
        ids.add(answers[0]?.id as string);
      }
      await eventually(() => newPosts(channel).length >= 6, 'six incident cards');
      // Give both instances time to (wrongly) post again.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const posted = newPosts(channel).map((p) =>
        cardTexts((p.body.attachments as { content: unknown }[])[0]?.content).join(' '),
      );
      expect(posted).toHaveLength(6);
      for (const id of ids) expect(posted.filter((text) => text.includes(id))).toHaveLength(1);
    } finally {
      await first.stop();
      await second.stop();
      await channel.stop();
    }
  });
});
