/**
 * Micro-benchmark: expanding every card template with its designer sample (cards/*.json with
 * cards/samples/*.json) by adaptivecards-templating and by our CardTemplate
 * (src/cards/template-expander.ts), in the same run, on the same data.
 *
 *   node --import tsx bench/card-expand.bench.ts [--rounds N] [--json]
 *
 * Three ways are timed: the library with one Template per card kept across expansions (what a
 * renderer caching templates would do), the library with a new Template per expansion, and ours
 * (one CardTemplate per card, as CardRenderer keeps them). A round expands every sample once with
 * each way, the order of the ways rotating per round; after warm-up rounds, the median round is
 * reported as µs per card (a round's time divided by the number of cards), per template and in
 * all. Every expansion is checked to equal the library's card first; a difference is printed and
 * makes the exit code 1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { CardTemplate } from '../src/cards/template-expander';

interface Options {
  readonly rounds: number;
  readonly json: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const at = argv.indexOf('--rounds');
  const rounds = at >= 0 ? Number(argv[at + 1]) : 400;
  if (!Number.isInteger(rounds) || rounds < 10)
    throw new Error('--rounds must be a whole number of at least 10');
  return { rounds, json: argv.includes('--json') };
}

interface Card {
  readonly name: string;
  readonly payload: unknown;
  readonly data: unknown;
  readonly library: Template;
  readonly ours: CardTemplate;
}

const CARDS_DIR = path.resolve(__dirname, '..', 'cards');
const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

function loadCards(): Card[] {
  return readdirSync(path.join(CARDS_DIR, 'samples'))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const name = path.basename(file, '.json');
      const payload = read(path.join(CARDS_DIR, file));
      return {
        name,
        payload,
        data: read(path.join(CARDS_DIR, 'samples', file)),
        library: new Template(payload),
        ours: new CardTemplate(payload),
      };
    });
}

type Way = 'library' | 'libraryNewTemplate' | 'ours';
const WAYS: readonly Way[] = ['library', 'libraryNewTemplate', 'ours'];

function expandOnce(way: Way, card: Card): unknown {
  switch (way) {
    case 'library':
      return card.library.expand({ $root: card.data });
    case 'libraryNewTemplate':
      return new Template(card.payload).expand({ $root: card.data });
    case 'ours':
      return card.ours.expand(card.data);
  }
}

/** Nanoseconds for one expansion of `card` the given way. */
function time(way: Way, card: Card): number {
  const start = process.hrtime.bigint();
  const expanded = expandOnce(way, card);
  const elapsed = Number(process.hrtime.bigint() - start);
  if (expanded === undefined) throw new Error(`${card.name}: nothing expanded`);
  return elapsed;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

function main(): number {
  const options = parseOptions(process.argv.slice(2));
  const cards = loadCards();

  let mismatches = 0;
  for (const card of cards) {
    const expected = expandOnce('library', card);
    for (const way of ['libraryNewTemplate', 'ours'] as const) {
      if (!isDeepStrictEqual(expandOnce(way, card), expected)) {
        mismatches += 1;
        console.error(`MISMATCH: ${card.name} expanded by ${way} differs from the library's card`);
      }
    }
  }

  const warmUp = Math.max(20, Math.floor(options.rounds / 5));
  // perCard[way][card] = ns of each measured round; perRound[way] = ns of each round (all cards).
  const perCard = new Map(WAYS.map((way) => [way, cards.map((): number[] => [])]));
  const perRound = new Map(WAYS.map((way) => [way, [] as number[]]));
  for (let round = 0; round < warmUp + options.rounds; round += 1) {
    for (let w = 0; w < WAYS.length; w += 1) {
      const way = WAYS[(round + w) % WAYS.length] ?? 'ours';
      let total = 0;
      cards.forEach((card, i) => {
        const ns = time(way, card);
        total += ns;
        if (round >= warmUp) perCard.get(way)?.[i]?.push(ns);
      });
      if (round >= warmUp) perRound.get(way)?.push(total);
    }
  }

  const microsPerCard = (way: Way) => median(perRound.get(way) ?? []) / cards.length / 1000;
  const summary = Object.fromEntries(WAYS.map((way) => [way, microsPerCard(way)])) as Record<Way, number>;
  const byTemplate = cards.map((card, i) => ({
    template: card.name,
    ...(Object.fromEntries(WAYS.map((way) => [way, median(perCard.get(way)?.[i] ?? []) / 1000])) as Record<
      Way,
      number
    >),
  }));
  const result = {
    node: process.version,
    cards: cards.length,
    rounds: options.rounds,
    warmUpRounds: warmUp,
    microsPerCard: summary,
    ratioLibraryToOurs: summary.library / summary.ours,
    ratioNewTemplateToOurs: summary.libraryNewTemplate / summary.ours,
    savedMicrosPerCard: summary.library - summary.ours,
    byTemplate,
    mismatches,
  };

  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const fmt = (n: number) => n.toFixed(1).padStart(9);
    console.log(
      `Card expansion, ${cards.length} templates with their samples, median of ${options.rounds} rounds (${warmUp} warm-up), ${process.version}`,
    );
    console.log(
      `${'template'.padEnd(18)}${'library'.padStart(9)}${'lib+new'.padStart(9)}${'ours'.padStart(9)}  µs`,
    );
    for (const row of byTemplate) {
      console.log(
        `${row.template.padEnd(18)}${fmt(row.library)}${fmt(row.libraryNewTemplate)}${fmt(row.ours)}`,
      );
    }
    console.log(
      `${'per card (all)'.padEnd(18)}${fmt(summary.library)}${fmt(summary.libraryNewTemplate)}${fmt(summary.ours)}`,
    );
    console.log(
      `library / ours: ${result.ratioLibraryToOurs.toFixed(2)}x (new Template each time: ${result.ratioNewTemplateToOurs.toFixed(2)}x); saves ${result.savedMicrosPerCard.toFixed(1)} µs per card`,
    );
    if (mismatches > 0) console.log(`${mismatches} expansion(s) differ from the library's: see above`);
  }
  return mismatches > 0 ? 1 : 0;
}

process.exitCode = main();
