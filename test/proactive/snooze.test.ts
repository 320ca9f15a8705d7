import { buildAlerting } from '../../src/compose/alerting';
import { CardRenderer } from '../../src/cards/render';
import { ConversationDirectory, conversationKey } from '../../src/proactive/conversation-address';
import type { Scheduler } from '../../src/proactive/scheduler';
import { Subscriptions } from '../../src/proactive/subscriptions';
import { MemoryStore } from '../../src/storage/memory-store';
import { alertId, logSearchAlert } from '../alerts/payloads';
import { cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';

class VirtualClock implements Pick<Scheduler, 'now' | 'sleep'> {
  time = Date.parse('2026-03-02T10:30:00Z');
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

describe('Snooze 1h', () => {
  it('refreshes the posted card when the snooze ends, on the injected clock', async () => {
    const channel = new LoopbackChannel();
    const serviceUrl = await channel.start();
    const store = new MemoryStore();
    const clock = new VirtualClock();
    const conversationId = 'conv-snooze';
    await new ConversationDirectory(store).remember({
      conversationId,
      serviceUrl,
      reference: {
        channelId: 'msteams',
        serviceUrl,
        conversation: { id: conversationId },
        bot: { id: 'bot' },
      },
      storedAt: 'x',
    });
    await new Subscriptions(store).put({
      conversationKey: conversationKey(conversationId),
      createdBy: { id: 'u', name: 'u' },
      createdAt: 'x',
    });
    const logs = demoLogs(new Date('2026-03-02T10:00:00Z'), new Date(clock.time));
    const alerting = buildAlerting({
      store,
      bot: { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' },
      renderer: new CardRenderer(),
      logger: memoryLogger().logger,
      logs: async () => ({ logs, now: () => new Date(clock.now()) }),
      clock: () => new Date(clock.now()),
      scheduler: clock,
    });
    try {
      const accepted = await alerting.intake.accept(
        logSearchAlert({ id: alertId('z1'), deviceId: 'camera-lobby-02' }),
      );
      const id = accepted.body['id'] as string;
      await alerting.drain();
      expect(channel.received.map((r) => r.method)).toEqual(['POST']);

      await alerting.desk.snooze(id, { id: 'u1', name: 'Ana' });
      await alerting.drain();
      const puts = channel.received.filter((r) => r.method === 'PUT');
      const texts = puts.map((p) =>
        cardTexts((p.body.attachments as { content: unknown }[])[0]?.content).join('\n'),
      );
      expect(texts).toHaveLength(2);
      expect(texts[0]).toContain('Snoozed until 2026-03-02 11:30 UTC');
      expect(texts[1]).toContain('Open (snooze ended)');
      expect(clock.time).toBeGreaterThanOrEqual(Date.parse('2026-03-02T11:30:00Z'));
    } finally {
      await channel.stop();
    }
  });
});
