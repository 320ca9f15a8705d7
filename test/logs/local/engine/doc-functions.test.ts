/**
 * Functions added for issue #17 ("the operators real queries use"), checked against the examples of
 * the Kusto documentation (learn.microsoft.com/kusto/query/<function>-function): same inputs, the
 * documented outputs.
 */
import { engineWith, evaluate, rows } from './engine-helper';

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

describe('datetime_diff (documented example)', () => {
  it.each([
    ["'year',datetime(2017-01-01),datetime(2000-12-31)", 17],
    ["'quarter',datetime(2017-07-01),datetime(2017-03-30)", 2],
    ["'month',datetime(2017-01-01),datetime(2015-12-30)", 13],
    ["'week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)", 5],
    ["'day',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)", 29],
    ["'hour',datetime(2017-10-31 01:00),datetime(2017-10-30 23:59)", 2],
    ["'minute',datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59)", 5],
    ["'second',datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900)", 10],
    ["'millisecond',datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900)", 100],
    ["'microsecond',datetime(2017-10-30 23:00:00.1009001),datetime(2017-10-30 23:00:00.1008009)", 100],
  ])('datetime_diff(%s)', (args, expected) => {
    expect(evaluate(`datetime_diff(${args})`)).toBe(expected);
  });
  it("'nanosecond': -700 in the docs, to the engine's precision", () => {
    // Datetimes are epoch milliseconds in a double here: near 2017 one step is ~0.24 µs.
    const ns = evaluate(
      "datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))",
    ) as number;
    expect(Math.abs(ns + 700)).toBeLessThanOrEqual(250);
  });
});

describe('datetime_add (documented example)', () => {
  it.each([
    ['year', '2018-01-01T00:00:00.000Z'],
    ['quarter', '2017-04-01T00:00:00.000Z'],
    ['month', '2017-02-01T00:00:00.000Z'],
    ['week', '2017-01-08T00:00:00.000Z'],
    ['day', '2017-01-02T00:00:00.000Z'],
    ['hour', '2017-01-01T01:00:00.000Z'],
    ['minute', '2017-01-01T00:01:00.000Z'],
    ['second', '2017-01-01T00:00:01.000Z'],
  ])("datetime_add('%s', 1, datetime(2017-01-01))", (period, expected) => {
    expect(iso(evaluate(`datetime_add('${period}', 1, datetime(2017-01-01))`))).toBe(expected);
  });
  it('adds months as .NET AddMonths does: the last day of a shorter month', () => {
    expect(iso(evaluate("datetime_add('month', 1, datetime(2017-01-31 10:00))"))).toBe(
      '2017-02-28T10:00:00.000Z',
    );
    expect(iso(evaluate("datetime_add('month', -1, datetime(2017-03-31))"))).toBe('2017-02-28T00:00:00.000Z');
  });
});

describe('datetime_part (documented example)', () => {
  it.each([
    ['year', 2017],
    ['quarter', 4],
    ['month', 10],
    ['week_of_year', 44],
    ['day', 30],
    ['dayOfYear', 303],
    ['hour', 1],
    ['minute', 2],
    ['second', 3],
    ['millisecond', 765],
    ['microsecond', 765432],
    ['nanosecond', 765432100],
  ])("datetime_part('%s', datetime(2017-10-30 01:02:03.7654321))", (part, expected) => {
    expect(evaluate(`datetime_part('${part}', datetime(2017-10-30 01:02:03.7654321))`)).toBe(expected);
  });
});

describe('bin_at (documented examples)', () => {
  it('bins numbers, timespans and datetimes on a fixed point', () => {
    expect(evaluate('bin_at(6.5, 2.5, 7)')).toBe(4.5);
    expect(evaluate('bin_at(time(1h), 1d, 12h)')).toBe('-12:00:00');
    expect(
      iso(evaluate('bin_at(datetime(2017-05-15 10:20:00.0), 1d, datetime(1970-01-01 12:00:00.0))')),
    ).toBe('2017-05-14T12:00:00.000Z');
    expect(
      iso(evaluate('bin_at(datetime(2017-05-17 10:20:00.0), 7d, datetime(2017-06-04 00:00:00.0))')),
    ).toBe('2017-05-14T00:00:00.000Z');
  });
});

describe('trim_start / trim_end (documented examples)', () => {
  it('trims the regex at one end only', () => {
    expect(evaluate('trim_start(@"[^\\w]+", strcat("-  ", "Te st", "1", "// $"))')).toBe('Te st1// $');
    expect(evaluate('trim_end(@"[^\\w]+", strcat("-  ", "Te st", "1", "// $"))')).toBe('-  Te st1');
  });
});

