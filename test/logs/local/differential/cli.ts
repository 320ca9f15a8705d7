/**
 * Longer differential runs than `npm test` does:
 *   npm run test:differential -- --count 20000 --seed 7
 * Exits 1 and prints every mismatch (with its minimized counterexample) when there is one.
 */
import { describeMismatch, runDifferential } from './differential';

function argValue(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`${name} needs a number`);
  return value;
}

async function main(): Promise<void> {
  const count = argValue('--count', 10_000);
  const seed = argValue('--seed', Date.now() % 1_000_000);
  const rows = argValue('--rows', 160);
  const started = Date.now();
  const mismatches = await runDifferential({ count, seed, rows, maxMismatches: 20 });
  for (const m of mismatches) console.log(`${describeMismatch(m)}\n`);
  console.log(
    `${count} queries, seed ${seed}, ${rows} rows per data set: ${mismatches.length} mismatch(es) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exitCode = mismatches.length ? 1 : 0;
}

void main();
