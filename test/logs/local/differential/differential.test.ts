/**
 * Issue #17 "Never a wrong number": 2,000 seeded random queries (filters, computed summarize keys,
 * every aggregate, extend/project/top/take/distinct/count, joins of every kind) give the same
 * result in the embedded engine as their SQL translation in DuckDB. A failure prints the seed, the
 * KQL, the SQL, both results and a minimized counterexample; `npm run test:differential -- --count N
 * --seed S` runs longer.
 */
import { describeMismatch, runDifferential } from './differential';

const SEED = 20_241_202;
const COUNT = 2_000;

describe('differential: embedded engine vs DuckDB', () => {
  it(`${COUNT} generated queries (seed ${SEED}) agree`, async () => {
    const mismatches = await runDifferential({ count: COUNT, seed: SEED });
    if (mismatches.length > 0) throw new Error(mismatches.map(describeMismatch).join('\n\n'));
    expect(mismatches).toEqual([]);
  }, 180_000);
});
