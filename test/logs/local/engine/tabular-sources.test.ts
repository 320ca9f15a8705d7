/**
 * range, getschema, sample, as and union isfuzzy=true, with the expected results of the Kusto
 * documentation's examples (range-operator, getschema-operator, as-operator, union-operator).
 */
import { columns, d, engineWith, queryError, rows } from './engine-helper';
import { DIAG } from './fixtures';

const engine = engineWith({ AzureDiagnostics: DIAG });

describe('range', () => {
  it('steps from start while the value is at most stop (Steps: 1, 4, 7)', () => {
    expect(columns(engine, 'range Steps from 1 to 8 step 3')).toEqual(['Steps:long']);
    expect(rows(engine, 'range Steps from 1 to 8 step 3')).toEqual([[1], [4], [7]]);
  });

  it('ranges over datetimes with a timespan step, and unions two ranges (the documentation example)', () => {
    const kql = `let Range1 = range Time from datetime(2024-01-01) to datetime(2024-01-05) step 1d;
      let Range2 = range Time from datetime(2024-01-06) to datetime(2024-01-10) step 1d;
      union Range1, Range2
      | order by Time asc`;
    expect(columns(engine, kql)).toEqual(['Time:datetime']);
    expect(rows(engine, kql)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((day) => [d(`2024-01-${String(day).padStart(2, '0')}T00:00:00Z`)]),
    );
  });

  it('counts down with a negative step, gives no rows when the step points away, and reals do not drift', () => {
    expect(rows(engine, 'range x from 3 to 1 step -1')).toEqual([[3], [2], [1]]);
    expect(rows(engine, 'range x from 1 to 3 step -1')).toEqual([]);
    expect(rows(engine, 'range x from 0.0 to 0.3 step 0.1 | count')).toEqual([[4]]);
  });

  it('is bounded by the operator row limit before it allocates', () => {
    const error = queryError(engine, 'range x from 1 to 1000000000000 step 1 | count');
    expect(error.message).toContain('The range produced more than 5,000,000 rows');
  });
});

describe('getschema', () => {
  it('lists name, ordinal, CLR type and Kusto type of every column, as Kusto prints them', () => {
    const kql = `datatable(s:string, b:bool, i:int, l:long, r:real, t:datetime, ts:timespan, dyn:dynamic)[]
      | getschema`;
    expect(columns(engine, kql)).toEqual([
      'ColumnName:string',
      'ColumnOrdinal:long',
      'DataType:string',
      'ColumnType:string',
    ]);
    expect(rows(engine, kql)).toEqual([
      ['s', 0, 'System.String', 'string'],
      ['b', 1, 'System.SByte', 'bool'],
      ['i', 2, 'System.Int32', 'int'],
      ['l', 3, 'System.Int64', 'long'],
      ['r', 4, 'System.Double', 'real'],
      ['t', 5, 'System.DateTime', 'datetime'],
      ['ts', 6, 'System.TimeSpan', 'timespan'],
      ['dyn', 7, 'System.Object', 'dynamic'],
    ]);
  });

  it('describes a table and a pipeline', () => {
    expect(rows(engine, 'AzureDiagnostics | getschema | where ColumnName == "TimeGenerated"')).toEqual([
      ['TimeGenerated', 1, 'System.DateTime', 'datetime'],
    ]);
    expect(
      rows(
        engine,
        'AzureDiagnostics | summarize n = count() by Level | getschema | project ColumnName, ColumnType',
      ),
    ).toEqual([
      ['Level', 'string'],
      ['n', 'long'],
    ]);
  });
});

describe('sample', () => {
  it('returns N distinct rows of the input, or all of them when it has fewer', () => {
    const picked = rows(engine, 'range x from 1 to 100 step 1 | sample 10');
    expect(picked).toHaveLength(10);
    const values = picked.map((r) => r[0] as number);
    expect(new Set(values).size).toBe(10);
    for (const v of values) expect(v >= 1 && v <= 100).toBe(true);
    expect(rows(engine, 'range x from 1 to 3 step 1 | sample 10')).toEqual([[1], [2], [3]]);
    expect(rows(engine, 'range x from 1 to 3 step 1 | sample 0')).toEqual([]);
  });

  it('picks different rows across runs (it is a random sample, not the first N)', () => {
    const seen = new Set<string>();
    for (let run = 0; run < 20; run++)
      seen.add(JSON.stringify(rows(engine, 'range x from 1 to 1000 step 1 | sample 3')));
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('as', () => {
  it("names the union's withsource values (the documentation example)", () => {
    const kql = `range x from 1 to 10 step 1
      | as T1
      | union withsource=TableName (range x from 1 to 10 step 1 | as T2)
      | summarize n = count() by TableName`;
    expect(rows(engine, kql)).toEqual([
      ['T1', 10],
      ['T2', 10],
    ]);
  });

  it('a piped union names its left input after the table or the as before it', () => {
    expect(
      rows(
        engine,
        'AzureDiagnostics | union withsource=Src (AzureDiagnostics | take 1) | summarize n = count() by Src',
      ),
    ).toEqual([
      ['AzureDiagnostics', DIAG.length],
      ['union_arg1', 1],
    ]);
  });

  it('lets the right side of a join read the left side by its name', () => {
    const kql = `AzureDiagnostics
      | where Category == "Connections"
      | as T
      | where OperationName == "deviceConnect"
      | join kind=inner (T | where OperationName == "deviceDisconnect") on $left.DurationMs == $right.DurationMs
      | count`;
    // Connects last 10, 30 and 1 ms, disconnects null and 5 ms: no pair has equal durations.
    expect(rows(engine, kql)).toEqual([[0]]);
    const same = `AzureDiagnostics | where Category == "Connections" | as T
      | join kind=inner (T) on OperationName | summarize n = count() by OperationName | order by OperationName asc`;
    expect(rows(engine, same)).toEqual([
      ['deviceConnect', 9],
      ['deviceDisconnect', 4],
    ]);
  });
});

describe('union isfuzzy=true', () => {
  it('skips a name that is no table, and fails only when none of them is one', () => {
    expect(rows(engine, 'union isfuzzy=true AzureDiagnostics, NoSuchTable | count')).toEqual([[DIAG.length]]);
    const error = queryError(engine, 'union isfuzzy=true NoSuchTable, NorThisOne | count');
    expect(error.kind).toBe('bad-query');
    expect(error.message).toContain('None of the tables');
    expect(error.message).toContain('AzureDiagnostics, AzureMetrics');
  });

  it('without isfuzzy an unknown table is an error that lists the tables', () => {
    expect(queryError(engine, 'union AzureDiagnostics, NoSuchTable').message).toContain(
      'AzureDiagnostics, AzureMetrics',
    );
  });
});
