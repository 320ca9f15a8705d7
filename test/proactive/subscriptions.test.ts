import { retryDelay } from '../../src/proactive/backoff';
import { ConversationRateLimiter } from '../../src/proactive/rate-limiter';
import { parseSubscribe } from '../../src/proactive/subscription-commands';
import { matches, type Subscription } from '../../src/proactive/subscriptions';

const sub = (filters: Partial<Subscription>): Subscription => ({
  conversationKey: 'c',
  createdBy: { id: 'u', name: 'u' },
  createdAt: 't',
  ...filters,
});

describe('subscriptions', () => {
  it('parses filters in any order', () => {
    expect(parseSubscribe('alerts for hub hub-1 severity Sev2')).toEqual({
      kind: 'ok',
      filters: { hub: 'hub-1', minSeverity: 'Sev2' },
    });
    expect(parseSubscribe('alerts severity sev0 resource provisioningservices')).toEqual({
      kind: 'ok',
      filters: { minSeverity: 'Sev0', resource: 'provisioningservices' },
    });
    expect(parseSubscribe('alerts')).toEqual({ kind: 'ok', filters: {} });
    expect(parseSubscribe('alerts for hub')).toMatchObject({ kind: 'usage' });
    expect(parseSubscribe('alerts colour blue')).toMatchObject({ kind: 'usage' });
    expect(parseSubscribe("alerts for hub x';drop")).toMatchObject({ kind: 'usage' });
  });

  it('matches on severity (at least as severe), hub (any case) and resource text', () => {
    const alert = {
      severity: 'Sev2' as const,
      resourceNames: ['CONTOSO-HUB'],
      targets: ['/subscriptions/s/x/iothubs/contoso-hub'],
    };
    expect(matches(sub({}), alert)).toBe(true);
    expect(matches(sub({ minSeverity: 'Sev2' }), alert)).toBe(true);
    expect(matches(sub({ minSeverity: 'Sev1' }), alert)).toBe(false);
    expect(matches(sub({ hub: 'contoso-hub' }), alert)).toBe(true);
    expect(matches(sub({ hub: 'other-hub' }), alert)).toBe(false);
    expect(matches(sub({ resource: 'IOTHUBS' }), alert)).toBe(true);
    expect(matches(sub({ resource: 'provisioningservices' }), alert)).toBe(false);
  });
});

describe('rate limits and back-off', () => {
  it('waits until the oldest send leaves the 1 s window', () => {
    const limiter = new ConversationRateLimiter([{ count: 2, windowInMs: 1_000 }]);
    limiter.record('c', 0);
    limiter.record('c', 100);
    expect(limiter.delayFor('c', 200)).toBe(800);
    expect(limiter.delayFor('other', 200)).toBe(0);
    expect(limiter.delayFor('c', 1_000)).toBe(0);
  });

  it('never retries sooner than Retry-After, and backs off exponentially without it', () => {
    expect(retryDelay(1, 7_000, { random: () => 0 })).toBe(7_000);
    expect(retryDelay(1, 7_000, { random: () => 1 })).toBe(7_250);
    const noHeader = [1, 2, 3, 4].map((attempt) => retryDelay(attempt, undefined, { random: () => 0.5 }));
    expect(noHeader).toEqual([750, 1_500, 3_000, 6_000]);
    expect(retryDelay(20, undefined, { random: () => 1 })).toBe(60_000);
  });
});
