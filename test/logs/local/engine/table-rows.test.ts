/**
 * `StoredTable.appendRow` walks a row's own keys and remembers the column of each key position, and
 * string columns find a value's code through a cache of recent values by length. These tests feed
 * rows whose shapes change under that memory (other key orders, missing and extra keys, inherited
 * keys, undefined values) and values that share a length, and check every cell against the row it
 * came from.
 */
import type { CellValue } from '../../../../src/logs/backend';
import { StoredTable } from '../../../../src/logs/local/table';
import { Prng } from '../../../../src/logs/simulate/prng';

const SCHEMA = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'DeviceId', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'DurationMs', type: 'long' },
  { name: 'IsError', type: 'bool' },
] as const;

function cell(table: StoredTable, name: string, row: number): unknown {
  return table.column(name)?.get(row);
}

describe('StoredTable.appendRow', () => {
  it('puts each value in its own column whatever the key order, and null where a key is missing', () => {
    const table = new StoredTable('T', SCHEMA);
    const t = new Date('2026-03-01T00:00:00Z');
    const rows: Record<string, CellValue>[] = [
      { TimeGenerated: t, DeviceId: 'a', Level: 'Error', DurationMs: 5, IsError: true },
      { IsError: false, DurationMs: 7, Level: 'Information', DeviceId: 'b', TimeGenerated: t },
      { DeviceId: 'c' },
      { Extra: 'ignored', DeviceId: 'd', Other: 1, Level: 'Warning' },
      { TimeGenerated: t, DeviceId: 'a', Level: 'Error', DurationMs: 5, IsError: true },
      {},
      { DeviceId: undefined as unknown as CellValue, Level: 'Error' },
    ];
    for (const row of rows) table.appendRow(row);
    table.finishLoading();
    expect(table.rowCount).toBe(rows.length);
    for (const column of table.columns) expect(column.length).toBe(rows.length);
    expect(rows.map((_, r) => cell(table, 'DeviceId', r))).toEqual(['a', 'b', 'c', 'd', 'a', '', '']);
    expect(rows.map((_, r) => cell(table, 'Level', r))).toEqual([
      'Error',
      'Information',
      '',
      'Warning',
      'Error',
      '',
      'Error',
    ]);
    expect(rows.map((_, r) => cell(table, 'DurationMs', r))).toEqual([5, 7, null, null, 5, null, null]);
    expect(rows.map((_, r) => cell(table, 'IsError', r))).toEqual([
      true,
      false,
      null,
      null,
      true,
      null,
      null,
    ]);
    expect(cell(table, 'TimeGenerated', 1)).toBe(t.getTime());
    expect(cell(table, 'TimeGenerated', 2)).toBeNull();
  });

  it('reads keys a row inherits, as a lookup by name would', () => {
    const table = new StoredTable('T', SCHEMA);
    const base = { Level: 'Error' };
    const row = Object.create(base) as Record<string, CellValue>;
    row['DeviceId'] = 'child';
    table.appendRow(row);
    expect(cell(table, 'DeviceId', 0)).toBe('child');
    expect(cell(table, 'Level', 0)).toBe('Error');
  });

  it('agrees cell by cell with the rows on random shapes and values of equal length', () => {
    const random = new Prng(11);
    const table = new StoredTable('T', SCHEMA);
    const names = ['TimeGenerated', 'DeviceId', 'Level', 'DurationMs', 'IsError', 'Unknown'];
    // Values of one length, so the recent-value cache keeps swapping them in one slot.
    const devices = Array.from({ length: 300 }, (_, i) => `dev-${String(i).padStart(4, '0')}`);
    const levels = ['Error', 'Infor', 'Warni', 'Verbo'];
    const expected: { device: string; level: string; duration: number | null }[] = [];
    for (let i = 0; i < 20_000; i++) {
      const keys = names.filter(() => random.int(0, 5) > 0);
      // Mostly one key order, sometimes shuffled, as when rows come from two loaders.
      if (random.int(0, 9) === 0) keys.reverse();
      const row: Record<string, CellValue> = {};
      const device = devices[random.int(0, devices.length - 1)] as string;
      const level = levels[random.int(0, levels.length - 1)] as string;
      const duration = random.int(0, 1000);
      for (const key of keys) {
        if (key === 'DeviceId') row[key] = device;
        else if (key === 'Level') row[key] = level;
        else if (key === 'DurationMs') row[key] = duration;
        else if (key === 'TimeGenerated') row[key] = new Date(1_770_000_000_000 + i);
        else if (key === 'IsError') row[key] = level === 'Error';
        else row[key] = 'x';
      }
      table.appendRow(row);
      expected.push({
        device: keys.includes('DeviceId') ? device : '',
        level: keys.includes('Level') ? level : '',
        duration: keys.includes('DurationMs') ? duration : null,
      });
    }
    table.finishLoading();
    expected.forEach((e, r) => {
      expect(cell(table, 'DeviceId', r)).toBe(e.device);
      expect(cell(table, 'Level', r)).toBe(e.level);
      expect(cell(table, 'DurationMs', r)).toBe(e.duration);
    });
  });
});
