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

describe('StringCodeTable', () => {
  it('gives each distinct value the next code and finds it again, like a Map', () => {
    const random = new Prng(7);
    const values: string[] = [];
    const table = new StringCodeTable();
    const reference = new Map<string, number>();
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
    for (const value of pool) {
      const expected = reference.get(value) ?? reference.size;
      const code = table.codeOrAdd(value);
      expect(code).toBe(expected);
      if (code === values.length) {
        values.push(value);
        reference.set(value, code);
      }
    }
    expect(table.size).toBe(reference.size);
    for (const [value, code] of reference) {
      expect(table.codeOf(value)).toBe(code);
      expect(table.valueOf(code)).toBe(value);
    }
    for (const absent of ['device-20000', 'Thermostat-0042', 'b', ' ', 'device-1 ']) {
      expect(table.codeOf(absent)).toBe(-1);
    }
  });

  it('tells apart values whose slots collide in a small table', () => {
    const values: string[] = [];
    const table = new StringCodeTable();
    // Values that land in the same slot of the initial 1024-slot table.
    const wanted = hashString('seed') & 1023;
    const colliding: string[] = [];
    for (let i = 0; colliding.length < 40; i++) {
      const candidate = `v${i}`;
      if ((hashString(candidate) & 1023) === wanted) colliding.push(candidate);
    }
    for (const value of colliding) {
      expect(table.codeOrAdd(value)).toBe(values.length);
      values.push(value);
    }
    colliding.forEach((value, code) => expect(table.codeOf(value)).toBe(code));
    expect(table.codeOf('seed')).toBe(-1);
  });

  it('keeps apart values whose UTF-8 bytes are the same (lone surrogates and U+FFFD)', () => {
    const values: string[] = [];
    const table = new StringCodeTable();
    const reference = new Map<string, number>();
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
    for (const value of [...tricky, ...tricky.slice().reverse()]) {
      const expected = reference.get(value) ?? reference.size;
      const code = table.codeOrAdd(value);
      expect(code).toBe(expected);
      if (code === values.length) {
        values.push(value);
        reference.set(value, code);
      }
    }
    expect(values).toEqual([...new Set(tricky)]);
    for (const [value, code] of reference) {
      expect(table.codeOf(value)).toBe(code);
      expect(table.valueOf(code)).toBe(value);
    }
    expect(table.codeOf('\uDBFF')).toBe(-1);
  });

  it('handles values longer than its scratch buffer, and values that differ only far in', () => {
    const values: string[] = [];
    const table = new StringCodeTable();
    const long = (fill: string, middle: string): string =>
      `${fill.repeat(3000)}${middle}${fill.repeat(3000)}`;
    const inputs = [long('x', 'a'), long('x', 'b'), long('한', 'a'), long('한', 'b'), long('x', 'a')];
    expect(
      inputs.map((value) => {
        const code = table.codeOrAdd(value);
        if (code === values.length) values.push(value);
        return code;
      }),
    ).toEqual([0, 1, 2, 3, 0]);
    expect(table.codeOf(long('x', 'c'))).toBe(-1);
    expect(table.codeOf(long('한', 'b'))).toBe(3);
    expect(table.size).toBe(4);
    values.forEach((value, code) => expect(table.valueOf(code)).toBe(value));
  });
});
