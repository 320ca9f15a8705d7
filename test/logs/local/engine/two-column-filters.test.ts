/**
 * A `where` conjunct that reads two small dictionary columns is evaluated once per value pair the
 * rows hold; the rows it keeps must be exactly those a row-by-row reading of the predicate keeps,
 * alone and beside time ranges and other conjuncts.
 */
import fc from 'fast-check';
import { engineWith, rows, type Row } from './engine-helper';

const CATEGORIES = ['Connections', 'DeviceTelemetry', 'C2DCommands', ''];
const LEVELS = ['Information', 'Error', 'Warning'];
const ROWS = 3000;

function makeRows(): Row[] {
  let seed = 9;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: Row[] = [];
  for (let i = 0; i < ROWS; i++) {
    out.push({
      TimeGenerated: new Date(Date.UTC(2024, 4, 1) + next(86_400) * 1000),
      Category: CATEGORIES[next(CATEGORIES.length)] as string,
      Level: LEVELS[next(LEVELS.length)] as string,
      DurationMs: i,
    });
  }
  return out;
}

/** A predicate over Category and Level, as KQL and as a direct reading. */
type Predicate = readonly [kql: string, keep: (row: Row) => boolean];

const category = fc.constantFrom(...CATEGORIES);
const level = fc.constantFrom(...LEVELS);
const predicate: fc.Arbitrary<Predicate> = fc.oneof(
  fc
    .tuple(category, level)
    .map(([c, l]): Predicate => [
      `Category == "${c}" or Level == "${l}"`,
      (row) => row['Category'] === c || row['Level'] === l,
    ]),
  fc
    .tuple(category, level, category)
    .map(([c, l, other]): Predicate => [
      `(Category == "${c}" and Level == "${l}") or Category == "${other}"`,
      (row) => (row['Category'] === c && row['Level'] === l) || row['Category'] === other,
    ]),
  fc
    .tuple(category, level)
    .map(([c, l]): Predicate => [
      `strcat(Category, "/", Level) != "${c}/${l}"`,
      (row) => `${row['Category'] as string}/${row['Level'] as string}` !== `${c}/${l}`,
    ]),
);

describe('filters over two dictionary columns', () => {
  const data = makeRows();
  const finished = engineWith({ AzureDiagnostics: data });
  const unfinished = engineWith({ AzureDiagnostics: data }, { finish: false });
  const ids = (kql: string, engine = finished): number[] => rows(engine, kql).map((r) => r[0] as number);

  it('keep the rows a row-by-row reading keeps', () => {
    fc.assert(
      fc.property(predicate, ([kql, keep]) => {
        const expected = data.filter(keep).map((row) => row['DurationMs'] as number);
        const query = `AzureDiagnostics | where ${kql} | project DurationMs`;
        expect(ids(query)).toEqual(expected);
        expect(ids(query, unfinished)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('and beside a time range and a one-column conjunct', () => {
    fc.assert(
      fc.property(predicate, fc.integer({ min: 0, max: 86_399 }), level, ([kql, keep], from, other) => {
        const start = Date.UTC(2024, 4, 1) + from * 1000;
        const expected = data
          .filter(
            (row) => (row['TimeGenerated'] as Date).getTime() >= start && row['Level'] !== other && keep(row),
          )
          .map((row) => row['DurationMs'] as number);
        const query = `AzureDiagnostics
          | where TimeGenerated >= datetime(${new Date(start).toISOString()}) and Level != "${other}" and (${kql})
          | project DurationMs`;
        expect(ids(query)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
