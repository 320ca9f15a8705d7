import { makeFinding } from '../../src/diagnosis/finding';
import { rankFindings } from '../../src/diagnosis/rank';
import { connect, disconnect, renewal, timeline } from './events';

describe('rankFindings', () => {
  const events = timeline(
    connect(0),
    ...renewal(60),
    disconnect(200, '404104'),
    connect(203, '403012'),
    connect(210, '409002'),
  );
  const [, unauthorized, closed, , isolated, disabled, conflict] = events;

  it('puts error/critical before warning before info, then more evidence first', () => {
    const renewalFinding = makeFinding('iothub.401003.token-renewal', events.slice(1, 4), {
      confidence: 0.95,
    });
    const ranked = rankFindings([
      renewalFinding,
      makeFinding('iothub.409002.link-conflict', [conflict!], { confidence: 0.8 }),
      makeFinding('iothub.403012.device-disabled', [disabled!], { confidence: 0.9 }),
      makeFinding('data.partial-results', [], { confidence: 1 }),
    ]);
    expect(ranked.map((f) => f.id)).toEqual([
      'iothub.403012.device-disabled',
      'iothub.409002.link-conflict',
      'iothub.401003.token-renewal',
      'data.partial-results',
    ]);
  });

  it('a benign token renewal with more evidence never outranks a real failure', () => {
    const ranked = rankFindings([
      makeFinding('iothub.401003.token-renewal', events.slice(1, 4), { confidence: 0.95 }),
      makeFinding('iothub.404104.closed-remotely', [isolated!], { confidence: 0.7 }),
    ]);
    expect(ranked[0]?.id).toBe('iothub.404104.closed-remotely');
  });

  it('removes a renewal pair from generic findings and drops the emptied ones', () => {
    const ranked = rankFindings([
      makeFinding('iothub.401003.token-renewal', events.slice(1, 4), { confidence: 0.95 }),
      makeFinding('iothub.401003.unexplained', [unauthorized!], { confidence: 0.6, params: { count: 1 } }),
      makeFinding('iothub.404104.closed-remotely', [closed!, isolated!], {
        confidence: 0.7,
        params: { count: 2 },
      }),
    ]);
    expect(ranked.map((f) => f.id)).toEqual(['iothub.404104.closed-remotely', 'iothub.401003.token-renewal']);
    expect(ranked[0]?.evidence).toEqual([isolated]);
    expect(ranked[0]?.params.count).toBe(1);
  });

  it('puts a fleet event covering the disconnect first, even before another critical finding', () => {
    const ranked = rankFindings([
      makeFinding('iothub.403002.quota-exceeded', [disabled!, conflict!], { confidence: 0.95 }),
      makeFinding('fleet.mass-disconnect', [isolated!], { confidence: 0.8 }),
      makeFinding('iothub.404104.closed-remotely', [isolated!], { confidence: 0.7 }),
    ]);
    expect(ranked.map((f) => f.id)).toEqual(['fleet.mass-disconnect', 'iothub.403002.quota-exceeded']);
  });

  it('ranks data.* findings below every finding with evidence, even an info one', () => {
    const ranked = rankFindings([
      makeFinding('data.no-diagnostics', [], { confidence: 0.9 }),
      makeFinding('iothub.401003.token-renewal', events.slice(1, 4), { confidence: 0.95 }),
    ]);
    expect(ranked.map((f) => f.id)).toEqual(['iothub.401003.token-renewal', 'data.no-diagnostics']);
  });
});
