import {
  findingText,
  formatSummary,
  listFindings,
  LOCALES,
  SUMMARY_PLACEHOLDERS,
  type FindingText,
} from '../../src/knowledge/catalog';
import { placeholdersIn } from '../../src/knowledge/placeholders';

const hangul = /[\uAC00-\uD7A3]/;

/** Every string of a finding text, labelled by field, for field-by-field checks. */
function allFields(text: FindingText): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ['title', text.title],
    ['summary', text.summary],
  ];
  for (const listName of ['symptoms', 'causes', 'fixes'] as const) {
    text[listName].forEach((item, index) => fields.push([`${listName}[${index}]`, item]));
  }
  for (const [family, note] of Object.entries(text.sdkNotes ?? {})) fields.push([`sdkNotes.${family}`, note]);
  return fields;
}

const findingIds = listFindings().map((finding) => finding.id);

describe.each(findingIds)('%s text', (id) => {
  const en = findingText(id, 'en');
  const ko = findingText(id, 'ko');

  it.each(LOCALES)('has every field non-empty in %s', (locale) => {
    const text = findingText(id, locale);
    for (const listName of ['symptoms', 'causes', 'fixes'] as const)
      expect(text[listName].length).toBeGreaterThan(0);
    for (const [, value] of allFields(text)) expect(value.trim().length).toBeGreaterThan(0);
  });

  it('has Korean (Hangul) in every ko field and none in the en fields', () => {
    for (const [field, value] of allFields(ko)) expect([field, hangul.test(value)]).toEqual([field, true]);
    for (const [field, value] of allFields(en)) expect([field, hangul.test(value)]).toEqual([field, false]);
  });

  it('has the same number of symptoms, causes and fixes and the same SDK notes in both languages', () => {
    expect(ko.symptoms).toHaveLength(en.symptoms.length);
    expect(ko.causes).toHaveLength(en.causes.length);
    expect(ko.fixes).toHaveLength(en.fixes.length);
    expect(Object.keys(ko.sdkNotes ?? {}).sort()).toEqual(Object.keys(en.sdkNotes ?? {}).sort());
  });

  it('uses the same documented placeholders in the en and ko summaries, and none elsewhere', () => {
    const enNames = placeholdersIn(en.summary).sort();
    expect(placeholdersIn(ko.summary).sort()).toEqual(enNames);
    for (const name of enNames) expect(Object.keys(SUMMARY_PLACEHOLDERS)).toContain(name);
    for (const text of [en, ko]) {
      for (const [field, value] of allFields(text)) {
        if (field !== 'summary') expect([field, placeholdersIn(value)]).toEqual([field, []]);
      }
    }
  });

  it('never puts a batchim-dependent particle right after a ko placeholder', () => {
    // The value is unknown, so 이/가, 은/는, 을/를, 와/과, (으)로 cannot be chosen correctly.
    expect(ko.summary).not.toMatch(/\}[이가은는을를와과로]/);
  });

  it.each(LOCALES)('renders a complete %s summary when every placeholder has a value', (locale) => {
    const values = Object.fromEntries(placeholdersIn(en.summary).map((name) => [name, `<${name}>`]));
    const rendered = formatSummary(id, locale, values);
    expect(rendered).not.toMatch(/[{}]/);
    for (const value of Object.values(values)) expect(rendered).toContain(value);
  });
});

describe('documentation links', () => {
  it.each(findingIds)('%s links only to learn.microsoft.com pages without a locale segment', (id) => {
    const finding = listFindings().find((entry) => entry.id === id);
    expect(finding?.links.length).toBeGreaterThan(0);
    for (const link of finding?.links ?? []) {
      expect(link.url).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\//);
      expect(link.url).not.toMatch(/\/(en-us|ko-kr)\//);
      expect(link.title.trim()).not.toBe('');
    }
  });
});

describe('SDK notes for token renewal', () => {
  it.each(['iothub.401003.token-renewal', 'iothub.404104.periodic'] as const)(
    '%s covers every SDK family the facts distinguish',
    (id) => {
      expect(Object.keys(findingText(id, 'en').sdkNotes ?? {}).sort()).toEqual([
        'c',
        'dotnet',
        'java',
        'node',
        'python',
      ]);
    },
  );

  it('state the renewal facts: 85% and a 10-minute grace for .NET/Java, disconnect at lifetime for Python', () => {
    const notes = findingText('iothub.401003.token-renewal', 'en').sdkNotes ?? {};
    expect(notes.dotnet).toMatch(/85%/);
    expect(notes.dotnet).toMatch(/10-minute grace/);
    expect(notes.java).toMatch(/85%/);
    expect(notes.python).toMatch(/60 minutes/);
  });
});
