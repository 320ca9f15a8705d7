import { StoredTable, StringColumn } from '../../../../src/logs/local/table';

/** A one-column table (string column `s`) filled with `values`, then finished. */
function loaded(values: readonly string[]): StringColumn {
  const table = new StoredTable('T', [{ name: 's', type: 'string' }]);
  for (const s of values) table.appendRow({ s });
  table.finishLoading();
  return table.column('s') as StringColumn;
}

describe('string column encoding', () => {
  it('keeps a dictionary for a column whose first rows are all distinct but that repeats later', () => {
    // Time-ordered logs of a large fleet: every device's first record is new, later ones repeat.
    const distinct = 70_000;
    const values = Array.from({ length: distinct * 4 }, (_, i) => `{"deviceId":"device-${i % distinct}"}`);
    const column = loaded(values);
    expect(column.isDictionary).toBe(true);
    expect(column.dict.length).toBe(distinct);
    expect(column.codes).toBeInstanceOf(Int32Array);
    for (const row of [0, 1, distinct - 1, distinct, values.length - 1]) {
      expect(column.get(row)).toBe(values[row]);
    }
    expect(column.countOf(column.codeOf('{"deviceId":"device-5"}') as number)).toBe(4);
    expect([...column.rowsOf(column.codeOf('{"deviceId":"device-5"}') as number)]).toEqual([
      5,
      5 + distinct,
      5 + 2 * distinct,
      5 + 3 * distinct,
    ]);
  });

  it('stores a mostly unique column as plain strings once loading is done', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => `corr-${i}-${i % 7}`);
    const column = loaded(values);
    expect(column.isDictionary).toBe(false);
    expect(column.values).toEqual(values);
  });

  it('keeps 8-bit codes for a column with few distinct values', () => {
    const values = Array.from(
      { length: 5000 },
      (_, i) => ['Connections', 'DeviceOperations', ''][i % 3] as string,
    );
    const column = loaded(values);
    expect(column.isDictionary).toBe(true);
    expect(column.codes).toBeInstanceOf(Uint8Array);
    expect(column.get(4999)).toBe(values[4999]);
  });

  it('widens the codes to 16 bits at the 257th distinct value and keeps every row', () => {
    // 100 values for 2000 rows (past the first array growth), then 300.
    const values = Array.from({ length: 6000 }, (_, i) => `op-${i < 2000 ? i % 100 : i % 300}`);
    const column = loaded(values);
    expect(column.isDictionary).toBe(true);
    expect(column.dict.length).toBe(300);
    expect(column.codes).toBeInstanceOf(Uint16Array);
    expect(column.codes.length).toBe(values.length);
    expect(values.every((v, row) => column.get(row) === v)).toBe(true);
  });

  it('keeps no row list for the value held by more than half the rows, and lists the others', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i % 10 === 3 ? 'Error' : 'Informational'));
    const column = loaded(values);
    const error = column.codeOf('Error') as number;
    const info = column.codeOf('Informational') as number;
    expect(column.hasCodeRows).toBe(true);
    expect(column.hasRowsOf(info)).toBe(false);
    expect(() => column.rowsOf(info)).toThrow(/no row list/);
    expect(column.hasRowsOf(error)).toBe(true);
    expect([...column.rowsOf(error)]).toEqual(values.flatMap((v, row) => (v === 'Error' ? [row] : [])));
  });
});
