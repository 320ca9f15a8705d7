/**
 * Range filters on a number/datetime column that is only roughly in order (per-file batches, as
 * the loaders append them) skip or take whole zones of rows by their min/max; the rows kept must
 * be exactly those a row-by-row comparison keeps, nulls and zone edges included.
 */
import fc from 'fast-check';
import { engineWith, rows, type Row } from './engine-helper';

const ROWS = 5000;
const START = Date.UTC(2024, 4, 1);

/** Times ascending in batches of 300 that overlap their neighbours; every 37th row has no time, every 41st no duration. */
function makeRows(): Row[] {
  let seed = 3;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: Row[] = [];
  for (let i = 0; i < ROWS; i++) {
    const batch = Math.floor(i / 300);
    out.push({
      TimeGenerated: i % 37 === 0 ? null : new Date(START + batch * 200 * 60_000 + next(300 * 60_000)),
      DurationMs: i % 41 === 0 ? null : next(1000),
      Category: 'Connections',
      OperationName: `op-${i}`,
    });
  }
  return out;
}

const OPS = ['>', '>=', '<', '<=', '=='] as const;
type Op = (typeof OPS)[number];

function compare(v: number, op: Op, bound: number): boolean {
  switch (op) {
    case '>':
      return v > bound;
    case '>=':
      return v >= bound;
    case '<':
      return v < bound;
    case '<=':
      return v <= bound;
    case '==':
      return v === bound;
  }
}

describe('range filters over roughly ordered columns', () => {
  const data = makeRows();
  const finished = engineWith({ AzureDiagnostics: data });
  const unfinished = engineWith({ AzureDiagnostics: data }, { finish: false });
  const names = (kql: string, engine = finished): string[] => rows(engine, kql).map((r) => r[0] as string);
  const timeOf = (row: Row): number | null => (row['TimeGenerated'] as Date | null)?.getTime() ?? null;

  it('datetime comparisons and between keep the rows a row-by-row reading keeps', () => {
    const span = 17 * 200 * 60_000 + 300 * 60_000;
    fc.assert(
      fc.property(
        fc.constantFrom(...OPS),
        fc.integer({ min: -60_000, max: span }),
        fc.integer({ min: 0, max: span }),
        (op, offset, length) => {
          const bound = START + offset;
          const single = `AzureDiagnostics | where TimeGenerated ${op} datetime(${new Date(bound).toISOString()}) | project OperationName`;
          const expected = data
            .filter((row) => {
              const t = timeOf(row);
              return t !== null && compare(t, op, bound);
            })
            .map((row) => row['OperationName'] as string);
          expect(names(single)).toEqual(expected);
          expect(names(single, unfinished)).toEqual(expected);
          const between = `AzureDiagnostics | where TimeGenerated between (datetime(${new Date(bound).toISOString()}) .. datetime(${new Date(bound + length).toISOString()})) | project OperationName`;
          expect(names(between)).toEqual(
            data
              .filter((row) => {
                const t = timeOf(row);
                return t !== null && t >= bound && t <= bound + length;
              })
              .map((row) => row['OperationName'] as string),
          );
        },
      ),
      { numRuns: 120 },
    );
  });

  it('number comparisons with nulls, and the API timespan', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPS), fc.integer({ min: -5, max: 1005 }), (op, bound) => {
        const kql = `AzureDiagnostics | where DurationMs ${op} ${bound} | project OperationName`;
        const expected = data
          .filter((row) => row['DurationMs'] !== null && compare(row['DurationMs'] as number, op, bound))
          .map((row) => row['OperationName'] as string);
        expect(names(kql)).toEqual(expected);
        expect(names(kql, unfinished)).toEqual(expected);
      }),
      { numRuns: 80 },
    );
    const from = new Date(START + 1000 * 60_000);
    const to = new Date(START + 2345 * 60_000);
    const inSpan = rows(finished, 'AzureDiagnostics | project OperationName');
    expect(inSpan.length).toBe(ROWS);
    const spanned = (
      finished.query('AzureDiagnostics | project OperationName', { startTime: from, endTime: to })[0]?.rows ??
      []
    ).map((r) => r[0] as string);
    expect(spanned).toEqual(
      data
        .filter((row) => {
          const t = timeOf(row);
          return t !== null && t >= from.getTime() && t < to.getTime();
        })
        .map((row) => row['OperationName'] as string),
    );
  });
});