describe('extract_all (documented example)', () => {
  it('one array of groups per match when the regex has several groups', () => {
    expect(evaluate('extract_all(@"(\\w)(\\w+)(\\w)", "The quick brown fox")')).toEqual([
      ['T', 'h', 'e'],
      ['q', 'uic', 'k'],
      ['b', 'row', 'n'],
      ['f', 'o', 'x'],
    ]);
  });
  it('the values of the group when there is one', () => {
    expect(evaluate('extract_all(@"(\\d+)", "a1 b22 c333")')).toEqual(['1', '22', '333']);
  });
});

describe('format_datetime (documented examples)', () => {
  it.each([
    ['y-M-d h:m:s.fffffff', '15-12-14 2:3:4.1234500'],
    ['yy-MM-dd [HH:mm:ss]', '15-12-14 [02:03:04]'],
    ['yy-MM-dd [hh:mm:ss tt]', '15-12-14 [02:03:04 AM]'],
  ])("format_datetime(datetime(2015-12-14 02:03:04.12345), '%s')", (format, expected) => {
    expect(evaluate(`format_datetime(datetime(2015-12-14 02:03:04.12345), '${format}')`)).toBe(expected);
  });
});

describe('gettype (documented examples)', () => {
  it.each([
    ['"a"', 'string'],
    ['111', 'long'],
    ['1 == 1', 'bool'],
    ['now()', 'datetime'],
    ['1s', 'timespan'],
    ["parse_json('1')", 'int'],
    ['parse_json(\' "abc" \')', 'string'],
    ['parse_json(\' {"abc":1} \')', 'dictionary'],
    ["parse_json(' [1, 2, 3] ')", 'array'],
    ['123.45', 'real'],
  ])('gettype(%s)', (arg, expected) => {
    expect(evaluate(`gettype(${arg})`)).toBe(expected);
  });
});

describe('stdev / stdevp / variance (documented example: x from 1 to 5)', () => {
  const engine = engineWith({});
  const values = 'datatable(x:long)[1, 2, 3, 4, 5]';
  it('sample forms use Bessel’s correction, population forms divide by n', () => {
    const [[stdev, stdevp, variance, variancep]] = rows(
      engine,
      `${values} | summarize stdev(x), stdevp(x), variance(x), variancep(x)`,
    ) as [[number, number, number, number]];
    expect(stdev).toBeCloseTo(1.58113883008419, 12);
    expect(stdevp).toBeCloseTo(1.4142135623731, 12);
    expect(variance).toBeCloseTo(2.5, 12);
    expect(variancep).toBeCloseTo(2, 12);
  });
  it('stdevif / varianceif take the rows their predicate holds for; no values gives null', () => {
    expect(rows(engine, `${values} | summarize stdevif(x, x > 3), varianceif(x, x > 3)`)).toEqual([
      [Math.SQRT1_2, 0.5],
    ]);
    expect(rows(engine, `${values} | summarize stdevif(x, x > 9)`)).toEqual([[null]]);
  });
});

describe('bag_keys (documented examples)', () => {
  it('the keys of a property bag', () => {
    expect(evaluate('bag_keys(dynamic({"a":"b", "c":"d"}))')).toEqual(['a', 'c']);
    expect(evaluate('bag_keys(dynamic({"a":"b", "c":{"d":"e"}}))')).toEqual(['a', 'c']);
  });
});

describe('column_ifexists', () => {
  it('the column when the input has it, the default otherwise', () => {
    const engine = engineWith({});
    expect(
      rows(
        engine,
        "datatable(a:long)[1, 2] | extend x = column_ifexists('a', 0), y = column_ifexists('b', 7)",
      ),
    ).toEqual([
      [1, 1, 7],
      [2, 2, 7],
    ]);
  });
});

describe('format_timespan (documented example and elements)', () => {
  it('formats days, hours, minutes, seconds and fractions as the docs show', () => {
    const t = 'time(29.09:00:05.12345)';
    expect(evaluate(`format_timespan(${t}, 'dd.hh:mm:ss:FF')`)).toBe('29.09:00:05:12');
    expect(evaluate(`format_timespan(${t}, 'ddd.h:mm:ss [fffffff]')`)).toBe('029.9:00:05 [1234500]');
  });
  it.each([
    ['time(15.13:45:30)', 'd', '15'],
    ['time(15.13:45:30)', 'ddd', '015'],
    ['time(15.13:45:30.6170000)', 'f', '6'],
    ['time(15.13:45:30.0050000)', 'ff', '00'],
    ['time(15.13:45:30.0500000)', 'F', ''],
    ['time(15.13:45:30.0001150)', 'FFFFFFF', '000115'],
    ['time(15.01:45:30)', 'H', '1'],
    ['time(15.01:45:30)', 'HH', '01'],
    ['time(15.01:09:30)', 'm', '9'],
    ['time(15.01:09:30)', 'mm', '09'],
    ['time(15.13:45:09)', 's', '9'],
    ['time(15.13:45:09)', 'ss', '09'],
  ])('format_timespan(%s, %s)', (t, format, expected) => {
    expect(evaluate(`format_timespan(${t}, '${format}')`)).toBe(expected);
  });
  it('a null timespan or an unknown element gives an empty string', () => {
    expect(evaluate("format_timespan(time(null), 'hh')")).toBe('');
    expect(evaluate("format_timespan(1h, 'hh:qq')")).toBe('');
  });
});

