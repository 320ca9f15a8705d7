/**
 * Tabular operators, with expected results worked out by hand from the Kusto operator docs over the
 * six rows of fixtures.ts (NOW = 2024-05-10T12:00Z).
 */
import { columns, d, engineWith, rows, run } from './engine-helper';
import { DIAG, METRICS } from './fixtures';

const engine = engineWith({ AzureDiagnostics: DIAG, AzureMetrics: METRICS });

describe('where', () => {
  it('keeps the rows whose predicate is true', () => {
    expect(
      rows(engine, 'AzureDiagnostics | where Level == "Error" | project OperationName, ResultType'),
    ).toEqual([
      ['deviceDisconnect', '404104'],
      ['deviceDisconnect', '401003'],
      ['', '500001'],
    ]);
  });
  it('treats a null predicate as false', () => {
    // 10, null, 30, 5, 100, 1: the null row is neither > 5 nor kept.
    expect(rows(engine, 'AzureDiagnostics | where DurationMs > 5 | count')).toEqual([[3]]);
    expect(rows(engine, 'AzureDiagnostics | where not(DurationMs > 5) | count')).toEqual([[2]]);
  });
  it('filters on time with ago() against the injected clock', () => {
    expect(rows(engine, 'AzureDiagnostics | where TimeGenerated > ago(1d) | count')).toEqual([[5]]);
    expect(
      rows(
        engine,
        'AzureDiagnostics | where TimeGenerated between (datetime(2024-05-10 09:00) .. 1h) | count',
      ),
    ).toEqual([[3]]);
  });
  it('gives the same rows for consecutive wheres as for one conjunction', () => {
    const a = rows(
      engine,
      'AzureDiagnostics | where Category == "Connections" | where DurationMs < 20 | project DurationMs',
    );
    const b = rows(
      engine,
      'AzureDiagnostics | where Category == "Connections" and DurationMs < 20 | project DurationMs',
    );
    expect(a).toEqual([[10], [5], [1]]);
    expect(b).toEqual(a);
  });
  it('filters with in / !in over a subquery', () => {
    const q = `let bad = AzureDiagnostics | where ResultType == "401003" | project dev = tostring(parse_json(properties_s).deviceId);
      AzureDiagnostics | extend dev = tostring(parse_json(properties_s).deviceId) | where dev in (bad) | count`;
    expect(rows(engine, q)).toEqual([[2]]);
    const direct = `AzureDiagnostics | where Category !in ((AzureDiagnostics | where Level == "Error" and OperationName == "" | project Category)) | count`;
    expect(rows(engine, direct)).toEqual([[5]]);
  });
  it('filters after other operators (not on the stored table)', () => {
    expect(
      rows(
        engine,
        'AzureDiagnostics | extend Op = OperationName | where Op == "deviceConnect" and DurationMs >= 10 | project DurationMs',
      ),
    ).toEqual([[10], [30]]);
  });
});

describe('extend', () => {
  it('adds computed columns (a later extend can use them)', () => {
    expect(
      rows(
        engine,
        'AzureDiagnostics | extend d2 = DurationMs * 2 | extend d3 = d2 + 1 | project d2, d3 | take 2',
      ),
    ).toEqual([
      [20, 21],
      [null, null],
    ]);
  });
  it('replaces an existing column in place', () => {
    const q = 'AzureDiagnostics | project Level, OperationName | extend Level = tolower(Level) | take 1';
    expect(columns(engine, q)).toEqual(['Level:string', 'OperationName:string']);
    expect(rows(engine, q)).toEqual([['information', 'deviceConnect']]);
  });
  it('names unnamed expressions like Kusto does', () => {
    const q = 'AzureDiagnostics | project Level | extend strlen(Level) | take 1';
    expect(columns(engine, q)).toEqual(['Level:string', 'strlen_Level:long']);
    expect(rows(engine, q)).toEqual([['Information', 11]]);
  });
});

