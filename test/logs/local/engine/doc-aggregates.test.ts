/**
 * Aggregation functions of issue #17 against the Kusto documentation: percentile(), percentiles(),
 * percentiles_array() (nearest-rank, with the documented column names) and make_bag() /
 * make_bag_if() (the documented example; non-bags skipped; maxSize).
 */
import { columns, engineWith, rows } from './engine-helper';

const engine = engineWith({});

describe('percentile / percentiles / percentiles_array (nearest rank, as documented)', () => {
  // The nearest-rank example the docs link to (Wikipedia, "The nearest-rank method").
  const values = 'datatable(x:long)[35, 20, 15, 50, 40]';

  it('percentiles() answers the value at rank ceil(P/100 * N), one column each, named percentile_<expr>_<P>', () => {
    const query = `${values} | summarize percentiles(x, 5, 30, 40, 50, 100)`;
    expect(columns(engine, query)).toEqual([
      'percentile_x_5:long',
      'percentile_x_30:long',
      'percentile_x_40:long',
      'percentile_x_50:long',
      'percentile_x_100:long',
    ]);
    expect(rows(engine, query)).toEqual([[15, 20, 20, 35, 50]]);
  });

  it('percentile(x, 0) is the smallest member; percentile() is named like percentiles()', () => {
    const query = `${values} | summarize percentile(x, 0), percentile(x, 95)`;
    expect(columns(engine, query)).toEqual(['percentile_x_0:long', 'percentile_x_95:long']);
    expect(rows(engine, query)).toEqual([[15, 50]]);
  });

  it('per group, ignoring nulls; a group with no values gives null', () => {
    const query = `datatable(g:string, x:real)['a', 1.5, 'a', real(null), 'a', 3.5, 'a', 2.5, 'b', real(null)]
      | summarize p50 = percentile(x, 50), p99 = percentile(x, 99) by g | order by g asc`;
    expect(rows(engine, query)).toEqual([
      ['a', 2.5, 3.5],
      ['b', null, null],
    ]);
  });

  it('percentiles_array() gives one dynamic array, from a list or a dynamic array of percentiles', () => {
    const query = `${values} | summarize percentiles_array(x, 5, 50, 100), arr = percentiles_array(x, dynamic([30, 40.5]))`;
    expect(columns(engine, query)).toEqual(['percentiles_x:dynamic', 'arr:dynamic']);
    expect(rows(engine, query)).toEqual([
      [
        [15, 35, 50],
        [20, 35],
      ],
    ]);
  });

  it('datetimes and timespans have percentiles too', () => {
    expect(
      rows(
        engine,
        `datatable(t:datetime, d:timespan)[datetime(2024-01-03), 3s, datetime(2024-01-01), 1s, datetime(2024-01-02), 2s]
          | summarize percentile(t, 50), percentile(d, 100)`,
      ),
    ).toEqual([[new Date('2024-01-02T00:00:00Z'), '00:00:03']]);
  });

  it('a percentile outside 0..100 is an error', () => {
    expect(() => engine.query(`${values} | summarize percentile(x, 101)`)).toThrow(/from 0 to 100/);
  });
});

describe('make_bag / make_bag_if (documented example)', () => {
  const props = `datatable(prop:string, value:string)["prop01", "val_a", "prop02", "val_b", "prop03", "val_c"]
    | extend p = bag_pack(prop, value)`;

  it('merges the property bags of the group', () => {
    expect(rows(engine, `${props} | summarize dict=make_bag(p)`)).toEqual([
      [{ prop01: 'val_a', prop02: 'val_b', prop03: 'val_c' }],
    ]);
  });

  it('make_bag_if takes the rows its predicate holds for; maxSize caps the keys', () => {
    expect(
      rows(engine, `${props} | summarize b = make_bag_if(p, prop != "prop02"), c = make_bag(p, 2)`),
    ).toEqual([
      [
        { prop01: 'val_a', prop03: 'val_c' },
        { prop01: 'val_a', prop02: 'val_b' },
      ],
    ]);
  });

  it('skips values that are not property bags; an empty group gives an empty bag', () => {
    const query = `datatable(d:dynamic, g:string)[dynamic({"a":1}), "x", dynamic([1,2]), "x", dynamic(null), "x",
        dynamic(7), "x", dynamic({"b":{"c":2}}), "x", dynamic([3]), "y"]
      | summarize bag = make_bag(d) by g | order by g asc`;
    expect(rows(engine, query)).toEqual([
      ['x', { a: 1, b: { c: 2 } }],
      ['y', {}],
    ]);
  });

  it('a key named __proto__ is an ordinary key of the bag', () => {
    const [[bag]] = rows(engine, `print d = parse_json('{"__proto__": 1}') | summarize make_bag(d)`) as [
      [Record<string, unknown>],
    ];
    expect(Object.keys(bag)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
  });
});

describe('percentile arguments', () => {
  it('fractional percentiles are named with an underscore; an empty dynamic array is an error', () => {
    const query = 'datatable(x:long)[1, 2] | summarize percentile(x, 50.5), percentiles(x, 99.9)';
    expect(columns(engine, query)).toEqual(['percentile_x_50_5:long', 'percentile_x_99_9:long']);
    expect(rows(engine, query)).toEqual([[2, 2]]);
    expect(() => engine.query('datatable(x:long)[1] | summarize percentiles_array(x, dynamic([]))')).toThrow(
      /at least one percentile/,
    );
  });
});