describe('format_datetime (the documented examples of every element)', () => {
  it.each([
    ['2017-01-29 09:00:05', 'yyyy-M-dd [H:mm:ss]', '2017-1-29 [9:00:05]'],
    ['2017-01-29 09:00:05', 'yy-MM-dd [hh:mm:ss tt]', '17-01-29 [09:00:05 AM]'],
    ['2009-06-01T13:45:30', 'd|dd|h|hh|H|HH|tt', '1|01|1|01|13|13|PM'],
    ['2009-06-15T01:09:30', 'm|mm|M|MM|s|ss', '9|09|6|06|30|30'],
    [
      '2009-06-15T13:45:30.6175425',
      'f|ff|fff|ffff|fffff|ffffff|fffffff',
      '6|61|617|6175|61754|617542|6175425',
    ],
    ['2009-06-15T13:45:30.0500000', 'F|FF', '|05'],
    ['2009-06-15T13:45:30.0001150', 'FFFFFFF|fffffff', '000115|0001150'],
    ['0900-01-01T00:00:00', 'y|yy|yyyy', '0|00|0900'],
    ['2009-06-15T13:45:30', 'y|yy|yyyy', '9|09|2009'],
    ['2009-06-15T13:45:30', 'dd/MM/yyyy, HH_mm', '15/06/2009, 13_45'],
  ])('format_datetime(datetime(%s), %s)', (dt, format, expected) => {
    expect(evaluate(`format_datetime(datetime(${dt}), '${format}')`)).toBe(expected);
  });
});

describe('parse_url (documented example)', () => {
  // The one deliberate difference from the docs' example: Path keeps its leading '/' (see url-parts.ts).
  it('returns the documented bag: every part a string, the query as a bag', () => {
    expect(
      evaluate('parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")'),
    ).toEqual({
      Scheme: 'scheme',
      Host: 'host',
      Port: '1234',
      Path: '/this/is/a/path',
      Username: 'username',
      Password: 'password',
      'Query Parameters': { k1: 'v1', k2: 'v2' },
      Fragment: 'fragment',
    });
  });
  it('keeps the documented keys in order with empty parts; decodes the query; not a URL gives {}', () => {
    const bag = evaluate(
      'parse_url("https://contoso.azure-devices.net/devices/d-1?api-version=2021%2D04&x=a+b")',
    );
    expect(Object.keys(bag as object)).toEqual([
      'Scheme',
      'Host',
      'Port',
      'Path',
      'Username',
      'Password',
      'Query Parameters',
      'Fragment',
    ]);
    expect(bag).toMatchObject({
      Host: 'contoso.azure-devices.net',
      Port: '',
      Path: '/devices/d-1',
      'Query Parameters': { 'api-version': '2021-04', x: 'a b' },
    });
    expect(evaluate('parse_url("contoso.com/path")')).toEqual({});
    expect(evaluate('tostring(parse_url("https://contoso.com").Path)')).toBe('');
    expect(evaluate('tostring(parse_url("https://h:8883/x").Port)')).toBe('8883');
  });
});

