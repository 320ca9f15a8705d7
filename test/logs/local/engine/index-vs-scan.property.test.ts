/**
 * The accelerators built by finishLoading() (term indexes on plain and dictionary columns, per-code
 * row lists, extracted JSON fields, sorted-time ranges) must never change a result: the same
 * filters on an engine that was never finished (plain scans) and on a finished one give the same
 * rows, and both agree with a direct implementation of the Kusto docs' string semantics.
 */
import fc from 'fast-check';
import type { CellValue } from '../../../../src/logs/backend';
import type { LocalLogsEngine } from '../../../../src/logs/local/engine';
import type { StoredTable, StringColumn } from '../../../../src/logs/local/table';
import { engineWith, type Row } from './engine-helper';
import { random as seededRandom } from '../differential/generator';

const TOKENS = [
  'dev',
  'dev-1',
  'dev-12',
  'Dev-123',
  'abc',
  'ABC',
  'x',
  'x_y',
  'thermo',
  'thermostat-42',
  '42',
  'a.b',
  '401003',
  'Mqtt',
  'mqtt',
  'Ünïcode',
];
const ROWS = 6000;

interface Dataset {
  readonly rows: Row[];
  readonly indexed: LocalLogsEngine;
  readonly scanned: LocalLogsEngine;
}

/**
 * 6000 rows: CorrelationId unique per row (a plain column → row term index), properties_s drawn
 * from 2500 JSON texts (a dictionary column → term index over values, per-code row lists, JSON
 * fields), ResultDescription a unique JSON text per row with odd shapes (plain → row JSON fields),
 * Category from a few tokens (small dictionary), TimeGenerated in time order.
 */
function dataset(seed: number): Dataset {
  const random = seededRandom(seed);
  const pick = (): string => TOKENS[Math.floor(random() * TOKENS.length)] as string;
  const pool: string[] = [];
  for (let k = 0; k < 2500; k++) {
    const shape = random();
    if (shape < 0.02) pool.push(`{"deviceId":{"nested":"${pick()}"},"n":${k}}`);
    else if (shape < 0.04)
      pool.push(`{"deviceId":"${pick()}"`); // not valid JSON
    else if (shape < 0.05) pool.push(`["${pick()}"]`);
    else
      pool.push(
        JSON.stringify({
          deviceId: `${pick()}-${k % 50}`,
          msg: `${pick()} ${pick()}`,
          statusCode: random() < 0.5 ? null : '404',
          n: k,
        }),
      );
  }
  const rows: Row[] = [];
  const start = Date.UTC(2024, 4, 1);
  for (let i = 0; i < ROWS; i++) {
    rows.push({
      TimeGenerated: new Date(start + i * 60_000),
      Category: pick(),
      CorrelationId: `${pick()} ${pick()}-${i}`,
      properties_s: pool[Math.floor(random() * pool.length)] as string,
      ResultDescription: random() < 0.04 ? `${pick()} text ${i}` : JSON.stringify({ deviceId: pick(), i }),
      DurationMs: i,
    });
  }
  return {
    rows,
    indexed: engineWith({ AzureDiagnostics: rows }),
    scanned: engineWith({ AzureDiagnostics: rows }, { finish: false }),
  };
}

const datasets = [dataset(1), dataset(2)];

/** A KQL string literal. */
const str = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function ids(engine: LocalLogsEngine, kql: string): number[] {
  const [table] = engine.query(kql);
  return (table?.rows ?? []).map((r) => r[0] as number);
}

const ALNUM = /[\p{L}\p{Nd}]/u;

/** Kusto `has` straight from the docs: the needle occurs with term boundaries at its alphanumeric ends. */
function referenceHas(hay: string, needle: string, caseSensitive: boolean): boolean {
  const h = caseSensitive ? hay : hay.toLowerCase();
  const n = caseSensitive ? needle : needle.toLowerCase();
  if (n.length === 0) return true;
  for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + 1)) {
    const before = at > 0 ? (h[at - 1] as string) : '';
    const after = h[at + n.length] ?? '';
    const startOk = !ALNUM.test(n[0] as string) || !ALNUM.test(before);
    const endOk = !ALNUM.test(n[n.length - 1] as string) || !ALNUM.test(after);
    if (startOk && endOk) return true;
  }
  return false;
}

