import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ConversationDirectory, conversationKey } from '../../src/proactive/conversation-address';
import { Outbox, type MessageSource, type OutboxItem } from '../../src/proactive/outbox';
import { PostedActivities } from '../../src/proactive/posted-activities';
import type { Scheduler } from '../../src/proactive/scheduler';
import { Subscriptions } from '../../src/proactive/subscriptions';
import { BotFrameworkSender } from '../../src/hosting/proactive-sender';
import { MemoryStore } from '../../src/storage/memory-store';
import { WorkQueue } from '../../src/storage/work-queue';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';

/** Virtual time: sleeping advances the clock at once and is recorded. */
class VirtualClock implements Pick<Scheduler, 'now' | 'sleep'> {
  time = Date.parse('2026-03-02T10:00:00Z');
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

const source: MessageSource = {
  render: async (subject) => ({
    card: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: JSON.stringify(subject) }],
    },
    summary: 'alert',
  }),
};

async function setup(channel: LoopbackChannel) {
  const serviceUrl = await channel.start();
  const store = new MemoryStore();
  const clock = new VirtualClock();
  const directory = new ConversationDirectory(store);
  const subscriptions = new Subscriptions(store);
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
  const conversationId = 'conv-1';
  const key = conversationKey(conversationId);
  await directory.remember({
    conversationId,
    serviceUrl,
    reference: {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: conversationId },
      bot: { id: 'bot' },
      user: { id: 'u' },
    },
    storedAt: new Date(clock.time).toISOString(),
  });
  await subscriptions.put({ conversationKey: key, createdBy: { id: 'u', name: 'u' }, createdAt: 'x' });
  const outbox = new Outbox({
    queue: new WorkQueue<OutboxItem>(store, { name: 'outbox', now: () => clock.now() }),
    sender: new BotFrameworkSender(adapter, ''),
    source,
    directory,
    subscriptions,
    posted: new PostedActivities(store),
    scheduler: clock,
    logger: memoryLogger().logger,
    workerId: 'w1',
    random: () => 0.5,
  });
  const item = (n: number): OutboxItem => ({
    conversationKey: key,
    thread: `incident:${n}:${key}`,
    subject: { kind: 'incident', incidentId: String(n) },
  });
  return { outbox, clock, item, key, directory, subscriptions };
}

describe('Outbox against a loopback channel', () => {
  let channel: LoopbackChannel;
  beforeEach(() => {
    channel = new LoopbackChannel();
  });
  afterEach(async () => channel.stop());

  it('honours 429 Retry-After, then posts once', async () => {
    const { outbox, clock, item } = await setup(channel);
    let calls = 0;
    channel.respond = () =>
      ++calls === 1 ? { status: 429, headers: { 'Retry-After': '7' } } : { status: 200, body: { id: 'a1' } };
    await outbox.enqueue(item(1));
    await outbox.drain();
    const posts = channel.received.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    // The wait before the successful try was at least the 7 s the channel asked for.
    expect(Math.max(...clock.sleeps)).toBeGreaterThanOrEqual(7_000);
  });

  it('retries 502/503/504 with back-off and gives up after the allowed attempts', async () => {
    const { outbox, clock, item } = await setup(channel);
    channel.respond = () => ({ status: 503 });
    await outbox.enqueue(item(2));
    await outbox.drain();
    expect(channel.received).toHaveLength(8);
    // Back-off grows: later waits are longer than the first.
    expect(clock.sleeps[clock.sleeps.length - 1]).toBeGreaterThan(clock.sleeps[0] as number);
  });

  it.each([502, 504, 412])('retries %i and then delivers once', async (status) => {
    const { outbox, item } = await setup(channel);
    let calls = 0;
    channel.respond = () => (++calls <= 2 ? { status } : { status: 200, body: { id: 'ok' } });
    await outbox.enqueue(item(5));
    await outbox.drain();
    expect(channel.received).toHaveLength(3);
  });

  it('updates the same activity on a second send of one thread', async () => {
    const { outbox, item } = await setup(channel);
    channel.respond = () => ({ status: 200, body: { id: 'card-9' } });
    await outbox.enqueue(item(3));
    await outbox.drain();
    await outbox.enqueue(item(3));
    await outbox.drain();
    expect(channel.received.map((r) => r.method)).toEqual(['POST', 'PUT']);
    expect(channel.received[1]?.path).toBe('/v3/conversations/conv-1/activities/card-9');
  });

  it('forgets the conversation and its subscription on 403 (bot removed)', async () => {
    const { outbox, item, key, directory, subscriptions } = await setup(channel);
    channel.respond = () => ({ status: 403, body: { error: { code: 'MessageWritesBlocked' } } });
    await outbox.enqueue(item(4));
    await outbox.drain();
    expect(channel.received).toHaveLength(1);
    expect(await directory.get(key)).toBeUndefined();
    expect(await subscriptions.forConversation(key)).toBeUndefined();
  });

  it('stays under Teams per-conversation limits in a burst', async () => {
    const { outbox, clock, item } = await setup(channel);
    const sentAt: number[] = [];
    channel.respond = () => {
      sentAt.push(clock.now());
      return { status: 200, body: { id: `a${sentAt.length}` } };
    };
    for (let n = 10; n < 80; n++) await outbox.enqueue(item(n));
    await outbox.drain();
    expect(sentAt).toHaveLength(70);
    for (const t of sentAt) {
      expect(sentAt.filter((s) => s >= t && s < t + 1_000).length).toBeLessThanOrEqual(7);
      expect(sentAt.filter((s) => s >= t && s < t + 30_000).length).toBeLessThanOrEqual(60);
    }
  });
});