describe('project, project-away, project-rename', () => {
  it('projects, renames and computes', () => {
    const q = 'AzureDiagnostics | project Op = OperationName, Twice = DurationMs * 2 | take 1';
    expect(columns(engine, q)).toEqual(['Op:string', 'Twice:long']);
    expect(rows(engine, q)).toEqual([['deviceConnect', 20]]);
  });
  it('removes columns, also by wildcard', () => {
    expect(columns(engine, 'AzureDiagnostics | project-away properties_s, AdditionalFields')).toHaveLength(
      22,
    );
    // Resource* = ResourceId, ResourceGroup, ResourceProvider, Resource, ResourceType (not _ResourceId).
    const left = columns(engine, 'AzureDiagnostics | project-away Resource*');
    expect(left).toHaveLength(19);
    expect(left).toContain('_ResourceId:string');
  });
  it('renames columns', () => {
    expect(
      columns(engine, 'AzureDiagnostics | project Level, OperationName | project-rename Severity = Level'),
    ).toEqual(['Severity:string', 'OperationName:string']);
  });
  it('keeps and reorders columns', () => {
    expect(
      columns(
        engine,
        'AzureDiagnostics | project Level, OperationName, Category | project-keep Category, Level',
      ),
    ).toEqual(['Level:string', 'Category:string']);
    expect(
      columns(engine, 'AzureDiagnostics | project Level, OperationName | project-reorder OperationName'),
    ).toEqual(['OperationName:string', 'Level:string']);
  });
});

describe('summarize', () => {
  it('counts by a column (groups in first-seen order)', () => {
    const q = 'AzureDiagnostics | summarize n = count(), errors = countif(Level == "Error") by Category';
    expect(columns(engine, q)).toEqual(['Category:string', 'n:long', 'errors:long']);
    expect(rows(engine, q)).toEqual([
      ['Connections', 5, 2],
      ['Routes', 1, 1],
    ]);
  });
  it('bins time', () => {
    const q =
      'AzureDiagnostics | where TimeGenerated > ago(1d) | summarize count() by bin(TimeGenerated, 1h)';
    expect(columns(engine, q)).toEqual(['TimeGenerated:datetime', 'count_:long']);
    expect(rows(engine, q)).toEqual([
      [d('2024-05-10T08:00:00Z'), 1],
      [d('2024-05-10T09:00:00Z'), 2],
      [d('2024-05-10T10:00:00Z'), 1],
      [d('2024-05-10T11:00:00Z'), 1],
    ]);
  });
  it('computes every supported aggregate, ignoring nulls', () => {
    // Connections rows: Level I,E,I,E,I; DurationMs 10, null, 30, 5, 1.
    const q = `AzureDiagnostics | where Category == "Connections"
      | summarize dcount(Level), min(DurationMs), max(DurationMs), sum(DurationMs), avg(DurationMs),
                  make_set(Level), make_list(OperationName), take_any(Category)`;
    expect(columns(engine, q)).toEqual([
      'dcount_Level:long',
      'min_DurationMs:long',
      'max_DurationMs:long',
      'sum_DurationMs:long',
      'avg_DurationMs:real',
      'set_Level:dynamic',
      'list_OperationName:dynamic',
      'Category:string',
    ]);
    expect(rows(engine, q)).toEqual([
      [
        2,
        1,
        30,
        46,
        11.5,
        ['Information', 'Error'],
        ['deviceConnect', 'deviceDisconnect', 'deviceConnect', 'deviceDisconnect', 'deviceConnect'],
        'Connections',
      ],
    ]);
  });
  it('arg_max / arg_min return the other columns of the extreme row', () => {
    const q = `AzureDiagnostics | where Category == "Connections"
      | summarize arg_max(TimeGenerated, OperationName) by Device = tostring(parse_json(properties_s).deviceId)`;
    expect(columns(engine, q)).toEqual(['Device:string', 'TimeGenerated:datetime', 'OperationName:string']);
    expect(rows(engine, q)).toEqual([
      ['dev-1', d('2024-05-10T09:00:00Z'), 'deviceDisconnect'],
      ['dev-2', d('2024-05-10T10:00:00Z'), 'deviceDisconnect'],
      ['dev-3', d('2024-05-01T00:00:00Z'), 'deviceConnect'],
    ]);
    expect(rows(engine, 'AzureDiagnostics | summarize arg_min(DurationMs, Level)')).toEqual([
      [1, 'Information'],
    ]);
  });
  it('arg_max(x, *) keeps all columns of the row', () => {
    const result = run(engine, 'AzureMetrics | summarize arg_max(TimeGenerated, *) by MetricName');
    const total = result.columns.findIndex((c) => c.name === 'Total');
    expect(result.rows.map((r) => [r[0], r[total]])).toEqual([
      ['AttestationAttempts', 7],
      ['DeviceAssignments', 2],
    ]);
  });
  it('returns one row of defaults on empty input without by, and no rows with by', () => {
    expect(
      rows(
        engine,
        'AzureDiagnostics | where Level == "nope" | summarize count(), sum(DurationMs), make_list(Level), max(DurationMs), dcount(Level)',
      ),
    ).toEqual([[0, 0, [], null, 0]]);
    expect(rows(engine, 'AzureDiagnostics | where Level == "nope" | summarize count() by Level')).toEqual([]);
  });
  it('computes scalar expressions over aggregates', () => {
    const q = `AzureDiagnostics | summarize errorPct = 100.0 * countif(Level == "Error") / count(), span = max(TimeGenerated) - min(TimeGenerated) by Category`;
    expect(columns(engine, q)).toEqual(['Category:string', 'errorPct:real', 'span:timespan']);
    expect(rows(engine, q)).toEqual([
      ['Connections', 40, '9.10:00:00'],
      ['Routes', 100, '00:00:00'],
    ]);
  });
  it('groups by several keys, including derived ones', () => {
    const q = `AzureDiagnostics | where Level == "Error" | summarize count() by ResultType, ResultDescription`;
    expect(rows(engine, q)).toEqual([
      ['404104', 'DeviceConnectionClosedRemotely', 1],
      ['401003', 'IoTHubUnauthorized', 1],
      ['500001', 'InternalServerError', 1],
    ]);
    expect(
      rows(
        engine,
        'AzureDiagnostics | extend p = tostring(parse_json(properties_s).protocol) | summarize count() by p, Level',
      ),
    ).toEqual([
      ['Mqtt', 'Information', 1],
      ['Mqtt', 'Error', 1],
      ['Amqp', 'Information', 1],
      ['Amqp', 'Error', 1],
      ['', 'Error', 1],
      ['', 'Information', 1],
    ]);
  });
});

