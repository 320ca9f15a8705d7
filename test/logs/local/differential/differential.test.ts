/**
 * Issue #17 "Never a wrong number": seeded random queries (filters, computed summarize keys, every
 * aggregate, extend/project/top/take/distinct/count, joins of every kind, mv-expand of split()) give the same result in
 * the embedded engine as their SQL translation in DuckDB. With differential-2.test.ts: 2,000
 * queries. A failure prints the seed, the KQL, the SQL, both results and a minimized
 * counterexample; `npm run test:differential -- --count N --seed S` runs longer.
 */
import { differentialTest } from './suite';

differentialTest(20_241_202, 1_000);
