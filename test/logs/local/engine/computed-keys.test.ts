/**
 * Issue #17 "Never a wrong number": an expression computed from ONE dictionary-coded string column
 * (a summarize key whose aggregates are all count(), or the argument of dcount/make_set) must be
 * grouped and deduplicated on the COMPUTED value, never on the column's raw dictionary values.
 * Several distinct properties_s texts share a deviceId; several ResultTypes share a prefix.
 */
import { engineWith, rows, type Row } from './engine-helper';

const T0 = Date.UTC(2024, 4, 1);

function makeRows(): Row[] {
  const properties = [
    '{"deviceId":"d1","protocol":"Mqtt"}',
    '{"deviceId":"d1","protocol":"Amqp"}',
    '{"deviceId":"d2","protocol":"Mqtt"}',
    '{"deviceId":"d1","protocol":"Mqtt","maskedIpAddress":"10.0.0.XXX"}',
  ];
  const resultTypes = ['401001', '401002', '404', '401003'];
  const categories = ['Connections', 'connections', 'CONNECTIONS', 'DeviceTelemetry'];
  const out: Row[] = [];
  for (let i = 0; i < 8; i++) {
    out.push({
      TimeGenerated: new Date(T0 + i * 60_000),
      Category: categories[i % 4] as string,
      ResultType: resultTypes[i % 4] as string,
      properties_s: properties[i % 4] as string,
    });
  }
  return out;
}

const engine = engineWith({ AzureDiagnostics: makeRows() });
const byFirst = (a: readonly unknown[], b: readonly unknown[]): number =>
  String(a[0]).localeCompare(String(b[0]));
const sorted = (kql: string): (readonly unknown[])[] => rows(engine, kql).sort(byFirst);

describe('computed keys over one dictionary column', () => {
  it('summarize count() by a JSON field of properties_s groups by the field, not by the text', () => {
    const expected = [
      ['d1', 6],
      ['d2', 2],
    ];
    expect(
      sorted(
        'AzureDiagnostics | summarize count() by DeviceId = tostring(parse_json(properties_s).deviceId)',
      ),
    ).toEqual(expected);
    expect(
      sorted(
        'AzureDiagnostics | extend DeviceId = tostring(parse_json(properties_s).deviceId) | summarize count() by DeviceId',
      ),
    ).toEqual(expected);
  });

  it('summarize count(), count() by substring(ResultType, 0, 3) merges the shared prefixes', () => {
    expect(
      sorted('AzureDiagnostics | summarize n = count(), m = count() by p = substring(ResultType, 0, 3)'),
    ).toEqual([
      ['401', 6, 6],
      ['404', 2, 2],
    ]);
  });

  it('summarize count() by tolower(Category) is one group per lower-cased value', () => {
    expect(sorted('AzureDiagnostics | summarize count() by c = tolower(Category)')).toEqual([
      ['connections', 6],
      ['devicetelemetry', 2],
    ]);
  });

  it('dcount() of a computed value counts distinct computed values', () => {
    expect(
      rows(engine, 'AzureDiagnostics | summarize dcount(tostring(parse_json(properties_s).deviceId))'),
    ).toEqual([[2]]);
    expect(rows(engine, 'AzureDiagnostics | summarize dcount(substring(ResultType, 0, 3))')).toEqual([[2]]);
    expect(sorted('AzureDiagnostics | summarize dcount(tolower(Category)) by ResultType')).toEqual([
      ['401001', 1],
      ['401002', 1],
      ['401003', 1],
      ['404', 1],
    ]);
  });

  it('dcountif() and make_set() of a computed value deduplicate on the computed value', () => {
    expect(
      rows(
        engine,
        "AzureDiagnostics | summarize dcountif(tostring(parse_json(properties_s).deviceId), ResultType startswith '40')",
      ),
    ).toEqual([[2]]);
    const [[set]] = rows(
      engine,
      'AzureDiagnostics | summarize make_set(tostring(parse_json(properties_s).deviceId))',
    ) as [[string[]]];
    expect([...set].sort()).toEqual(['d1', 'd2']);
    const [[prefixes]] = rows(
      engine,
      'AzureDiagnostics | summarize make_set(substring(ResultType, 0, 3))',
    ) as [[string[]]];
    expect([...prefixes].sort()).toEqual(['401', '404']);
  });

  it('the plain column itself still groups by its raw values', () => {
    expect(sorted('AzureDiagnostics | summarize count() by ResultType')).toEqual([
      ['401001', 2],
      ['401002', 2],
      ['401003', 2],
      ['404', 2],
    ]);
    expect(rows(engine, 'AzureDiagnostics | summarize dcount(properties_s)')).toEqual([[4]]);
  });
});
