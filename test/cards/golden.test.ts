/**
 * Golden files: every card in English and Korean, rendered from fixed inputs (fixtures.ts), must
 * match test/cards/golden/<case>.<locale>.json and pass the card checks (check-card.ts).
 *
 * After an intended change to a template, a mapper or the catalog text, regenerate with
 *
 *   UPDATE_GOLDEN=1 npx jest test/cards/golden.test.ts
 *
 * and read the diff before committing. The same run refreshes the designer samples in
 * cards/samples/ (the English data of the first case of each template).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CardRenderer, type Locale } from '../../src/cards';
import { cardProblems } from './check-card';
import { CARD_CASES, contextFor } from './fixtures';

const GOLDEN_DIR = path.join(__dirname, 'golden');
const SAMPLES_DIR = path.resolve(__dirname, '..', '..', 'cards', 'samples');
const update = process.env['UPDATE_GOLDEN'] === '1';
/** These samples were written by hand for the designer; the goldens don't replace them. */
const HAND_WRITTEN_SAMPLES = new Set(['help', 'welcome']);

const renderer = new CardRenderer();
const samplesWritten = new Set<string>();

describe.each(['en', 'ko'] as const)('golden cards (%s)', (locale: Locale) => {
  it.each(CARD_CASES.map((c) => [c.name, c] as const))('%s', async (name, cardCase) => {
    const request = await cardCase.build(contextFor(locale));
    const card = renderer.renderRequest(request);
    expect(cardProblems(card)).toEqual([]);
    const file = path.join(GOLDEN_DIR, `${name}.${locale}.json`);
    const text = `${JSON.stringify(card, null, 2)}\n`;
    if (update) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, text);
      if (
        locale === 'en' &&
        !samplesWritten.has(request.template) &&
        !HAND_WRITTEN_SAMPLES.has(request.template)
      ) {
        samplesWritten.add(request.template);
        writeFileSync(
          path.join(SAMPLES_DIR, `${request.template}.json`),
          `${JSON.stringify(request.data, null, 2)}\n`,
        );
      }
    }
    expect(existsSync(file)).toBe(true);
    expect(card).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
