/** `make-series`, with the input and expected results of the Kusto docs' make-series examples. */
import { columns, d, engineWith, rows } from './engine-helper';

const engine = engineWith({});

const DATA = `let data = datatable(timestamp:datetime, metric: real) [
  datetime(2016-12-31T06:00), 50,
  datetime(2017-01-01), 4,
  datetime(2017-01-02), 3,
  datetime(2017-01-03), 4,
  datetime(2017-01-03T03:00), 6,
  datetime(2017-01-05), 8,
  datetime(2017-01-05T13:40), 13,
  datetime(2017-01-06), 4,
  datetime(2017-01-07), 3,
  datetime(2017-01-08), 8,
  datetime(2017-01-08T21:00), 8,
  datetime(2017-01-09), 2,
  datetime(2017-01-09T12:00), 11,
  datetime(2017-01-10T05:00), 5,
];
let interval = 1d;
let stime = datetime(2017-01-01);
let etime = datetime(2017-01-10);
data`;

const days = (first: number, count: number): string[] =>
  Array.from({ length: count }, (_, k) => `2017-01-${String(first + k).padStart(2, '0')}T00:00:00.0000000Z`);

describe('make-series', () => {
  it('lays out the average per day from..to, empty days 0 (docs)', () => {
    const q = `${DATA} | make-series avg(metric) on timestamp from stime to etime step interval`;
    expect(columns(engine, q)).toEqual(['avg_metric:dynamic', 'timestamp:dynamic']);
    expect(rows(engine, q)).toEqual([[[4, 3, 5, 0, 10.5, 4, 3, 8, 6.5], days(1, 9)]]);
  });
  it('gives no rows for an empty input, and the defaults with kind=nonempty (docs)', () => {
    const empty = `${DATA} | take 0 | make-series avg(metric) default=1.0 on timestamp from stime to etime step interval`;
    expect(rows(engine, `${empty} | count`)).toEqual([[0]]);
    expect(rows(engine, empty.replace('make-series', 'make-series kind=nonempty'))).toEqual([
      [[1, 1, 1, 1, 1, 1, 1, 1, 1], days(1, 9)],
    ]);
  });
  it('makes one series per by key, every series on the same axis', () => {
    const q = `datatable(t: datetime, dev: string, ms: long) [
        datetime(2024-05-10 10:05), "a", 10,
        datetime(2024-05-10 10:50), "a", 30,
        datetime(2024-05-10 12:10), "b", 5,
        datetime(2024-05-10 09:00), "b", 7
      ]
      | make-series n = count(), total = sum(ms), peak = max(ms) default = long(null), devices = dcount(dev)
          on t from datetime(2024-05-10 10:00) to datetime(2024-05-10 13:00) step 1h by dev`;
    expect(columns(engine, q)).toEqual([
      'dev:string',
      'n:dynamic',
      'total:dynamic',
      'peak:dynamic',
      'devices:dynamic',
      't:dynamic',
    ]);
    const axis = [
      '2024-05-10T10:00:00.0000000Z',
      '2024-05-10T11:00:00.0000000Z',
      '2024-05-10T12:00:00.0000000Z',
    ];
    // The 09:00 row is before `from`: left out.
    expect(rows(engine, q)).toEqual([
      ['a', [2, 0, 0], [40, 0, 0], [30, null, null], [1, 0, 0], axis],
      ['b', [0, 0, 1], [0, 0, 5], [null, null, 5], [0, 0, 1], axis],
    ]);
  });
  it('spans the bins that hold data without from/to, and in range() includes its stop', () => {
    const q = `${DATA} | where timestamp >= stime | make-series count() on timestamp step 2d`;
    expect(rows(engine, q)).toEqual([
      [
        // Bins of bin(timestamp, 2d): 2016-12-31 holds 01-01, the last one 01-10T05:00.
        [1, 3, 2, 2, 4, 1],
        [
          '2016-12-31T00:00:00.0000000Z',
          '2017-01-02T00:00:00.0000000Z',
          '2017-01-04T00:00:00.0000000Z',
          '2017-01-06T00:00:00.0000000Z',
          '2017-01-08T00:00:00.0000000Z',
          '2017-01-10T00:00:00.0000000Z',
        ],
      ],
    ]);
    const inRange = `${DATA} | make-series count() on timestamp in range(datetime(2017-01-08), datetime(2017-01-10), 1d)`;
    expect(rows(engine, inRange)).toEqual([[[2, 2, 1], days(8, 3)]]);
  });
  it('reads the demo logs shape: connections per hour by category', () => {
    const stored = engineWith({
      AzureDiagnostics: [
        { TimeGenerated: d('2024-05-10T08:10:00Z'), Category: 'Connections' },
        { TimeGenerated: d('2024-05-10T08:20:00Z'), Category: 'Connections' },
        { TimeGenerated: d('2024-05-10T10:00:00Z'), Category: 'Routes' },
      ],
    });
    const q =
      'AzureDiagnostics | make-series count() default=0 on TimeGenerated from datetime(2024-05-10 08:00) to datetime(2024-05-10 11:00) step 1h by Category';
    expect(rows(stored, q).map((r) => [r[0], r[1]])).toEqual([
      ['Connections', [2, 0, 0]],
      ['Routes', [0, 0, 1]],
    ]);
  });
});
