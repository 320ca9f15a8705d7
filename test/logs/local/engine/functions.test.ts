/** Scalar functions; expected values from the Kusto function docs. NOW = 2024-05-10T12:00Z. */
import { columns, d, engineWith, evaluate, rows } from './engine-helper';
import { DIAG } from './fixtures';

describe('conversions', () => {
  it('tostring', () => {
    expect(evaluate('tostring(123)')).toBe('123');
    expect(evaluate('tostring(1.5)')).toBe('1.5');
    expect(evaluate('tostring(true)')).toBe('true');
    // Kusto writes a datetime as text in the round-trip form, always with seven fraction digits.
    expect(evaluate('tostring(datetime(2024-01-02 03:04:05))')).toBe('2024-01-02T03:04:05.0000000Z');
    expect(evaluate('tostring(datetime(2024-01-01 10:00))')).toBe('2024-01-01T10:00:00.0000000Z');
    expect(evaluate("strcat('at ', datetime(2024-01-01 10:00))")).toBe('at 2024-01-01T10:00:00.0000000Z');
    expect(evaluate('tostring(datetime(2024-01-02 03:04:05.123))')).toBe('2024-01-02T03:04:05.1230000Z');
    expect(evaluate('tostring(1h)')).toBe('01:00:00');
    expect(evaluate('tostring(dynamic({"a":1}))')).toBe('{"a":1}');
    expect(evaluate('tostring(dynamic("x"))')).toBe('x');
    expect(evaluate('tostring(int(null))')).toBe('');
  });
  it('toint / tolong', () => {
    expect(evaluate('toint("123")')).toBe(123);
    expect(evaluate('tolong("-42")')).toBe(-42);
    expect(evaluate('toint("abc")')).toBeNull();
    expect(evaluate('toint(2.9)')).toBe(2);
    expect(evaluate('tolong(-2.9)')).toBe(-2);
    expect(evaluate('tolong(dynamic(7))')).toBe(7);
  });
  it('todouble / toreal', () => {
    expect(evaluate('todouble("1.5")')).toBe(1.5);
    expect(evaluate('toreal("abc")')).toBeNull();
    expect(evaluate('todouble(5)')).toBe(5);
  });
  it('todatetime and datetime()', () => {
    expect(evaluate('todatetime("2024-01-02T03:04:05Z")')).toEqual(d('2024-01-02T03:04:05Z'));
    expect(evaluate('todatetime("2024-01-02 03:04")')).toEqual(d('2024-01-02T03:04:00Z'));
    expect(evaluate('todatetime("nope")')).toBeNull();
    expect(evaluate('datetime(2024-01-02)')).toEqual(d('2024-01-02T00:00:00Z'));
  });
  it('types the result columns like Kusto', () => {
    const engine = engineWith({});
    expect(
      columns(
        engine,
        'print a = toint("1"), b = tolong("1"), c = todouble("1"), d = tostring(1), e = todatetime("2024-01-01"), f = 1h',
      ),
    ).toEqual(['a:int', 'b:long', 'c:real', 'd:string', 'e:datetime', 'f:timespan']);
  });
});

describe('time functions (injected clock)', () => {
  it('now() and ago()', () => {
    expect(evaluate('now()')).toEqual(d('2024-05-10T12:00:00Z'));
    expect(evaluate('now(-1d)')).toEqual(d('2024-05-09T12:00:00Z'));
    expect(evaluate('ago(1h)')).toEqual(d('2024-05-10T11:00:00Z'));
    expect(evaluate('ago(1.5h)')).toEqual(d('2024-05-10T10:30:00Z'));
  });
  it('bin() rounds down to a multiple of the size', () => {
    expect(evaluate('bin(7, 5)')).toBe(5);
    expect(evaluate('bin(-7, 5)')).toBe(-10);
    expect(evaluate('bin(4.5, 1)')).toBe(4);
    expect(evaluate('bin(datetime(2024-05-10 11:59), 1h)')).toEqual(d('2024-05-10T11:00:00Z'));
    expect(evaluate('bin(datetime(2024-05-10 11:59), 1d)')).toEqual(d('2024-05-10T00:00:00Z'));
    expect(evaluate('bin(90m, 1h)')).toBe('01:00:00');
    expect(evaluate('floor(7, 5)')).toBe(5);
  });
  it('startofday()', () => {
    expect(evaluate('startofday(datetime(2024-05-10 11:59))')).toEqual(d('2024-05-10T00:00:00Z'));
    expect(evaluate('startofday(datetime(2024-05-10 11:59), -1)')).toEqual(d('2024-05-09T00:00:00Z'));
  });
});

