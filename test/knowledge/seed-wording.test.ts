import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { codeText, findingText, listCodes, listFindings } from '../../src/knowledge/catalog';

/**
 * The seeds are Korean translations of Microsoft pages: their facts may be used,
 * their wording may not. This test fails when any 20-character run of a seed's
 * Korean text (whitespace collapsed) appears in a Korean catalog text.
 */
const seedsDirectory = path.resolve(__dirname, '../../../shared/seeds');
const seedsPresent = existsSync(seedsDirectory);
const runLength = 20;
const hangul = /[\uAC00-\uD7A3]/;

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function koreanRunsOf(text: string): Set<string> {
  const runs = new Set<string>();
  for (const line of text.split('\n')) {
    const normalized = collapse(line);
    for (let start = 0; start + runLength <= normalized.length; start += 1) {
      const run = normalized.slice(start, start + runLength);
      if (hangul.test(run)) runs.add(run);
    }
  }
  return runs;
}

function catalogKoreanTexts(): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  for (const finding of listFindings()) {
    const ko = findingText(finding.id, 'ko');
    const items = [
      ko.title,
      ko.summary,
      ...ko.symptoms,
      ...ko.causes,
      ...ko.fixes,
      ...Object.values(ko.sdkNotes ?? {}),
    ];
    for (const item of items) texts.push([finding.id, collapse(item)]);
  }
  for (const entry of listCodes()) {
    const ko = codeText(entry, 'ko');
    texts.push([`code ${entry.code}`, collapse(ko.meaning)], [`code ${entry.code}`, collapse(ko.whatToDo)]);
  }
  return texts;
}

const title = seedsPresent
  ? 'no Korean text copies a 20-character run from the seed documents'
  : `SKIPPED: seed documents not found at ${seedsDirectory} (../shared/seeds beside the repository)`;

(seedsPresent ? it : it.skip)(title, () => {
  const seedFiles = readdirSync(seedsDirectory).filter((name) => name.endsWith('.txt'));
  expect(seedFiles.length).toBeGreaterThan(0);
  const copies: string[] = [];
  for (const file of seedFiles) {
    const seedRuns = koreanRunsOf(readFileSync(path.join(seedsDirectory, file), 'utf8'));
    expect([file, seedRuns.size > 100]).toEqual([file, true]);
    for (const [owner, text] of catalogKoreanTexts()) {
      for (let start = 0; start + runLength <= text.length; start += 1) {
        const run = text.slice(start, start + runLength);
        if (seedRuns.has(run)) {
          copies.push(`${owner}: "${run}" (from ${file})`);
          break;
        }
      }
    }
  }
  expect(copies).toEqual([]);
});

it('the copy detector finds a run lifted from a text', () => {
  const source = '장치가 IoT Hub에 다시 연결되었는지 확인하고 나서 로그를 다시 봅니다.';
  const runs = koreanRunsOf(source);
  expect(runs.has(collapse(source).slice(3, 3 + runLength))).toBe(true);
  expect(runs.has('완전히 다른 문장이라서 겹치는 부분이 없어요')).toBe(false);
});
