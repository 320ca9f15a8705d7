import { retryDelay } from '../../src/proactive/backoff';
import { ConversationRateLimiter } from '../../src/proactive/rate-limiter';
import { describeSubscription, parseSubscribe } from '../../src/proactive/subscription-commands';
import { alertLanguageOf, matches, type Subscription } from '../../src/proactive/subscriptions';

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

  it("takes an alert language only when one is named, and words problems in the typer's language", () => {
    expect(parseSubscribe('alerts severity Sev2 language KO')).toEqual({
      kind: 'ok',
      filters: { minSeverity: 'Sev2' },
      language: 'ko',
    });
    expect(parseSubscribe('alerts lang en', 'ko')).toEqual({ kind: 'ok', filters: {}, language: 'en' });
    expect(parseSubscribe('alerts language fr')).toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('Language must be en (English) or ko (Korean)') as unknown,
    });
    expect(parseSubscribe('alerts colour blue', 'ko')).toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('알 수 없는 옵션이에요: "colour"') as unknown,
    });
    expect(alertLanguageOf(sub({}))).toBe('en');
    expect(alertLanguageOf(sub({ language: 'ko' }))).toBe('ko');
    expect(describeSubscription({ hub: 'hub-1', minSeverity: 'Sev1' }, 'ko')).toBe(
      '허브 hub-1, 심각도 Sev1 이상',
    );
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
