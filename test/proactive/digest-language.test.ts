/**
 * An alert storm in a Korean-subscribed conversation: the single cards and the digest that groups
 * the rest are Korean, through the real outbox to a loopback channel.
 */
import { CardRenderer } from '../../src/cards/render';
import { buildAlerting } from '../../src/compose/alerting';
import { ConversationDirectory, conversationKey } from '../../src/proactive/conversation-address';
import { Subscriptions } from '../../src/proactive/subscriptions';
import { MemoryStore } from '../../src/storage/memory-store';
import { alertId, logSearchAlert } from '../alerts/payloads';
import { cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';

const NOW = new Date('2026-03-02T10:30:00Z');

describe('alert storm digest in the conversation language', () => {
  it('posts Korean incident cards, then a Korean digest', async () => {
    const channel = new LoopbackChannel();
    const serviceUrl = await channel.start();
    const store = new MemoryStore();
    const conversationId = 'conv-storm-ko';
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
      language: 'ko',
      createdBy: { id: 'u', name: 'Minji Kim' },
      createdAt: 'x',
    });
    const logs = demoLogs(new Date('2026-03-02T10:00:00Z'), NOW);
    const alerting = buildAlerting({
      store,
      bot: { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' },
      renderer: new CardRenderer(),
      logger: memoryLogger().logger,
      logs: async () => ({ logs, now: () => NOW }),
      clock: () => NOW,
    });
    try {
      for (let n = 1; n <= 5; n++) {
        await alerting.intake.accept(logSearchAlert({ id: alertId(`storm-ko-${n}`), rule: 'Storm rule' }));
        await alerting.drain();
      }
      const cards = channel.received.map((r) => ({
        method: r.method,
        text: cardTexts((r.body.attachments as { content: unknown }[])[0]?.content).join('\n'),
        summary: r.body['summary'],
      }));
      const posts = cards.filter((c) => c.method === 'POST');
      expect(posts).toHaveLength(4); // three incident cards and one digest
      expect(posts[0]?.text).toContain('타임라인');
      const digest = cards.at(-1);
      expect(digest?.text).toContain('⚠️ 경고 폭주: Storm rule 경고 2건 추가');
      expect(digest?.text).toContain('열기');
      expect(digest?.text).not.toContain('Alert storm');
      expect(digest?.summary).toBe('Storm rule 경고 2건 추가');
    } finally {
      await channel.stop();
    }
  });
});
