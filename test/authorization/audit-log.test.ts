import { LoggerAuditLog } from '../../src/authorization';
import { memoryLogger } from '../support/memory-log';

describe('audit log', () => {
  it('writes who, what, when, where and the outcome as one structured line marked audit', async () => {
    const log = memoryLogger();
    await new LoggerAuditLog(log.logger).record({
      at: new Date('2026-12-01T10:00:00Z'),
      actor: { objectId: 'u-1', tenantId: 't-1', name: 'Kim' },
      action: 'acknowledge',
      target: 'incident-42',
      where: { channelId: 'msteams', conversationId: '19:abc@thread.tacv2', conversationType: 'channel' },
      outcome: 'allowed',
    });
    expect(log.lines()).toEqual([
      expect.objectContaining({
        audit: true,
        at: '2026-12-01T10:00:00.000Z',
        actor: { objectId: 'u-1', tenantId: 't-1', name: 'Kim' },
        action: 'acknowledge',
        target: 'incident-42',
        where: { channelId: 'msteams', conversationId: '19:abc@thread.tacv2', conversationType: 'channel' },
        outcome: 'allowed',
        msg: 'audit: acknowledge allowed',
      }),
    ]);
  });
});
