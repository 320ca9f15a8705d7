/**
 * CardTemplate must expand every template exactly like adaptivecards-templating's Template does:
 * on the designer samples, and on samples mutated the ways data goes wrong (fields missing, null,
 * numbers, booleans, objects or lists where text was expected, keys in another case, empty and
 * one-item lists, Maps), errors included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import fc from 'fast-check';
import { CardTemplate } from '../../src/cards/template-expander';

const CARDS_DIR = path.resolve(__dirname, '..', '..', 'cards');
const NAMES = readdirSync(path.join(CARDS_DIR, 'samples'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => path.basename(file, '.json'));

const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const payloads = new Map(NAMES.map((name) => [name, read(path.join(CARDS_DIR, `${name}.json`))]));
const samples = new Map(NAMES.map((name) => [name, read(path.join(CARDS_DIR, 'samples', `${name}.json`))]));
const ours = new Map(NAMES.map((name) => [name, new CardTemplate(payloads.get(name))]));

/** The expansion, or the error it throws, as comparable data. */
function outcome(expand: () => unknown): unknown {
  try {
    return { card: expand() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function expectSame(name: string, data: unknown): void {
  const library = outcome(() => new Template(payloads.get(name)).expand({ $root: data }) as unknown);
  expect(outcome(() => ours.get(name)?.expand(data))).toStrictEqual(library);
}

/** Every object/array path of a JSON value (the root included). */
function containers(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    at,
    ...keys.flatMap((key) => containers((value as Record<string | number, unknown>)[key], [...at, key])),
  ];
}

/** The node at a path, or undefined where an earlier mutation removed it. */
function get(value: unknown, at: readonly (string | number)[]): unknown {
  return at.reduce<unknown>(
    (node, key) =>
      typeof node === 'object' && node !== null && !(node instanceof Map)
        ? (node as Record<string | number, unknown>)[key]
        : undefined,
    value,
  );
}

const REPLACEMENTS: readonly unknown[] = [
  null,
  0,
  7,
  true,
  false,
  '',
  'text ${x}',
  [],
  ['a'],
  [{ title: 'T', value: 'V' }],
  { title: 'nested' },
  new Map([['title', 'from a map']]),
];

type Mutation = (data: unknown) => void;

/** One mutation somewhere in the sample: drop a field, replace it, change a key's case, trim a list. */
function mutation(sample: unknown): fc.Arbitrary<Mutation> {
  const places = containers(sample);
  return fc
    .tuple(fc.integer({ min: 0, max: places.length - 1 }), fc.nat(), fc.nat({ max: 3 }), fc.nat())
    .map(([placeIndex, keyIndex, kind, replacementIndex]): Mutation => (data) => {
      const node = get(data, places[placeIndex] as (string | number)[]);
      if (typeof node !== 'object' || node === null || node instanceof Map) return;
      if (Array.isArray(node)) {
        if (kind === 0) node.splice(1);
        else if (kind === 1) node.length = 0;
        else if (node.length > 0)
          node[keyIndex % node.length] = REPLACEMENTS[replacementIndex % REPLACEMENTS.length];
        return;
      }
      const fields = node as Record<string, unknown>;
      const keys = Object.keys(fields);
      if (keys.length === 0) return;
      const key = keys[keyIndex % keys.length] as string;
      if (kind === 0) delete fields[key];
      else if (kind === 1) {
        const value = fields[key];
        delete fields[key];
        fields[key.toUpperCase()] = value;
      } else fields[key] = REPLACEMENTS[replacementIndex % REPLACEMENTS.length];
    });
}

describe('CardTemplate', () => {
  it.each(NAMES)('expands the %s sample like the library', (name) => {
    expectSame(name, samples.get(name));
  });

  it.each(NAMES)('expands mutated %s samples like the library, errors included', (name) => {
    const sample = samples.get(name);
    fc.assert(
      fc.property(fc.array(mutation(sample), { minLength: 1, maxLength: 4 }), (mutations) => {
        const data = structuredClone(sample);
        for (const mutate of mutations) mutate(data);
        expectSame(name, data);
      }),
      { numRuns: 150 },
    );
  });
});