describe('order by / sort by / top', () => {
  it('sorts descending by default with nulls last', () => {
    expect(rows(engine, 'AzureDiagnostics | order by DurationMs | project DurationMs')).toEqual([
      [100],
      [30],
      [10],
      [5],
      [1],
      [null],
    ]);
  });
  it('sorts ascending with nulls first by default', () => {
    expect(rows(engine, 'AzureDiagnostics | sort by DurationMs asc | project DurationMs')).toEqual([
      [null],
      [1],
      [5],
      [10],
      [30],
      [100],
    ]);
  });
  it('honours explicit nulls placement and several keys', () => {
    expect(rows(engine, 'AzureDiagnostics | sort by DurationMs asc nulls last | project DurationMs')).toEqual(
      [[1], [5], [10], [30], [100], [null]],
    );
    expect(
      rows(engine, 'AzureDiagnostics | sort by Level asc, DurationMs desc | project Level, DurationMs'),
    ).toEqual([
      ['Error', 100],
      ['Error', 5],
      ['Error', null],
      ['Information', 30],
      ['Information', 10],
      ['Information', 1],
    ]);
  });
  it('top takes the first N in that order', () => {
    expect(rows(engine, 'AzureDiagnostics | top 2 by DurationMs | project DurationMs')).toEqual([
      [100],
      [30],
    ]);
    expect(rows(engine, 'AzureDiagnostics | top 2 by DurationMs asc | project DurationMs')).toEqual([
      [null],
      [1],
    ]);
    expect(rows(engine, 'AzureDiagnostics | sort by DurationMs desc | take 3 | project DurationMs')).toEqual([
      [100],
      [30],
      [10],
    ]);
  });
});

