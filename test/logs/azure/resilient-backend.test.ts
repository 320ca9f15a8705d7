import {
  LogsQueryError,
  type LogsBackend,
  type LogsQueryResult,
  type LogsTarget,
} from '../../../src/logs/backend';
import { ResilientLogsBackend } from '../../../src/logs/resilient-backend';
import { AZURE_DIAGNOSTICS_TABLES } from '../../../src/logs/schema';

const WORKSPACE: LogsTarget = { kind: 'workspace', id: '11111111-2222-3333-4444-555555555555' };

const DAY = { duration: 'P1D' };
const OK: LogsQueryResult = { status: 'Success', tables: [] };

/** A FAKE backend whose next answers are scripted: a result or an error kind. */
class ScriptedBackend implements LogsBackend {
  readonly description = {
    serviceName: 'Scripted Log Analytics',
    inProcess: false,
    ingestionLatency: true,
    defaultTarget: WORKSPACE,
    tables: AZURE_DIAGNOSTICS_TABLES,
  };
  calls = 0;
  private readonly script: (LogsQueryResult | LogsQueryError)[] = [];

  then(...answers: (LogsQueryResult | LogsQueryError)[]): this {
    this.script.push(...answers);
    return this;
  }

  async query(): Promise<LogsQueryResult> {
    this.calls += 1;
    const next = this.script.shift() ?? OK;
    if (next instanceof LogsQueryError) throw next;
    return next;
  }

  async queryBatch(): Promise<never[]> {
    this.calls += 1;
    return [];
  }
}

const down = (): LogsQueryError =>
  new LogsQueryError('unavailable', 'Could not reach Log Analytics (ECONNREFUSED).');

function breakerOver(inner: ScriptedBackend): { backend: ResilientLogsBackend; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return {
    backend: new ResilientLogsBackend(inner, {
      failureThreshold: 3,
      coolDownInMs: 30_000,
      now: () => clock.now,
    }),
    clock,
  };
}

describe('ResilientLogsBackend (circuit breaker)', () => {
  it('opens after three consecutive unavailable failures and then fails fast without calling the backend', async () => {
    const inner = new ScriptedBackend().then(down(), down(), down());
    const { backend } = breakerOver(inner);
    for (let i = 0; i < 3; i += 1)
      await expect(backend.query(WORKSPACE, 'q', DAY)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(backend.health()).toMatchObject({
      state: 'open',
      lastError: { kind: 'unavailable', message: expect.stringContaining('ECONNREFUSED') },
    });

    const error = await backend.query(WORKSPACE, 'q', DAY).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'unavailable',
      // The fail-fast message names the service the inner backend describes.
      message: expect.stringMatching(/^Scripted Log Analytics could not be reached/),
      details: { code: 'CircuitOpen', retryAfterInMs: 30_000 },
    });
    expect(inner.calls).toBe(3);
  });

  it('lets one trial through after the cool-down; success closes the circuit', async () => {
    const inner = new ScriptedBackend().then(down(), down(), down(), OK);
    const { backend, clock } = breakerOver(inner);
    for (let i = 0; i < 3; i += 1) await backend.query(WORKSPACE, 'q', DAY).catch(() => undefined);
    clock.now += 30_000;
    expect(backend.health().state).toBe('half-open');
    await expect(backend.query(WORKSPACE, 'q', DAY)).resolves.toEqual(OK);
    expect(backend.health().state).toBe('closed');
    expect(inner.calls).toBe(4);
  });

  it('a failed trial re-opens the circuit for another cool-down', async () => {
    const inner = new ScriptedBackend().then(down(), down(), down(), down());
    const { backend, clock } = breakerOver(inner);
    for (let i = 0; i < 3; i += 1) await backend.query(WORKSPACE, 'q', DAY).catch(() => undefined);
    clock.now += 30_000;
    await expect(backend.query(WORKSPACE, 'q', DAY)).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    expect(backend.health().state).toBe('open');
    await expect(backend.query(WORKSPACE, 'q', DAY)).rejects.toMatchObject({
      details: { code: 'CircuitOpen' },
    });
    expect(inner.calls).toBe(4);
  });

  it('only one trial runs at a time while half-open', async () => {
    const inner = new ScriptedBackend().then(down(), down(), down());
    const { backend, clock } = breakerOver(inner);
    for (let i = 0; i < 3; i += 1) await backend.query(WORKSPACE, 'q', DAY).catch(() => undefined);
    clock.now += 30_000;
    const trial = backend.query(WORKSPACE, 'q', DAY);
    await expect(backend.query(WORKSPACE, 'q', DAY)).rejects.toMatchObject({
      details: { code: 'CircuitOpen' },
    });
    await expect(trial).resolves.toEqual(OK);
  });

  it('does not count answers that prove the service is reachable (bad query, throttled, forbidden, timeout)', async () => {
    const inner = new ScriptedBackend().then(
      down(),
      down(),
      new LogsQueryError('bad-query', 'bad'),
      down(),
      down(),
      new LogsQueryError('throttled', 'busy'),
      down(),
      down(),
    );
    const { backend } = breakerOver(inner);
    for (let i = 0; i < 8; i += 1) await backend.query(WORKSPACE, 'q', DAY).catch(() => undefined);
    expect(backend.health().state).toBe('closed');
    expect(inner.calls).toBe(8);
  });

  it("passes results and the inner backend's description through", async () => {
    const inner = new ScriptedBackend();
    const { backend } = breakerOver(inner);
    expect(backend.description).toBe(inner.description);
    await expect(backend.queryBatch([])).resolves.toEqual([]);
    expect(backend.health()).toEqual({ state: 'closed' });
  });
});
