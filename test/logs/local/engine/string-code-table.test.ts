/**
 * The string dictionary's code table agrees with a Map on every lookup: same code for the same
 * value, -1 for a value never added, codes in the order values arrived, across many growths of the
 * table and with values that differ only in their last characters or in case. It keys on UTF-8
 * bytes, so it is also checked on text whose bytes alone would not tell values apart (lone
 * surrogates, which the encoder writes as U+FFFD) and on values longer than its scratch buffer,
 * and every code must decode back to its value.
 */
import { StringCodeTable, hashString } from '../../../../src/logs/local/string-code-table';
import { Prng } from '../../../../src/logs/simulate/prng';

/**
 * Adds `inputs` in order, each code checked against a Map (a value's first arrival gets the next
 * code, a repeat its old one); returns the distinct values in code order.
 */
function addChecked(table: StringCodeTable, inputs: readonly string[]): string[] {
  const reference = new Map<string, number>();
  for (const value of inputs) {
    const expected = reference.get(value) ?? reference.size;
    expect(table.codeOrAdd(value)).toBe(expected);
    reference.set(value, expected);
  }
  expect(table.size).toBe(reference.size);
  return [...reference.keys()];
}

/** Every value is found under its code, and every code decodes back to its value. */
function expectRoundTrips(table: StringCodeTable, values: readonly string[]): void {
  values.forEach((value, code) => {
    expect(table.codeOf(value)).toBe(code);
    expect(table.valueOf(code)).toBe(value);
  });
}

describe('StringCodeTable', () => {
  it('gives each distinct value the next code and finds it again, like a Map', () => {
    const random = new Prng(7);
    const table = new StringCodeTable();
    const pool = [
      '',
      'a',
      'A',
      'thermostat-0042',
      'THERMOSTAT-0042',
      '{"deviceId":"x"}',
      '한글 장치',
      '\u0000',
      'thermostat-0043',
    ];
    for (let i = 0; i < 50_000; i++) pool.push(`device-${random.int(0, 19_999)}`);
    expectRoundTrips(table, addChecked(table, pool));
    for (const absent of ['device-20000', 'Thermostat-0042', 'b', ' ', 'device-1 ']) {
      expect(table.codeOf(absent)).toBe(-1);
    }
  });

  it('tells apart values whose slots collide in a small table', () => {
    const table = new StringCodeTable();
    // Values that land in the same slot of the initial 1024-slot table.
    const wanted = hashString('seed') & 1023;
    const colliding: string[] = [];
    for (let i = 0; colliding.length < 40; i++) {
      const candidate = `v${i}`;
      if ((hashString(candidate) & 1023) === wanted) colliding.push(candidate);
    }
    expect(addChecked(table, colliding)).toEqual(colliding);
    expectRoundTrips(table, colliding);
    expect(table.codeOf('seed')).toBe(-1);
  });

  it('keeps apart values whose UTF-8 bytes are the same (lone surrogates and U+FFFD)', () => {
    const table = new StringCodeTable();
    const tricky = [
      '\uFFFD',
      '\uD800',
      '\uDFFF',
      'a\uD800b',
      'a\uFFFDb',
      'a\uDBFFb',
      '\uD83D\uDE00', // a real pair: 😀
      '\uDE00\uD83D', // the same units reversed: two lone surrogates
      '😀',
      '장치-7',
      'a',
      'a\u0000',
      '\u0000',
      '',
      'é',
      'e\u0301',
    ];
    const values = addChecked(table, [...tricky, ...tricky.slice().reverse()]);
    expect(values).toEqual([...new Set(tricky)]);
    expectRoundTrips(table, values);
    expect(table.codeOf('\uDBFF')).toBe(-1);
  });

  it('handles values longer than its scratch buffer, and values that differ only far in', () => {
    const table = new StringCodeTable();
    const long = (fill: string, middle: string): string =>
      `${fill.repeat(3000)}${middle}${fill.repeat(3000)}`;
    const values = addChecked(table, [
      long('x', 'a'),
      long('x', 'b'),
      long('한', 'a'),
      long('한', 'b'),
      long('x', 'a'),
    ]);
    expect(values).toHaveLength(4);
    expectRoundTrips(table, values);
    expect(table.codeOf(long('x', 'c'))).toBe(-1);
  });
});
