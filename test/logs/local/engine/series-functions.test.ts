/** The series_* basics used with make-series, with the Kusto docs' examples as expected results. */
import { columns, engineWith, evaluate, rows } from './engine-helper';

const engine = engineWith({});

describe('series functions', () => {
  it('series_stats_dynamic (docs example)', () => {
    const stats = evaluate(
      'series_stats_dynamic(dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]))',
    ) as Record<string, number>;
    expect(stats).toMatchObject({ min: 2, min_idx: 8, max: 87, max_idx: 3, sum: 492, len: 15 });
    expect(stats.avg).toBeCloseTo(32.8, 10);
    expect(stats.stdev).toBeCloseTo(28.503633853548269, 10);
    expect(stats.variance).toBeCloseTo(812.45714285714291, 8);
  });
  it('series_stats makes seven typed columns in extend, named by the binder or by (a, b, ...) = (docs: series_stats)', () => {
    const q =
      'print x = dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | extend series_stats(x) | project-away x';
    expect(columns(engine, q)).toEqual([
      'series_stats_x_min:real',
      'series_stats_x_min_idx:long',
      'series_stats_x_max:real',
      'series_stats_x_max_idx:long',
      'series_stats_x_avg:real',
      'series_stats_x_stdev:real',
      'series_stats_x_variance:real',
    ]);
    const [row] = rows(engine, q);
    expect(row?.slice(0, 5)).toEqual([2, 8, 87, 3, 32.8]);
    expect(row?.[5]).toBeCloseTo(28.503633853548269, 10);
    const named = 'print x = dynamic([5, 1, 9]) | project (low, lowAt) = series_stats(x), other = 1';
    expect(columns(engine, named).slice(0, 2)).toEqual(['low:real', 'lowAt:long']);
    expect(rows(engine, named)[0]?.slice(0, 4)).toEqual([1, 1, 9, 2]);
  });
  it('series_stats_dynamic is null with a non-finite element unless told to ignore them', () => {
    expect(evaluate('series_stats_dynamic(dynamic([1, null, 3])).avg')).toBeNull();
    expect(evaluate('series_stats_dynamic(dynamic([1, null, 3]), true).avg')).toBe(2);
  });
  it('series_add and friends work element by element (docs: series_add)', () => {
    const q = `datatable(s1: dynamic, s2: dynamic) [dynamic([1, 2, 4]), dynamic([4, 2, 1]), dynamic([2, 4, 8]), dynamic([8, 4, 2])]
      | extend sum = series_add(s1, s2), diff = series_subtract(s1, s2), product = series_multiply(s1, s2), ratio = series_divide(s1, s2)`;
    expect(rows(engine, q)).toEqual([
      [
        [1, 2, 4],
        [4, 2, 1],
        [5, 4, 5],
        [-3, 0, 3],
        [4, 4, 4],
        [0.25, 1, 4],
      ],
      [
        [2, 4, 8],
        [8, 4, 2],
        [10, 8, 10],
        [-6, 0, 6],
        [16, 16, 16],
        [0.25, 1, 4],
      ],
    ]);
    // A missing or non-numeric element (arrays of different sizes) gives null.
    expect(evaluate('series_add(dynamic([1, "a", 3]), dynamic([1, 1]))')).toEqual([2, null, null]);
  });
  it('series_fill_linear (docs example, the array of doubles and the all-null one)', () => {
    const q = `datatable(arr: dynamic) [
        dynamic([null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null]),
        dynamic([null, null, null, null])
      ]
      | project without_args = series_fill_linear(arr),
          wo_edges = series_fill_linear(arr, double(null), false),
          with_const = series_fill_linear(arr, double(null), true, 3.14159)`;
    const round = (v: unknown): unknown =>
      Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? Math.round(x * 1000) / 1000 : x)) : v;
    const result = rows(engine, q).map((r) => r.map(round));
    const filled = [111, 111, 73.5, 36, 41, 32.667, 24.333, 16, 61, 33, 33, 33];
    expect(result).toEqual([
      [filled, [null, 111, 73.5, 36, 41, 32.667, 24.333, 16, 61, 33, null, null], filled],
      [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [3.142, 3.142, 3.142, 3.142],
      ],
    ]);
  });
  it('series_fill_forward, _backward and _const fill the missing values', () => {
    expect(evaluate('series_fill_forward(dynamic([null, 1, null, null, 4, null]))')).toEqual([
      null,
      1,
      1,
      1,
      4,
      4,
    ]);
    expect(evaluate('series_fill_backward(dynamic([null, 1, null, null, 4, null]))')).toEqual([
      1,
      1,
      4,
      4,
      4,
      null,
    ]);
    expect(evaluate('series_fill_const(dynamic([null, 1, null]), 0)')).toEqual([0, 1, 0]);
    expect(evaluate('series_fill_const(dynamic([-1, 1, -1]), 9, -1)')).toEqual([9, 1, 9]);
  });
  it('reads a make-series made with default=double(null)', () => {
    const q = `datatable(t: datetime, v: real) [datetime(2024-01-01 00:00), 1.0, datetime(2024-01-01 03:00), 4.0]
      | make-series avg(v) default=double(null) on t step 1h
      | project filled = series_fill_linear(avg_v), stats = series_stats_dynamic(series_fill_linear(avg_v)).max`;
    expect(rows(engine, q)).toEqual([[[1, 2, 3, 4], 4]]);
  });
});