describe('extract_all with captureGroups (documented examples)', () => {
  const id = '"82b8be2d-dfa7-4bd1-8f63-24ad26d31449"';
  it('one capture group: the flat array of its values', () => {
    expect(evaluate(`extract_all(@"([\\da-f]{2})", ${id})`)).toEqual([
      ...['82', 'b8', 'be', '2d', 'df', 'a7', '4b', 'd1', '8f', '63', '24', 'ad', '26', 'd3', '14', '49'],
    ]);
  });
  it('a subset of the groups by number', () => {
    expect(evaluate(`extract_all(@"(\\w)(\\w+)(\\w)", dynamic([1,3]), ${id})`)).toEqual([
      ['8', 'd'],
      ['d', '7'],
      ['4', '1'],
      ['8', '3'],
      ['2', '9'],
    ]);
  });
  it('named groups (RE2 (?P<name>...)) and numbers mixed; one selected group gives a flat array', () => {
    expect(
      evaluate(
        `extract_all(@"(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", dynamic(['first',2,'last']), ${id})`,
      ),
    ).toEqual([
      ['8', '2b8be2', 'd'],
      ['d', 'fa', '7'],
      ['4', 'bd', '1'],
      ['8', 'f6', '3'],
      ['2', '4ad26d3144', '9'],
    ]);
    expect(evaluate(`extract_all(@"(\\w)(\\w+)(\\w)", dynamic([2]), ${id})`)).toEqual([
      '2b8be2',
      'fa',
      'bd',
      'f6',
      '4ad26d3144',
    ]);
  });
  it('no match gives null; group 0 is not a capture group', () => {
    expect(evaluate('extract_all(@"(\\d+)", dynamic([1]), "none")')).toBeNull();
    expect(() => evaluate('extract_all(@"(\\d+)", dynamic([0]), "a1")')).toThrow(/capture groups/);
  });
});

describe('RE2 inline flags', () => {
  it('(?i) at the start makes the whole regex case-insensitive (it used to be dropped)', () => {
    expect(evaluate('extract("(?i)(device-[a-z]+)", 1, "DEVICE-Ab connected")')).toBe('DEVICE-Ab');
    expect(evaluate('"Thermostat-42" matches regex "(?i)^thermostat"')).toBe(true);
    expect(evaluate('"Thermostat-42" matches regex "^thermostat"')).toBe(false);
  });
});

describe("single-quoted and typed values in dynamic literals (dynamic(['a']))", () => {
  it('reads single-quoted, escaped and verbatim strings, keys too', () => {
    expect(evaluate('dynamic([\'a\', "b"])')).toEqual(['a', 'b']);
    expect(evaluate("dynamic({'k\\'x': 'it\\'s', @'a\\b': 1})")).toEqual({ "k'x": "it's", 'a\\b': 1 });
  });
  it('reads numbers, negative numbers, bools, nulls, datetimes and timespans inside', () => {
    expect(evaluate("dynamic([1, -2.5, true, null, datetime(2020-01-01), 1h, 'q'])")).toEqual([
      1,
      -2.5,
      true,
      null,
      '2020-01-01T00:00:00Z',
      '01:00:00',
      'q',
    ]);
  });
  it('works where lists are used: in (), array functions', () => {
    expect(evaluate("'b' in (dynamic(['a', 'b']))")).toBe(true);
    expect(evaluate("array_length(dynamic(['a', 'b', 'c']))")).toBe(3);
  });
});

describe('gettype of a dynamic value (the documented names)', () => {
  it.each([
    ["parse_json('')", 'null'],
    ['dynamic(null)', 'null'],
    ['dynamic(1.5)', 'real'],
    ["parse_json('9999999999')", 'long'],
    ["parse_json('true')", 'bool'],
    ["dynamic(['a'])", 'array'],
    ['int(1)', 'int'],
  ])('gettype(%s)', (arg, expected) => {
    expect(evaluate(`gettype(${arg})`)).toBe(expected);
  });
});

describe('make_datetime (documented examples)', () => {
  it('builds a datetime from its parts; an invalid date is null', () => {
    expect(iso(evaluate('make_datetime(2017,10,01)'))).toBe('2017-10-01T00:00:00.000Z');
    expect(iso(evaluate('make_datetime(2017,10,01,12,10)'))).toBe('2017-10-01T12:10:00.000Z');
    // 12:11:00.1234567 in the docs; a tick (100 ns) is below a double's step near 2017 (~0.24 µs), so the
    // engine's value is the one its datetime literal has.
    expect(
      evaluate('make_datetime(2017,10,01,12,11,0.1234567) == datetime(2017-10-01 12:11:00.1234567)'),
    ).toBe(true);
    expect(evaluate('make_datetime(2017,2,30)')).toBeNull();
    expect(evaluate('make_datetime(2017,1,1,24,0)')).toBeNull();
  });
});

describe('datetime_add with negative and large amounts (documented "Amount" example)', () => {
  it.each([
    ["'year',-5", '2012-01-01T00:00:00.000Z'],
    ["'quarter',12", '2020-01-01T00:00:00.000Z'],
    ["'month',-15", '2015-10-01T00:00:00.000Z'],
    ["'week',100", '2018-12-02T00:00:00.000Z'],
  ])('datetime_add(%s, make_datetime(2017,1,1))', (args, expected) => {
    expect(iso(evaluate(`datetime_add(${args},make_datetime(2017,1,1))`))).toBe(expected);
  });
});
