import { LogsQueryError } from '../../../../src/logs/backend';
import { LOCAL_DATA_SET, LocalLogsBackend } from '../../../../src/logs/local/local-backend';
import { d, engineWith } from './engine-helper';
import { DIAG } from './fixtures';

const backend = new LocalLogsBackend(engineWith({ AzureDiagnostics: DIAG }));
const count = 'AzureDiagnostics | count';
const countOf = (result: Awaited<ReturnType<typeof backend.query>>): unknown =>
  result.tables[0]?.rows[0]?.[0];

describe('LocalLogsBackend', () => {
  it('describes an in-process data set that is complete as loaded', () => {
    expect(backend.description).toMatchObject({
      inProcess: true,
      ingestionLatency: false,
      defaultTarget: LOCAL_DATA_SET,
    });
  });

  it('restricts TimeGenerated to the timespan (start inclusive, end exclusive)', async () => {
    // Rows at 08:00, 09:00, 09:30, 10:00, 11:00 on May 10 and one on May 1.
    const result = await backend.query(LOCAL_DATA_SET, count, {
      startTime: d('2024-05-10T09:00:00Z'),
      endTime: d('2024-05-10T10:00:00Z'),
    });
    expect(result.status).toBe('Success');
    expect(countOf(result)).toBe(2);
  });

  it('intersects the timespan with the query filter', async () => {
    const result = await backend.query(
      LOCAL_DATA_SET,
      'AzureDiagnostics | where TimeGenerated > ago(3h) | count',
      {
        duration: 'P30D',
      },
    );
    expect(countOf(result)).toBe(3); // 09:30, 10:00, 11:00
    const narrower = await backend.query(
      LOCAL_DATA_SET,
      'AzureDiagnostics | where TimeGenerated > ago(3h) | count',
      { duration: 'PT2H' },
    );
    expect(countOf(narrower)).toBe(2); // [10:00, 12:00): 10:00 (start inclusive) and 11:00
  });

  it('measures a duration back from the engine clock, or forward from a start time', async () => {
    expect(countOf(await backend.query(LOCAL_DATA_SET, count, { duration: 'PT24H' }))).toBe(5);
    expect(countOf(await backend.query(LOCAL_DATA_SET, count, { duration: 'P10D' }))).toBe(6);
    expect(
      countOf(
        await backend.query(LOCAL_DATA_SET, count, {
          startTime: d('2024-05-10T09:00:00Z'),
          duration: 'PT90M',
        }),
      ),
    ).toBe(3);
  });

  it('rejects a malformed duration as a bad query', async () => {
    await expect(backend.query(LOCAL_DATA_SET, count, { duration: '24 hours' })).rejects.toMatchObject({
      kind: 'bad-query',
    });
  });

  it('reports bad KQL as a bad-query error', async () => {
    await expect(
      backend.query(LOCAL_DATA_SET, 'AzureDiagnostics | where', { duration: 'P1D' }),
    ).rejects.toBeInstanceOf(LogsQueryError);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      backend.query(LOCAL_DATA_SET, count, { duration: 'P1D' }, { abortSignal: controller.signal }),
    ).rejects.toMatchObject({
      kind: 'timeout',
    });
    await expect(
      backend.queryBatch([{ target: LOCAL_DATA_SET, kql: count, timespan: { duration: 'P1D' } }], {
        abortSignal: controller.signal,
      }),
    ).rejects.toMatchObject({
      kind: 'timeout',
    });
  });

  it('runs each query of a batch, failures as data, in order', async () => {
    const results = await backend.queryBatch([
      { target: LOCAL_DATA_SET, kql: count, timespan: { duration: 'P1D' } },
      {
        target: LOCAL_DATA_SET,
        kql: 'AzureDiagnostics | partition by Category (take 1)',
        timespan: { duration: 'P1D' },
      },
      {
        target: LOCAL_DATA_SET,
        kql: 'AzureDiagnostics | where Level == "Error" | count',
        timespan: { duration: 'P30D' },
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(['Success', 'Failure', 'Success']);
    expect(results[0]?.status === 'Success' && results[0].tables[0]?.rows).toEqual([[5]]);
    expect(results[1]?.status === 'Failure' && results[1].error.kind).toBe('bad-query');
    expect(results[2]?.status === 'Success' && results[2].tables[0]?.rows).toEqual([[3]]);
  });

  it('truncates results past the row limit as a partial failure', async () => {
    const small = new LocalLogsBackend(engineWith({ AzureDiagnostics: DIAG }), { maxResultRows: 4 });
    const result = await small.query(LOCAL_DATA_SET, 'AzureDiagnostics', { duration: 'P30D' });
    expect(result.status).toBe('PartialFailure');
    expect(result.tables[0]?.rows).toHaveLength(4);
  });
});