describe('take / limit / distinct / count', () => {
  it('takes rows', () => {
    expect(rows(engine, 'AzureDiagnostics | take 2 | project DurationMs')).toEqual([[10], [null]]);
    expect(rows(engine, 'AzureDiagnostics | limit 0')).toEqual([]);
  });
  it('returns distinct combinations', () => {
    expect(rows(engine, 'AzureDiagnostics | distinct Level, Category')).toEqual([
      ['Information', 'Connections'],
      ['Error', 'Connections'],
      ['Error', 'Routes'],
    ]);
    expect(rows(engine, 'AzureDiagnostics | project Level | distinct *')).toEqual([
      ['Information'],
      ['Error'],
    ]);
  });
  it('counts rows into a long column named Count', () => {
    expect(columns(engine, 'AzureDiagnostics | count')).toEqual(['Count:long']);
    expect(rows(engine, 'AzureDiagnostics | count')).toEqual([[6]]);
  });
});

describe('union', () => {
  it('stacks tables and sub-queries, matching columns by name and type', () => {
    expect(rows(engine, 'union AzureDiagnostics, AzureMetrics | count')).toEqual([[9]]);
    const q = `union (AzureDiagnostics | where Level == "Error" | project TimeGenerated, Name = ResultType),
                     (AzureMetrics | project TimeGenerated, Name = MetricName)
               | project Name`;
    expect(rows(engine, q)).toEqual([
      ['404104'],
      ['401003'],
      ['500001'],
      ['AttestationAttempts'],
      ['AttestationAttempts'],
      ['DeviceAssignments'],
    ]);
  });
  it('works as a pipe operator and with withsource', () => {
    expect(rows(engine, 'AzureMetrics | union (AzureMetrics | take 1) | count')).toEqual([[4]]);
    const q = 'union withsource=Src AzureMetrics, AzureDiagnostics | summarize count() by Src';
    expect(rows(engine, q)).toEqual([
      ['AzureMetrics', 3],
      ['AzureDiagnostics', 6],
    ]);
  });
  it('fills columns a table lacks with empty values', () => {
    const result = run(
      engine,
      'union AzureMetrics, (AzureDiagnostics | take 1) | project MetricName, Total, Level',
    );
    expect(result.rows).toEqual([
      ['AttestationAttempts', 5, ''],
      ['AttestationAttempts', 7, ''],
      ['DeviceAssignments', 2, ''],
      ['', null, 'Information'],
    ]);
  });
});

