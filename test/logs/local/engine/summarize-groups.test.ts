/**
 * `summarize` by one and two keys over dictionary-coded columns: the per-group distinct-code sets
 * (a shared byte table, then sets once the table would pass 16 MB) and the two-key group table
 * must give what a direct computation gives, groups in first-seen order.
 */
import type { CellValue } from '../../../../src/logs/backend';
import { engineWith, rows, type Row } from './engine-helper';

const ROWS = 12_000;

/** Deterministic pseudo-random rows: 4000 resources × 5000 distinct properties (both dictionaries). */
function makeRows(): Row[] {
  let seed = 42;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: Row[] = [];
  for (let i = 0; i < ROWS; i++) {
    out.push({
      TimeGenerated: new Date(Date.UTC(2024, 4, 1) + i * 1000),
      Category: ['Connections', 'DeviceTelemetry', 'C2DCommands'][next(3)] as string,
      Resource: `HUB-${i < 8000 ? i % 4000 : next(4000)}`,
      properties_s: `{"deviceId":"d-${i < 5000 ? i : next(5000)}"}`,
    });
  }
  return out;
}

/** Distinct values per group key, groups and values in first-seen order. */
function reference(data: readonly Row[], key: (row: Row) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of data) {
    const k = key(row);
    const values = groups.get(k) ?? [];
    if (!values.includes(row['properties_s'] as string)) values.push(row['properties_s'] as string);
    groups.set(k, values);
  }
  return groups;
}

describe('summarize by dictionary-coded keys', () => {
  const data = makeRows();
  const engine = engineWith({ AzureDiagnostics: data });

  it('dcount and make_set per group, past the byte table into sets', () => {
    const got = rows(
      engine,
      'AzureDiagnostics | summarize dcount(properties_s), make_set(properties_s) by Resource',
    );
    const expected = reference(data, (row) => row['Resource'] as string);
    expect(got.length).toBe(4000);
    expect(got).toEqual(
      [...expected.entries()].map(([resource, values]) => [resource, values.length, values]),
    );
  });

  it('two keys: groups in first-seen order with their counts and distinct values', () => {
    const got = rows(
      engine,
      'AzureDiagnostics | summarize count(), dcount(properties_s) by Category, Resource',
    );
    const key = (row: Row): string => `${row['Category'] as string}|${row['Resource'] as string}`;
    const counts = new Map<string, number>();
    for (const row of data) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
    const expected = reference(data, key);
    expect(got).toEqual(
      [...expected.entries()].map(([k, values]): CellValue[] => {
        const [category, resource] = k.split('|') as [string, string];
        return [category, resource, counts.get(k) as number, values.length];
      }),
    );
  });
});
