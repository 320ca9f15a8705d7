/**
 * The string dictionary's code table agrees with a Map on every lookup: same code for the same
 * value, -1 for a value never added, codes in the order values arrived, across many growths of the
 * table and with values that differ only in their last characters or in case.
 */
import { StringCodeTable, hashString } from '../../../../src/logs/local/string-code-table';
import { Prng } from '../../../../src/logs/simulate/prng';

describe('StringCodeTable', () => {
  it('gives each distinct value the next code and finds it again, like a Map', () => {
    const random = new Prng(7);
    const values: string[] = [];
    const table = new StringCodeTable(values);
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
    for (const [value, code] of reference) expect(table.codeOf(value)).toBe(code);
    for (const absent of ['device-20000', 'Thermostat-0042', 'b', ' ', 'device-1 ']) {
      expect(table.codeOf(absent)).toBe(-1);
    }
  });

  it('tells apart values whose slots collide in a small table', () => {
    const values: string[] = [];
    const table = new StringCodeTable(values);
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
});
