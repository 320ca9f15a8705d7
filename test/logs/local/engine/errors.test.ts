/** Bad and unsupported KQL fail with LogsQueryError('bad-query') naming the problem: never a silent wrong result. */
import { engineWith, queryError } from './engine-helper';
import { DIAG } from './fixtures';

const engine = engineWith({ AzureDiagnostics: DIAG });

describe('bad KQL', () => {
  it('reports a syntax error with the parser message and position', () => {
    const error = queryError(engine, 'AzureDiagnostics | where Level == | take 1');
    expect(error.kind).toBe('bad-query');
    expect(error.details.position).toBe(33);
    expect(error.message).toMatch(/position 33/);
    expect(error.message).toMatch(/expression/i);
  });
  it('reports an unknown column found by the binder, naming the operator', () => {
    const error = queryError(engine, 'AzureDiagnostics | where Nope == 1');
    expect(error.kind).toBe('bad-query');
    expect(error.details.code).toBe('KS142');
    expect(error.details.position).toBe(25);
    expect(error.message).toMatch(/'Nope'/);
    expect(error.message).toMatch(/in 'where'/);
  });
  it('reports an unknown table', () => {
    const error = queryError(engine, 'Heartbeat | take 1');
    expect(error.kind).toBe('bad-query');
    expect(error.message).toMatch(/Heartbeat/);
  });
  it('reports type errors', () => {
    const error = queryError(engine, 'AzureDiagnostics | where TimeGenerated > "yesterday"');
    expect(error.kind).toBe('bad-query');
    expect(error.details.position).toBe(39);
  });
  it('reports a query with only let statements', () => {
    expect(queryError(engine, 'let x = 1;').kind).toBe('bad-query');
  });
});

describe('unsupported KQL names what is not supported', () => {
  it.each([
    // parse, mv-expand, mv-apply, make-series, top-nested and percentile run now: see their own test files.
    ['AzureDiagnostics | partition by Category (take 1)', "'partition' operator", 19],
    ['AzureDiagnostics | parse-where properties_s with * "deviceId" rest', "'parse-where' operator", 19],
    ['AzureDiagnostics | summarize percentilew(DurationMs, 1, 50)', "aggregation function 'percentilew'", 29],
    // join kind=fullouter (and rightouter, rightsemi, rightanti) run now: see the differential test.
    ['print x = base64_encode_tostring("a")', "function 'base64_encode_tostring'", 10],
    ['print x = toguid("00000000-0000-0000-0000-000000000000")', "'guid' type", 10],
  ])('%s', (kql, named, position) => {
    const error = queryError(engine, kql);
    expect(error.kind).toBe('bad-query');
    expect(error.message).toContain(named);
    expect(error.details.position).toBe(position);
  });

  it('names every unsupported construct at once, with the workarounds', () => {
    const error = queryError(
      engine,
      'AzureDiagnostics | parse-where properties_s with * "deviceId" rest | partition by Category (take 1) | extend y = base64_encode_tostring("a")',
    );
    expect(error.kind).toBe('bad-query');
    expect(error.details.code).toBe('NotSupported');
    expect(error.details.position).toBe(19);
    expect(error.message).toContain("'parse-where' operator (at position 19)");
    expect(error.message).toContain("'partition' operator");
    expect(error.message).toContain("function 'base64_encode_tostring'");
    expect(error.message).toContain('then where isnotempty(column)');
  });
  it('series_decompose_anomalies stays out, with a workaround the engine runs', () => {
    const error = queryError(
      engine,
      'AzureDiagnostics | make-series n = count() on TimeGenerated step 1h | extend a = series_decompose_anomalies(n)',
    );
    expect(error.details.code).toBe('NotSupported');
    expect(error.message).toContain("function 'series_decompose_anomalies'");
    expect(error.message).toContain('series_stats_dynamic(series).avg');
  });
  it('an unknown table: the error lists the tables there are', () => {
    const error = queryError(engine, 'Heartbeat | take 1');
    expect(error.message).toContain('AzureDiagnostics, AzureMetrics');
  });

  it('fails before returning anything (no partial result)', () => {
    expect(() =>
      engine.query('AzureDiagnostics | count; AzureDiagnostics | partition by Category (take 1)'),
    ).toThrow(/partition/);
  });
});
