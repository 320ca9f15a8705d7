/**
 * Window functions over a serialized row set (issue #17): row_cumsum with the documented examples,
 * prev/next with offset and default, and the error Kusto gives when the row set is not serialized
 * (the rules of the serialize operator's docs).
 */
import { DIAG } from './fixtures';
import { engineWith, queryError, rows } from './engine-helper';

const engine = engineWith({ AzureDiagnostics: DIAG });

describe('row_cumsum (documented examples)', () => {
  it('the running sum of the first even integers', () => {
    expect(
      rows(
        engine,
        'datatable (a:long) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] | where a%2==0 | serialize cs=row_cumsum(a)',
      ),
    ).toEqual([
      [2, 2],
      [4, 6],
      [6, 12],
      [8, 20],
      [10, 30],
    ]);
  });
  it('restarts where the restart predicate holds (partitioned by name)', () => {
    const q = `datatable (name:string, month:int, salary:long)
      ["Alice", 1, 1000, "Bob", 1, 1000, "Alice", 2, 2000, "Bob", 2, 1950, "Alice", 3, 1400, "Bob", 3, 1450]
      | order by name asc, month asc
      | extend total=row_cumsum(salary, name != prev(name))`;
    expect(rows(engine, q)).toEqual([
      ['Alice', 1, 1000, 1000],
      ['Alice', 2, 2000, 3000],
      ['Alice', 3, 1400, 4400],
      ['Bob', 1, 1000, 1000],
      ['Bob', 2, 1950, 2950],
      ['Bob', 3, 1450, 4400],
    ]);
  });
  it('sums reals; a null adds nothing', () => {
    expect(
      rows(engine, 'datatable(x:real)[1.5, real(null), 2] | serialize c = row_cumsum(x) | project c'),
    ).toEqual([[1.5], [1.5], [3.5]]);
  });
  it('over a table after order by and the operators that keep the order', () => {
    const q = `AzureDiagnostics | order by TimeGenerated asc | where isnotnull(DurationMs) | project DurationMs
      | extend total = row_cumsum(DurationMs)`;
    const result = rows(engine, q);
    let sum = 0;
    expect(result.length).toBeGreaterThan(2);
    for (const [duration, total] of result) {
      sum += duration as number;
      expect(total).toBe(sum);
    }
  });
});

describe('prev / next with offset and default', () => {
  const q = (expr: string): unknown[] =>
    rows(engine, `datatable(x:long)[1, 2, 3, 4] | serialize | extend v = ${expr} | project v`).map(
      (r) => r[0],
    );
  it('offset 2 and a default past the ends', () => {
    expect(q('prev(x, 2, -1)')).toEqual([-1, -1, 1, 2]);
    expect(q('next(x, 2, -1)')).toEqual([3, 4, -1, -1]);
  });
  it('without a default: null past the ends (empty for strings)', () => {
    expect(q('next(x)')).toEqual([2, 3, 4, null]);
    expect(
      rows(engine, "datatable(s:string)['a', 'b'] | serialize | extend p = prev(s) | project p").map(
        (r) => r[0],
      ),
    ).toEqual(['', 'a']);
  });
});

describe('window functions need a serialized row set', () => {
  it.each([
    ['AzureDiagnostics | extend p = prev(DurationMs)', 'prev', "the table 'AzureDiagnostics'"],
    [
      'let T = AzureDiagnostics; T | extend n = next(Category, 2, "none")',
      'next',
      "the table 'AzureDiagnostics'",
    ],
    [
      'AzureDiagnostics | order by TimeGenerated asc | summarize n = count() by Category | extend c = row_cumsum(n)',
      'row_cumsum',
      "'summarize'",
    ],
    [
      'AzureDiagnostics | join kind=inner (AzureDiagnostics | order by TimeGenerated) on CorrelationId | extend r = row_number()',
      'row_number',
      "'join'",
    ],
    [
      'AzureDiagnostics | order by TimeGenerated | distinct Category | extend r = row_number()',
      'row_number',
      "'distinct'",
    ],
  ])('%s', (kql, fn, from) => {
    const error = queryError(engine, kql);
    expect(error.kind).toBe('bad-query');
    expect(error.details.code).toBe('RowSetNotSerialized');
    expect(error.message).toContain(`The function '${fn}' cannot be invoked in the current context`);
    expect(error.message).toContain(`its input comes from ${from}`);
    expect(error.details.position).toBe(kql.indexOf(`${fn}(`));
  });
  it.each([
    'AzureDiagnostics | serialize rn = row_number() | count',
    'AzureDiagnostics | sort by TimeGenerated | extend p = prev(Category) | count',
    'AzureDiagnostics | top 3 by DurationMs | extend r = row_number() | count',
    'AzureDiagnostics | summarize n = count() by Category | order by n | extend c = row_cumsum(n) | count',
    'let T = AzureDiagnostics | order by TimeGenerated; T | where Level == "Error" | extend p = prev(Level) | count',
  ])('runs: %s', (kql) => {
    expect(() => rows(engine, kql)).not.toThrow();
  });
});