describe('join', () => {
  const left = `AzureDiagnostics | where Category == "Connections"
    | extend Device = tostring(parse_json(properties_s).deviceId) | summarize Events = count() by Device`;
  const right =
    'datatable(Device:string, Owner:string)["dev-1", "alice", "dev-1", "bob", "dev-2", "carol", "dev-9", "zed"]';

  it('inner: every matching pair', () => {
    const q = `${left} | join kind=inner (${right}) on Device`;
    expect(columns(engine, q)).toEqual(['Device:string', 'Events:long', 'Device1:string', 'Owner:string']);
    expect(rows(engine, q)).toEqual([
      ['dev-1', 2, 'dev-1', 'alice'],
      ['dev-1', 2, 'dev-1', 'bob'],
      ['dev-2', 2, 'dev-2', 'carol'],
    ]);
  });
  it('default (innerunique): one left row per key, all right matches', () => {
    const l = 'datatable(k:string, v:long)["a", 1, "a", 2, "b", 3]';
    const r = 'datatable(k:string, w:long)["a", 10, "a", 11]';
    expect(rows(engine, `${l} | join (${r}) on k`)).toEqual([
      ['a', 1, 'a', 10],
      ['a', 1, 'a', 11],
    ]);
    expect(rows(engine, `${l} | join kind=inner (${r}) on k`)).toHaveLength(4);
  });
  it('leftouter: unmatched left rows with empty right columns', () => {
    expect(
      rows(engine, `${left} | join kind=leftouter (${right}) on Device | where Device == "dev-3"`),
    ).toEqual([['dev-3', 1, '', '']]);
  });
  it('leftsemi / leftanti', () => {
    expect(rows(engine, `${left} | join kind=leftsemi (${right}) on Device`)).toEqual([
      ['dev-1', 2],
      ['dev-2', 2],
    ]);
    expect(rows(engine, `${left} | join kind=leftanti (${right}) on Device`)).toEqual([['dev-3', 1]]);
  });
  it('rightouter / fullouter: unmatched rows of the other side with empty or null columns', () => {
    const l = 'datatable(k:string, v:long)["a", 1, "b", 2]';
    const r = 'datatable(k:string, w:long)["a", 10, "c", 30]';
    const sortedRows = (q: string): unknown[] =>
      rows(engine, q).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(sortedRows(`${l} | join kind=rightouter (${r}) on k`)).toEqual([
      ['', null, 'c', 30],
      ['a', 1, 'a', 10],
    ]);
    expect(sortedRows(`${l} | join kind=fullouter (${r}) on k`)).toEqual([
      ['', null, 'c', 30],
      ['a', 1, 'a', 10],
      ['b', 2, '', null],
    ]);
  });
  it('rightsemi / rightanti: right rows only', () => {
    const l = 'datatable(k:string, v:long)["a", 1, "a", 2, "b", 3]';
    const r = 'datatable(k:string, w:long)["a", 10, "c", 30, "a", 11]';
    expect(columns(engine, `${l} | join kind=rightsemi (${r}) on k`)).toEqual(['k:string', 'w:long']);
    expect(rows(engine, `${l} | join kind=rightsemi (${r}) on k`)).toEqual([
      ['a', 10],
      ['a', 11],
    ]);
    expect(rows(engine, `${l} | join kind=rightanti (${r}) on k`)).toEqual([['c', 30]]);
  });
  it('joins on differently named columns with $left / $right', () => {
    const q = `${left} | join kind=inner (datatable(Id:string, Owner:string)["dev-2", "carol"]) on $left.Device == $right.Id`;
    expect(rows(engine, q)).toEqual([['dev-2', 2, 'dev-2', 'carol']]);
  });
});

describe('serialize, prev(), next(), row_number()', () => {
  it('looks at neighbouring rows in order', () => {
    const q = `AzureDiagnostics | where TimeGenerated > ago(1d) | order by TimeGenerated asc
      | serialize rn = row_number()
      | extend prevOp = prev(OperationName), nextDur = next(DurationMs, 1, -1)
      | project rn, prevOp, nextDur`;
    expect(rows(engine, q)).toEqual([
      [1, '', null],
      [2, 'deviceConnect', 30],
      [3, 'deviceDisconnect', 5],
      [4, 'deviceConnect', 100],
      [5, 'deviceDisconnect', -1],
    ]);
  });
});

describe('let, toscalar, datatable, print, render', () => {
  it('binds scalars and tables', () => {
    const q = `let threshold = 20; let errs = AzureDiagnostics | where Level == "Error";
      errs | where DurationMs > threshold | count`;
    expect(rows(engine, q)).toEqual([[1]]);
    expect(rows(engine, 'let t = AzureMetrics | where Total > 4; t | union t | count')).toEqual([[4]]);
  });
  it('evaluates toscalar once', () => {
    const q = `let maxd = toscalar(AzureDiagnostics | summarize max(DurationMs));
      AzureDiagnostics | where DurationMs == maxd | project Category`;
    expect(rows(engine, q)).toEqual([['Routes']]);
  });
  it('builds tables from datatable and print', () => {
    expect(rows(engine, 'datatable(a:long, b:string)[1, "x", long(null), "y"] | where isnull(a)')).toEqual([
      [null, 'y'],
    ]);
    expect(columns(engine, 'print a = 1, b = "two"')).toEqual(['a:long', 'b:string']);
  });
  it('ignores render (it does not change the data)', () => {
    expect(rows(engine, 'AzureDiagnostics | summarize count() by Level | render piechart')).toEqual([
      ['Information', 3],
      ['Error', 3],
    ]);
  });
  it('names the first result PrimaryResult', () => {
    expect(run(engine, 'AzureDiagnostics | count').name).toBe('PrimaryResult');
  });
});