describe('string functions', () => {
  it('strcat, strlen, tolower, toupper, substring', () => {
    expect(evaluate('strcat("a", "b", 1, true)')).toBe('ab1true');
    expect(evaluate('strlen("hello")')).toBe(5);
    expect(evaluate('tolower("AbC")')).toBe('abc');
    expect(evaluate('toupper("AbC")')).toBe('ABC');
    expect(evaluate('substring("abcdef", 1, 3)')).toBe('bcd');
    expect(evaluate('substring("abcdef", 2)')).toBe('cdef');
  });
  it('split', () => {
    expect(evaluate('split("a,b,c", ",")')).toEqual(['a', 'b', 'c']);
    expect(evaluate('split("a,b,c", ",", 1)')).toEqual(['b']);
    expect(evaluate('split("a,b,c", ",")[2]')).toBe('c');
  });
  it('extract', () => {
    expect(evaluate('extract("([0-9]+)", 1, "dev-123")')).toBe('123');
    expect(evaluate('extract("dev-([0-9]+)", 0, "x dev-123 y")')).toBe('dev-123');
    expect(evaluate('extract("x(y)", 1, "abc")')).toBe('');
  });
  it('replace_string, indexof', () => {
    expect(evaluate('replace_string("a-b-c", "-", "+")')).toBe('a+b+c');
    expect(evaluate('indexof("abcdef", "cd")')).toBe(2);
    expect(evaluate('indexof("abcdef", "x")')).toBe(-1);
  });
});

describe('conditionals and null tests', () => {
  it('iif / iff', () => {
    expect(evaluate('iif(1 > 2, "a", "b")')).toBe('b');
    expect(evaluate('iff(true, 1, 2)')).toBe(1);
    expect(evaluate('iif(int(null) > 1, "a", "b")')).toBe('b');
  });
  it('case', () => {
    expect(evaluate('case(false, 1, true, 2, 3)')).toBe(2);
    expect(evaluate('case(false, 1, 3)')).toBe(3);
  });
  it('isempty / isnotempty / isnull / isnotnull', () => {
    expect(evaluate('isempty("")')).toBe(true);
    expect(evaluate('isempty(int(null))')).toBe(true);
    expect(evaluate('isempty("a")')).toBe(false);
    expect(evaluate('isnotempty("a")')).toBe(true);
    expect(evaluate('isnull(int(null))')).toBe(true);
    expect(evaluate('isnull("")')).toBe(false); // strings have no null
    expect(evaluate('isnotnull(5)')).toBe(true);
  });
  it('coalesce', () => {
    expect(evaluate('coalesce(int(null), 5)')).toBe(5);
    expect(evaluate('coalesce("", "x")')).toBe('x');
    expect(evaluate('coalesce(int(null), int(null))')).toBeNull();
  });
});

describe('functions over columns', () => {
  const engine = engineWith({ AzureDiagnostics: DIAG });
  it('evaluates per row', () => {
    expect(
      rows(
        engine,
        'AzureDiagnostics | where isnotnull(DurationMs) | project x = iif(DurationMs > 9, "big", "small") | take 3',
      ),
    ).toEqual([['big'], ['big'], ['small']]);
    // Missing string cells are "" (never null).
    expect(rows(engine, 'AzureDiagnostics | where isempty(ResultType) | count')).toEqual([[3]]);
    expect(rows(engine, 'AzureDiagnostics | where isnull(ResultType) | count')).toEqual([[0]]);
  });
});
