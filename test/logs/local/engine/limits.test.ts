import { LogsQueryError } from '../../../../src/logs/backend';
import { QUERY_LIMIT_CODE } from '../../../../src/logs/local/evaluator/limits';
import { LOCAL_DATA_SET, LocalLogsBackend } from '../../../../src/logs/local/local-backend';
import { connectionRows } from '../worker/seed';
import { NOW, engineWith } from './engine-helper';

const WEEK = { duration: 'P7D' } as const;
const SELF_JOIN = 'AzureDiagnostics | join kind=inner (AzureDiagnostics) on Category | count';
const engine = engineWith(connectionRows(3000, NOW));

function thrown(run: () => unknown): LogsQueryError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogsQueryError);
    return error as LogsQueryError;
  }
  throw new Error('expected the query to fail');
}

describe('query limits of the embedded engine', () => {
  it('stops a join past the operator row limit while it pairs, saying the limit and what to do', () => {
    const error = thrown(() =>
      engine.query(SELF_JOIN, WEEK, { limits: { maxOperatorRows: 100_000, maxOperatorCells: Infinity } }),
    );
    expect(error.kind).toBe('bad-query');
    expect(error.details.code).toBe(QUERY_LIMIT_CODE);
    expect(error.message).toContain('The join produced more than 100,000 rows');
    expect(error.message).toContain('Add a where before the join');
    expect(error.message).toContain('summarize first');
  });

  it('counts cells, so a wide join stops sooner than a narrow one', () => {
    const limits = { maxOperatorRows: Infinity, maxOperatorCells: 1_000_000 };
    expect(thrown(() => engine.query(SELF_JOIN, WEEK, { limits })).message).toContain('1,000,000 cells');
    const narrow =
      'AzureDiagnostics | project Category | join kind=inner (AzureDiagnostics | project Category | take 300) on Category | count';
    // 3,000 × 300 rows of two columns: 1.8 million cells.
    expect(thrown(() => engine.query(narrow, WEEK, { limits })).message).toContain('cells');
    const narrower = narrow.replace('take 300', 'take 100');
    expect(engine.query(narrower, WEEK, { limits })[0]?.rows).toEqual([[300_000]]);
  });

  it('reads the cancel flag inside a join, not only between operators', () => {
    let polls = 0;
    const error = thrown(() =>
      engine.query(SELF_JOIN, WEEK, {
        limits: { maxOperatorRows: Infinity, maxOperatorCells: Infinity },
        // Cancelled once the join is under way: the few operator boundaries have passed by then.
        isCancelled: () => ++polls > 20,
      }),
    );
    expect(error.kind).toBe('timeout');
    expect(polls).toBe(21);
  });

  it('reads the cancel flag between chunks of a long summarize', () => {
    const kql = 'AzureDiagnostics | summarize avg(DurationMs) by OperationName';
    const pollsOver = (rows: number, cancelAt = Infinity): number => {
      let polls = 0;
      try {
        engineWith(connectionRows(rows, NOW)).query(
          kql,
          { duration: 'P30D' },
          { isCancelled: () => ++polls >= cancelAt },
        );
      } catch (error) {
        expect(error).toMatchObject({ kind: 'timeout' });
      }
      return polls;
    };
    // 20,000 rows are three chunks of 8,192, 100 rows one: two polls more, inside the summarize.
    const polls = pollsOver(20_000);
    expect(polls - pollsOver(100)).toBe(2);
    // Cancelled at the last chunk's poll: the summarize stops there.
    expect(pollsOver(20_000, polls)).toBe(polls);
  });

  /** Runs `kql` over `rows` rows, cancelling at the `cancelAt`-th poll: how often it polled, and its error. */
  function cancelPollsOf(
    kql: string,
    rows: number,
    cancelAt: number,
  ): { polls: number; error?: LogsQueryError } {
    let polls = 0;
    try {
      engineWith(connectionRows(rows, NOW)).query(
        kql,
        { duration: 'P30D' },
        { isCancelled: () => ++polls >= cancelAt },
      );
      return { polls };
    } catch (error) {
      return { polls, error: error as LogsQueryError };
    }
  }

  it('reads the cancel flag inside a where over derived rows (computed columns, joins), not only on stored tables', () => {
    // `d` is computed, so the where runs over derived rows, not through the planner.
    const kql = 'AzureDiagnostics | extend d = DurationMs * 2 | where d > 1000 | count';
    const pollsOver = (rows: number, cancelAt = Infinity) => cancelPollsOf(kql, rows, cancelAt);
    // 20,000 rows are three chunks of 8,192, 100 rows one: two polls more in the extend, two in the where.
    const { polls } = pollsOver(20_000);
    expect(polls - pollsOver(100).polls).toBe(4);
    // Cancelled at the where's last chunk: it ends there with the limit's error, before count runs.
    const stopped = pollsOver(20_000, polls - 1);
    expect(stopped.polls).toBe(polls - 1);
    expect(stopped.error?.kind).toBe('timeout');
  });

  it('reads the cancel flag inside a where over a stored table (the planner), not only between operators', () => {
    // `DurationMs * 2 > 1000` is no index, mask or range: the planner evaluates it row by row.
    const kql = 'AzureDiagnostics | where DurationMs * 2 > 1000 | count';
    const pollsOver = (rows: number, cancelAt = Infinity) => cancelPollsOf(kql, rows, cancelAt);
    // 20,000 rows are three chunks of 8,192, 100 rows one: two polls more, inside the where.
    const { polls } = pollsOver(20_000);
    expect(polls - pollsOver(100).polls).toBe(2);
    // Cancelled at the where's last chunk: it ends there, before count runs.
    const stopped = pollsOver(20_000, polls - 1);
    expect(stopped.polls).toBe(polls - 1);
    expect(stopped.error?.kind).toBe('timeout');
    expect(stopped.error?.message).toContain('cancelled');
  });

  it('stops a slow where over a stored table when its time limit passes mid-scan', () => {
    const kql = 'AzureDiagnostics | where DurationMs * 2 > 1000 | count';
    const deadline = 1_000_000;
    let clock = deadline - 1;
    const now = jest.spyOn(Date, 'now').mockImplementation(() => clock);
    try {
      /** Polls of the query over `rows` rows; the clock passes the deadline at poll `passAt`. */
      const run = (rows: number, passAt = Infinity): { polls: number; error?: LogsQueryError } => {
        let polls = 0;
        clock = deadline - 1;
        try {
          engineWith(connectionRows(rows, NOW)).query(
            kql,
            { duration: 'P30D' },
            {
              deadline,
              timeLimitSeconds: 5,
              isCancelled: () => {
                if (++polls === passAt) clock = deadline + 1;
                return false;
              },
            },
          );
          return { polls };
        } catch (error) {
          return { polls, error: error as LogsQueryError };
        }
      };
      const { polls } = run(20_000);
      // The where's chunks of 8,192 rows are what 20,000 rows poll more than 100 do.
      expect(polls - run(100).polls).toBe(2);
      // The time limit passes at the where's second chunk (before count and the result's poll).
      const stopped = run(20_000, polls - 3);
      expect(stopped.polls).toBe(polls - 3);
      expect(stopped.error?.kind).toBe('timeout');
      expect(stopped.error?.message).toContain('time limit of 5 s');
    } finally {
      now.mockRestore();
    }
  });

  it('names the time limit it stopped at', () => {
    const error = thrown(() =>
      engine.query(SELF_JOIN, WEEK, { deadline: Date.now() - 1, timeLimitSeconds: 12 }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('time limit of 12 s');
  });

  it('truncates a result at the byte limit while it is built, as a partial failure that names the limit', () => {
    const result = engine.queryResult('AzureDiagnostics | project properties_s', WEEK, {
      limits: { maxResultBytes: 10_000 },
    });
    expect(result.status).toBe('PartialFailure');
    const rows = result.tables[0]?.rows ?? [];
    const bytes = rows.reduce((sum, row) => sum + 2 * String(row[0]).length, 0);
    expect(bytes).toBeLessThanOrEqual(10_000);
    expect(rows.length).toBeGreaterThan(0);
    expect(result.status === 'PartialFailure' && result.partialError.message).toContain('10 KB');
  });

  it('answers a self-join through the in-process backend with the default limits, never running out of memory', async () => {
    const backend = new LocalLogsBackend(engine);
    const error = await backend.query(LOCAL_DATA_SET, SELF_JOIN, WEEK).then(
      () => undefined,
      (e: unknown) => e as LogsQueryError,
    );
    expect(error?.details.code).toBe(QUERY_LIMIT_CODE);
  });
});
