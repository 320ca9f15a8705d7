/**
 * User-defined functions (`let f = (...) { ... };`), tabular and scalar, with the Kusto
 * documentation's examples (user-defined-functions, range-operator's toUnixTime).
 */
import { columns, engineWith, queryError, rows } from './engine-helper';
import { DIAG } from './fixtures';

const engine = engineWith({ AzureDiagnostics: DIAG });

describe('user-defined functions', () => {
  it('a scalar function with a default argument (the documentation example)', () => {
    const kql = `let f = (a:long, b:string = "b.default", c:long = 0) { strcat(a, "-", b, "-", c) };
      print f(12, c=7)`;
    expect(rows(engine, kql)).toEqual([['12-b.default-7']]);
    expect(
      rows(
        engine,
        `let f = (a:long, b:string = "b.default", c:long = 0) { strcat(a, "-", b, "-", c) };
         print x = f(12), y = f(12, "x"), z = f(12, "x", 7)`,
      ),
    ).toEqual([['12-b.default-0', '12-x-0', '12-x-7']]);
  });

  it('a scalar function over the rows of the caller', () => {
    const kql = `let double_it = (x:long) { x * 2 };
      AzureDiagnostics | where isnotnull(DurationMs) | project d = double_it(DurationMs) | order by d asc`;
    expect(columns(engine, kql)).toEqual(['d:long']);
    expect(rows(engine, kql)).toEqual([[2], [10], [20], [60], [200]]);
  });

  it('toUnixTime (the range example) and a function calling another', () => {
    const kql = `let toUnixTime = (dt:datetime) { (dt - datetime(1970-01-01)) / 1s };
      let inMinutes = (dt:datetime) { toUnixTime(dt) / 60 };
      print s = toUnixTime(datetime(2023-02-01)), m = inMinutes(datetime(1970-01-01 01:00))`;
    expect(rows(engine, kql)).toEqual([[1675209600, 60]]);
  });

  it('a tabular function with parameters, and one with a let in its body', () => {
    const kql = `let errorsOf = (category:string, n:long) { AzureDiagnostics | where Level == "Error" and Category == category | take n };
      errorsOf("Connections", 10) | project ResultType`;
    expect(rows(engine, kql)).toEqual([['404104'], ['401003']]);
    expect(rows(engine, kql.replace('10)', '1)'))).toEqual([['404104']]);
    const withLet = `let slowest = (n:long) { let limit = n * 10; AzureDiagnostics | where DurationMs >= limit | project DurationMs };
      slowest(3)`;
    expect(rows(engine, withLet)).toEqual([[30], [100]]);
  });

  it('a tabular parameter is named as unsupported', () => {
    const kql = 'let f = (T:(Level:string)) { T | count }; f(AzureDiagnostics)';
    const error = queryError(engine, kql);
    expect(error.details.code).toBe('NotSupported');
    expect(error.message).toContain("a table as the argument of the user-defined function 'f'");
  });

  it('a parameter shadows a let of the same name outside the function', () => {
    const kql = `let x = 100; let f = (x:long) { x + 1 }; print a = f(1), b = x`;
    expect(rows(engine, kql)).toEqual([[2, 100]]);
  });
});
