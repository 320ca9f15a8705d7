import { describeMismatch, runDifferential } from './differential';

/**
 * A jest test running `count` generated queries from `seed` (the 2,000 of `npm test` are split over
 * two files so jest's workers run them in parallel: the Kusto parser's ~20 ms per query dominates).
 */
export function differentialTest(seed: number, count: number): void {
  describe('differential: embedded engine vs DuckDB', () => {
    it(`${count} generated queries (seed ${seed}) agree`, async () => {
      const mismatches = await runDifferential({ count, seed });
      if (mismatches.length > 0) throw new Error(mismatches.map(describeMismatch).join('\n\n'));
      expect(mismatches).toEqual([]);
    }, 180_000);
  });
}
