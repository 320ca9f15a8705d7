/**
 * A watch notice survives a crash between "the watch claimed it" and "the outbox holds it"
 * (issue 18): the bot's live side (buildLive) and the real Outbox run on a store that dies after
 * its k-th write, for every k a tick makes; a second process on the same data then sends the
 * notice, and exactly one card is posted, whatever k was. (A redo after the card went out updates
 * that card in place with the same content: the outbox's job ids are deterministic, its done jobs
 * are not remembered.)
 */
import { CardRenderer } from '../../src/cards/render';
import { buildLive } from '../../src/compose/live';
import { PENDING_TAKEOVER_MS } from '../../src/live/watches';
import { ConversationDirectory, conversationKey } from '../../src/proactive/conversation-address';
import { Outbox, type OutboxItem } from '../../src/proactive/outbox';
import { PostedActivities } from '../../src/proactive/posted-activities';
import type { ConversationAddress } from '../../src/proactive/conversation-address';
import type { OutboundMessage, ProactiveSender } from '../../src/proactive/sender';
import { Subscriptions } from '../../src/proactive/subscriptions';
import { MemoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore, StoreItems } from '../../src/storage/store';
import { WorkQueue } from '../../src/storage/work-queue';
import { cardTexts } from '../support/cards';
import { memoryLogger } from '../support/memory-log';
import { HUB, T0, sequenceNumber } from './event-fixtures';

const CONVERSATION = conversationKey('conv-crash');
const DEVICE = 'pump-station-4';
const S = 1000;

/** The process's view of the disk: after `crashAfter(k)`, k more writes land, then every call fails. */
class DyingStore implements KeyValueStore {
  private writesLeft = Infinity;
  crashed = false;

  constructor(private readonly disk: KeyValueStore) {}

  crashAfter(writes: number): void {
    this.writesLeft = writes;
  }

  private alive(): void {
    if (this.crashed) throw new Error('simulated crash: the process is gone');
  }

  async read(keys: string[]): Promise<StoreItems> {
    this.alive();
    return this.disk.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    this.alive();
    if (this.writesLeft <= 0) {
      this.crashed = true;
      this.alive();
    }
    this.writesLeft--;
    await this.disk.write(changes);
  }

  async delete(keys: string[]): Promise<void> {
    this.alive();
    await this.disk.delete(keys);
  }
}

/** Records what reached the channel: posts (a new card) and updates (the same card again). */
class RecordingSender implements ProactiveSender {
  readonly posts: OutboundMessage[] = [];
  readonly updates: string[] = [];
  async post(_address: ConversationAddress, message: OutboundMessage): Promise<{ activityId: string }> {
    this.posts.push(message);
    return { activityId: `activity-${this.posts.length}` };
  }
  async update(_address: ConversationAddress, activityId: string): Promise<void> {
    this.updates.push(activityId);
  }
}

/** One bot process on `store`: its live side and its outbox, on a clock the test moves. */
function botProcess(store: KeyValueStore, sender: ProactiveSender, clock: () => Date) {
  const { logger } = memoryLogger();
  const live = buildLive({
    store,
    renderer: new CardRenderer(),
    logger,
    clock,
    // No logs: the card goes out without the cause line (the live state is the news).
    logs: () => Promise.reject(new Error('no logs in this test')),
    // The timer parks after its first tick; the test ticks by hand.
    scheduler: { sleep: () => new Promise<void>(() => undefined) },
  });
  const outbox = new Outbox({
    queue: new WorkQueue<OutboxItem>(store, { name: 'outbox', now: () => clock().getTime() }),
    sender,
    source: live.messages,
    directory: new ConversationDirectory(store),
    subscriptions: new Subscriptions(store),
    posted: new PostedActivities(store),
    scheduler: { now: () => clock().getTime(), sleep: async () => undefined },
    logger,
    workerId: 'outbox',
  });
  live.start(outbox);
  return { live, outbox };
}

/** A watched device that dropped at T0 + 10 s, on a fresh disk. */
async function droppedDevice(disk: KeyValueStore, clock: () => Date) {
  await new ConversationDirectory(disk).remember({
    conversationId: 'conv-crash',
    serviceUrl: 'http://127.0.0.1:9/',
    reference: {
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: 'conv-crash' },
      bot: { id: 'bot' },
      user: { id: 'u' },
    },
    storedAt: new Date(T0).toISOString(),
  });
  const { live } = botProcess(disk, new RecordingSender(), clock);
  await live.watches.add(CONVERSATION, { kind: 'device', hub: HUB, deviceId: DEVICE }, { now: new Date(T0) });
  for (const [kind, n] of [
    ['connected', 1],
    ['disconnected', 10],
  ] as const) {
    await live.states.record([
      {
        id: `${DEVICE}-${n}`,
        kind,
        hub: HUB,
        deviceId: DEVICE,
        time: new Date(T0 + n * S).toISOString(),
        sequenceNumber: sequenceNumber(n),
      },
    ]);
  }
  await live.stop();
}

describe('a watch notice across a crash between claim and outbox', () => {
  it('is sent exactly once after a restart, wherever in the tick the process died', async () => {
    const crashPoints: number[] = [];
    for (let writes = 0; ; writes++) {
      const disk = new MemoryStore();
      let now = new Date(T0);
      const clock = () => now;
      await droppedDevice(disk, clock);

      const dying = new DyingStore(disk);
      const first = botProcess(dying, new RecordingSender(), clock);
      await first.live.tick();
      now = new Date(T0 + 10 * S + 2 * 60 * S + 5 * S); // past the 2-minute grace period
      dying.crashAfter(writes);
      const crashed = await first.live.tick().then(
        () => false,
        () => true,
      );
      if (!crashed) break; // the tick made fewer writes than this: every crash point is covered
      crashPoints.push(writes);

      const sender = new RecordingSender();
      const second = botProcess(disk, sender, clock);
      // The first process's claim is taken over once it is old enough to be a dead one's.
      for (const later of [10 * S, PENDING_TAKEOVER_MS, PENDING_TAKEOVER_MS + 60 * S, 20 * 60 * S]) {
        now = new Date(now.getTime() + later);
        await second.live.tick();
        await second.outbox.drain();
      }
      expect([writes, sender.posts.length]).toEqual([writes, 1]);
      // Died after the job was queued but before the claim was cleared: the outbox sent the card,
      // the takeover hands the notice on again, and its job (same id) re-renders the SAME card.
      expect([writes, sender.updates]).toEqual([writes, writes === 4 ? ['activity-1'] : []]);
      expect(cardTexts(sender.posts[0]?.card).join(' ')).toContain(DEVICE);
      await second.live.stop();
    }
    // The claim itself, the stored notice, the outbox job and its index, clearing the claim.
    expect(crashPoints).toEqual([0, 1, 2, 3, 4]);
  });
});