function reference(op: string, value: string, needle: string): boolean {
  switch (op) {
    case 'has':
      return referenceHas(value, needle, false);
    case 'has_cs':
      return referenceHas(value, needle, true);
    case '!has':
      return !referenceHas(value, needle, false);
    case '==':
      return value === needle;
    case '=~':
      return value.toLowerCase() === needle.toLowerCase();
    case 'contains':
      return value.toLowerCase().includes(needle.toLowerCase());
    case 'startswith':
      return value.toLowerCase().startsWith(needle.toLowerCase());
    default:
      throw new Error(op);
  }
}

const needle = fc.oneof(
  fc.constantFrom(...TOKENS, 'dev-1-7', 'thermostat', 'mqtt abc', '"deviceId":"dev', 'nested', '404', ''),
  fc.string({ unit: fc.constantFrom(...'abcdevxy-_ .1234XÜ'.split('')), maxLength: 8 }),
);

describe('index-accelerated filters give the same rows as scans', () => {
  it('builds the accelerators this test is about', () => {
    const tables = (datasets[0]?.indexed as unknown as { tables: Map<string, StoredTable> }).tables;
    const column = (name: string): StringColumn =>
      tables.get('AzureDiagnostics')?.column(name) as StringColumn;
    expect(column('CorrelationId').isDictionary).toBe(false);
    expect(column('CorrelationId').termIndex).not.toBeNull();
    expect(column('properties_s').isDictionary).toBe(true);
    expect(column('properties_s').dictTermIndex).not.toBeNull();
    expect(column('properties_s').dictJsonFields).not.toBeNull();
    expect(column('properties_s').hasCodeRows).toBe(true);
    expect(column('ResultDescription').jsonFields).not.toBeNull();
    const scanned = (datasets[0]?.scanned as unknown as { tables: Map<string, StoredTable> }).tables;
    expect(
      (scanned.get('AzureDiagnostics')?.column('properties_s') as StringColumn).dictTermIndex,
    ).toBeNull();
  });

  it('string predicates on plain, dictionary and small columns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: datasets.length - 1 }),
        fc.constantFrom('CorrelationId', 'properties_s', 'Category', 'ResultDescription'),
        fc.constantFrom('has', 'has_cs', '!has', '==', '=~', 'contains', 'startswith'),
        needle,
        (k, column, op, value) => {
          const data = datasets[k] as Dataset;
          const kql = `AzureDiagnostics | where ${column} ${op} ${str(value)} | project DurationMs`;
          const expected = data.rows
            .filter((r) => reference(op, String(r[column]), value))
            .map((r) => r['DurationMs'] as number);
          expect(ids(data.indexed, kql)).toEqual(expected);
          expect(ids(data.scanned, kql)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('combined with time ranges and other conjuncts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: datasets.length - 1 }),
        fc.integer({ min: 0, max: ROWS }),
        fc.integer({ min: 0, max: ROWS }),
        fc.constantFrom(...TOKENS),
        needle,
        (k, a, b, category, value) => {
          const data = datasets[k] as Dataset;
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const t = (i: number): string => new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString();
          const kql = `AzureDiagnostics
            | where TimeGenerated >= datetime(${t(lo)}) and TimeGenerated < datetime(${t(hi)})
            | where Category != ${str(category)} and properties_s has ${str(value)}
            | project DurationMs`;
          const expected = data.rows
            .filter((r) => {
              const i = r['DurationMs'] as number;
              return (
                i >= lo &&
                i < hi &&
                r['Category'] !== category &&
                referenceHas(String(r['properties_s']), value, false)
              );
            })
            .map((r) => r['DurationMs'] as number);
          expect(ids(data.indexed, kql)).toEqual(expected);
          expect(ids(data.scanned, kql)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('disjunctions over several columns (search, where * has) answered from the indexes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: datasets.length - 1 }),
        needle,
        needle,
        fc.constantFrom(...TOKENS),
        (k, first, second, category) => {
          const data = datasets[k] as Dataset;
          const or = `AzureDiagnostics
            | where CorrelationId has ${str(first)} or properties_s has ${str(second)} or Category == ${str(category)}
            | project DurationMs`;
          const expected = data.rows
            .filter(
              (r) =>
                referenceHas(String(r['CorrelationId']), first, false) ||
                referenceHas(String(r['properties_s']), second, false) ||
                r['Category'] === category,
            )
            .map((r) => r['DurationMs'] as number);
          expect(ids(data.indexed, or)).toEqual(expected);
          expect(ids(data.scanned, or)).toEqual(expected);
          // Every column, numbers and datetimes as their text: the finished engine agrees with scans.
          for (const kql of [
            `AzureDiagnostics | where * has ${str(first)} | project DurationMs`,
            `search ${str(first)} | where $table == "AzureDiagnostics" | project DurationMs`,
            `AzureDiagnostics | where * has ${str(first)} or DurationMs > 5990 | project DurationMs`,
          ]) {
            expect(ids(data.indexed, kql)).toEqual(ids(data.scanned, kql));
          }
        },
      ),
      { numRuns: 25 },
    );
    // Numbers and datetimes are searched as text: a needle of their characters finds them.
    const data = datasets[0] as Dataset;
    expect(ids(data.indexed, 'AzureDiagnostics | where * has "5999" | project DurationMs')).toEqual([5999]);
    expect(
      ids(data.indexed, 'AzureDiagnostics | where * has "2024-05-01T00:00:00.0000000Z" | project DurationMs'),
    ).toEqual([0]);
  });

  it('extracted JSON fields read like parse_json', () => {
    const member = (text: CellValue, key: string): string => {
      let parsed: unknown;
      try {
        parsed = text === '' ? null : JSON.parse(String(text));
      } catch {
        return '';
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return '';
      const v = (parsed as Record<string, unknown>)[key];
      if (v === null || v === undefined) return '';
      return typeof v === 'string' ? v : JSON.stringify(v);
    };
    for (const data of datasets) {
      for (const column of ['properties_s', 'ResultDescription']) {
        for (const key of ['deviceId', 'statusCode', 'i', 'missing']) {
          const kql = `AzureDiagnostics | project v = tostring(parse_json(${column})['${key}'])`;
          const dotted = `AzureDiagnostics | project v = tostring(parse_json(${column}).${key})`;
          const expected = data.rows.map((r) => [member(r[column] ?? '', key)]);
          expect(data.indexed.query(kql)[0]?.rows).toEqual(expected);
          expect(data.scanned.query(kql)[0]?.rows).toEqual(expected);
          if (key !== 'missing') expect(data.indexed.query(dotted)[0]?.rows).toEqual(expected);
        }
      }
      const grouped =
        'AzureDiagnostics | summarize n = count() by d = tostring(parse_json(properties_s).deviceId) | order by d asc';
      expect(data.indexed.query(grouped)[0]?.rows).toEqual(data.scanned.query(grouped)[0]?.rows);
    }
  });

  it('rows appended after finishLoading() are seen (indexes are dropped until the next finish)', () => {
    const engine = engineWith({
      AzureDiagnostics: [{ CorrelationId: 'a', properties_s: '{"deviceId":"x"}' }],
    });
    engine.appendRow('AzureDiagnostics', { CorrelationId: 'b', properties_s: '{"deviceId":"dev-9"}' });
    expect(engine.query('AzureDiagnostics | where properties_s has "dev-9" | count')[0]?.rows).toEqual([[1]]);
    engine.finishLoading();
    expect(engine.query('AzureDiagnostics | where properties_s has "dev-9" | count')[0]?.rows).toEqual([[1]]);
  });
});
