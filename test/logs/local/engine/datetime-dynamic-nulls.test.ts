/** Datetime / timespan arithmetic, dynamic values and null rules. NOW = 2024-05-10T12:00Z. */
import { columns, d, engineWith, evaluate, rows } from './engine-helper';
import { DIAG } from './fixtures';

describe('datetime and timespan', () => {
  it('prints timespans as [-][d.]hh:mm:ss[.fffffff]', () => {
    expect(evaluate('5m')).toBe('00:05:00');
    expect(evaluate('1h')).toBe('01:00:00');
    expect(evaluate('7d')).toBe('7.00:00:00');
    expect(evaluate('1.5h')).toBe('01:30:00');
    expect(evaluate('100ms')).toBe('00:00:00.1000000');
    expect(evaluate('2d + 3h')).toBe('2.03:00:00');
    expect(evaluate('-5m')).toBe('-00:05:00');
    expect(evaluate('timespan(1.02:03:04)')).toBe('1.02:03:04');
    expect(evaluate('totimespan("00:10:00")')).toBe('00:10:00');
  });
  it('datetime - datetime = timespan', () => {
    expect(evaluate('datetime(2024-01-02) - datetime(2024-01-01)')).toBe('1.00:00:00');
    expect(evaluate('datetime(2024-01-01 00:00) - datetime(2024-01-01 01:30)')).toBe('-01:30:00');
    expect(columns(engineWith({}), 'print x = datetime(2024-01-02) - datetime(2024-01-01)')).toEqual([
      'x:timespan',
    ]);
  });
  it('datetime ± timespan = datetime', () => {
    expect(evaluate('datetime(2024-01-01) + 1.5h')).toEqual(d('2024-01-01T01:30:00Z'));
    expect(evaluate('datetime(2024-01-01) - 1d')).toEqual(d('2023-12-31T00:00:00Z'));
    expect(evaluate('1h + datetime(2024-01-01)')).toEqual(d('2024-01-01T01:00:00Z'));
  });
  it('scales and divides timespans', () => {
    expect(evaluate('5m * 2')).toBe('00:10:00');
    expect(evaluate('1h / 2')).toBe('00:30:00');
    expect(evaluate('1h / 30m')).toBe(2);
  });
  it('compares timespans', () => {
    expect(evaluate('5m < 1h')).toBe(true);
    expect(evaluate('90m > 1h')).toBe(true);
    expect(evaluate('1h == 60m')).toBe(true);
  });
  it('computes ages of rows', () => {
    const engine = engineWith({ AzureDiagnostics: DIAG });
    expect(
      rows(engine, 'AzureDiagnostics | extend age = now() - TimeGenerated | where age > 1d | project age'),
    ).toEqual([['9.12:00:00']]);
    expect(
      rows(engine, 'AzureDiagnostics | summarize span = max(TimeGenerated) - min(TimeGenerated)'),
    ).toEqual([['9.11:00:00']]);
  });
  it('does integer division on longs and real division on reals', () => {
    expect(evaluate('7 / 2')).toBe(3);
    expect(evaluate('-7 / 2')).toBe(-3);
    expect(evaluate('7.0 / 2')).toBe(3.5);
    expect(evaluate('7 % 3')).toBe(1);
  });
});

describe('dynamic', () => {
  const engine = engineWith({ AzureDiagnostics: DIAG });
  it('reads JSON members of a string column', () => {
    expect(
      rows(engine, 'AzureDiagnostics | project dev = tostring(parse_json(properties_s).deviceId)'),
    ).toEqual([['dev-1'], ['dev-1'], ['dev-2'], ['dev-2'], [''], ['dev-3']]);
    expect(
      rows(engine, 'AzureDiagnostics | take 1 | project p = tostring(todynamic(properties_s)["protocol"])'),
    ).toEqual([['Mqtt']]);
    // statusCode is absent on connects: member access gives null, tostring gives "".
    expect(
      rows(engine, 'AzureDiagnostics | take 2 | project s = tostring(parse_json(properties_s).statusCode)'),
    ).toEqual([[''], ['404']]);
  });
  it('indexes arrays (negative from the end) and bags', () => {
    expect(evaluate('dynamic([1, 2, 3])[0]')).toBe(1);
    expect(evaluate('dynamic([1, 2, 3])[-1]')).toBe(3);
    expect(evaluate('dynamic([1, 2, 3])[5]')).toBeNull();
    expect(evaluate('parse_json(\'{"a":{"b":[10,20]}}\').a.b[1]')).toBe(20);
    expect(evaluate('parse_json(\'{"a":{"b":[10,20]}}\')["a"]["b"]')).toEqual([10, 20]);
    expect(evaluate('array_length(dynamic([1, 2]))')).toBe(2);
  });
  it('parses like parse_json: invalid JSON stays a string, empty is null', () => {
    expect(evaluate('tostring(parse_json("not json"))')).toBe('not json');
    expect(evaluate('parse_json("not json").a')).toBeNull();
    expect(evaluate('parse_json("")')).toBeNull();
    expect(evaluate('parse_json(\'{"a":[1,"b"]}\')')).toEqual({ a: [1, 'b'] });
    expect(evaluate('tostring(parse_json(\'{"a":{"b":1}}\').a)')).toBe('{"b":1}');
  });
  it('compares dynamic scalars with plain values', () => {
    expect(evaluate('parse_json(\'{"a":"x"}\').a == "x"')).toBe(true);
    expect(evaluate('parse_json(\'{"a":5}\').a == 5')).toBe(true);
    expect(evaluate('parse_json(\'{"a":5}\').a > 4')).toBe(true);
  });
  it('filters on a JSON member', () => {
    expect(
      rows(engine, 'AzureDiagnostics | where parse_json(properties_s).protocol == "Amqp" | count'),
    ).toEqual([[2]]);
    expect(
      rows(
        engine,
        'AzureDiagnostics | where tostring(parse_json(properties_s).deviceId) in ("dev-1", "dev-3") | count',
      ),
    ).toEqual([[3]]);
  });
});

describe('null rules', () => {
  it('== and != with null', () => {
    expect(evaluate('int(null) == int(null)')).toBeNull();
    expect(evaluate('int(null) == 5')).toBe(false);
    expect(evaluate('int(null) != 5')).toBe(true);
    expect(evaluate('int(null) != int(null)')).toBeNull();
    expect(evaluate('int(null) < 5')).toBeNull();
  });
  it('propagates null through arithmetic, not through strcat', () => {
    expect(evaluate('int(null) + 1')).toBeNull();
    expect(evaluate('strcat("a", int(null))')).toBe('a');
  });
  it('count() counts rows, countif() and the other aggregates skip nulls', () => {
    const engine = engineWith({ AzureDiagnostics: DIAG });
    expect(
      rows(
        engine,
        'AzureDiagnostics | summarize count(), countif(DurationMs > 0), dcount(DurationMs), avg(DurationMs)',
      ),
    ).toEqual([[6, 5, 5, 146 / 5]]);
  });
  it('returns empty strings and null cells in results', () => {
    const engine = engineWith({ AzureDiagnostics: [{ TimeGenerated: null }] });
    expect(
      rows(engine, 'AzureDiagnostics | project TimeGenerated, Level, DurationMs, AdditionalFields'),
    ).toEqual([[null, '', null, null]]);
  });
});
