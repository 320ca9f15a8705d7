import { Bitmap } from '../../../../src/logs/local/row-sets';
import { TermIndex } from '../../../../src/logs/local/term-index';

/** Row ids of a posting (bitmap or sorted list). */
function rowsOf(posting: Int32Array | Bitmap, rowCount: number): number[] {
  if (posting instanceof Int32Array) return [...posting];
  const rows: number[] = [];
  for (let r = 0; r < rowCount; r++) if (((posting.words[r >>> 5] as number) >>> (r & 31)) & 1) rows.push(r);
  return rows;
}

describe('term index', () => {
  it('gives up on unique ids without tokenizing most of them', () => {
    const rowCount = 100_000;
    let read = 0;
    const index = TermIndex.build(
      rowCount,
      (r) => {
        read++;
        return `${(r * 2654435761) % 4294967296}-corr-${r.toString(16).padStart(8, '0')}`;
      },
      60_000,
    );
    expect(index).toBeNull();
    // Two new terms per row: the cap alone would stop at row 30,000.
    expect(read).toBeLessThanOrEqual(5000);
  });

  it('indexes a column whose vocabulary stops growing, with every row of each term', () => {
    const rowCount = 50_000;
    const value = (r: number): string =>
      `{"deviceId":"device-${r % 500}","protocol":"${r % 3 ? 'Mqtt' : 'Amqp'}"}`;
    const index = TermIndex.build(rowCount, value, 200_000);
    expect(index).not.toBeNull();
    const idx = index as TermIndex;
    const expected = (pred: (r: number) => boolean): number[] =>
      Array.from({ length: rowCount }, (_, r) => r).filter(pred);
    expect(rowsOf(idx.lookup('amqp'), rowCount)).toEqual(expected((r) => r % 3 === 0));
    expect(rowsOf(idx.lookup('123'), rowCount)).toEqual(expected((r) => r % 500 === 123));
    expect(rowsOf(idx.lookup('absent'), rowCount)).toEqual([]);
  });
});
