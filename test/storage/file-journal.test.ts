import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJournal } from '../../src/storage/file-journal';
import { FileStore } from '../../src/storage/file-store';

const journals = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.log'));

describe('FileStore journal', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'file-journal-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes concurrent writes into one journal, and folds it into one file per key', async () => {
    const store = new FileStore(folder);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.write({ [`device/${i}`]: { i } })));
    expect(journals(folder)).toEqual(['journal.1.log']);
    expect(readdirSync(folder).filter((name) => name.endsWith('.json'))).toEqual([]);
    await store.flush();
    expect(journals(folder)).toEqual([]);
    const files = readdirSync(folder).sort();
    expect(files).toHaveLength(50);
    expect(files.every((name) => name.endsWith('.json'))).toBe(true);
    // What the files hold alone (no journal, no cache) is what was written.
    const plain = new FileStore(folder, { journal: false, cacheChars: 0 });
    const items = await plain.read(Array.from({ length: 50 }, (_, i) => `device/${i}`));
    expect(Object.values(items).map((item) => item['i'])).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('a restart reads the journal back, items and eTags, ignoring a line a crash cut short', async () => {
    const before = new FileStore(folder);
    await before.write({ a: { v: 1 } });
    await before.write({ b: { v: 2 } });
    const eTag = (await before.read(['a']))['a']?.eTag;
    // A crash in the middle of the next append: half a line at the end.
    appendFileSync(path.join(folder, 'journal.1.log'), '{"key":"c","eTag":"x","value":{"v":');

    const after = new FileStore(folder);
    expect(await after.read(['a', 'b', 'c'])).toEqual({
      a: { v: 1, eTag },
      b: expect.objectContaining({ v: 2 }),
    });
    // Its first write takes the folder over: the old journal is folded, a new one started.
    await after.write({ c: { v: 3 } });
    await after.flush();
    expect(journals(folder)).toEqual([]);
    const plain = new FileStore(folder, { journal: false, cacheChars: 0 });
    expect(Object.keys(await plain.read(['a', 'b', 'c'])).sort()).toEqual(['a', 'b', 'c']);
    expect((await plain.read(['c']))['c']?.['v']).toBe(3);
  });

  it('never lets an older journal put its value over a newer one', async () => {
    const first = new FileStore(folder);
    await first.write({ k: { v: 'old' } });
    const second = new FileStore(folder); // a restart: journal 1 is left, not folded yet
    await second.write({ k: { v: 'new' } }); // journal 2; journal 1 is folded behind it
    await second.flush();
    expect((await new FileStore(folder, { journal: false, cacheChars: 0 }).read(['k']))['k']?.['v']).toBe(
      'new',
    );
    expect((await new FileStore(folder).read(['k']))['k']?.['v']).toBe('new');
  });

  it('journals a delete: absent after a restart, and its file gone once folded', async () => {
    const plain = new FileStore(folder, { journal: false });
    await plain.write({ gone: { v: 1 } });
    const store = new FileStore(folder);
    await store.delete(['gone']);
    expect(await new FileStore(folder).read(['gone'])).toEqual({});
    await store.flush();
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a store that only reads folds nothing: a journal another object writes stays its own', async () => {
    const writer = new FileStore(folder);
    await writer.write({ k: { v: 1 } });
    const reader = new FileStore(folder);
    expect((await reader.read(['k']))['k']?.['v']).toBe(1);
    expect(journals(folder)).toEqual(['journal.1.log']);
  });

  it('reads whole lines only', async () => {
    const file = path.join(folder, 'journal.7.log');
    appendFileSync(file, '{"key":"a","eTag":"1","value":{}}\n{"key":"b","deleted":true}\n{"key":"c"');
    expect(await readJournal(file)).toEqual([
      { key: 'a', text: '{"key":"a","eTag":"1","value":{}}' },
      { key: 'b', text: undefined },
    ]);
    expect(readFileSync(file, 'utf8').endsWith('"c"')).toBe(true);
    expect(await readJournal(path.join(folder, 'missing.log'))).toEqual([]);
  });
});
