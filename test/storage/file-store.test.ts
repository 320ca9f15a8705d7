import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStore } from '../../src/storage/file-store';
import { IF_ABSENT, StorageConflictError, StorageUnavailableError } from '../../src/storage/store';

describe('FileStore beyond the contract', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'file-store-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('survives a restart: a new store on the same folder reads the items and their eTags', async () => {
    const before = new FileStore(folder);
    await before.write({ 'incident/1': { status: 'open' } });
    const eTag = (await before.read(['incident/1']))['incident/1']?.eTag;

    const after = new FileStore(folder);
    expect((await after.read(['incident/1']))['incident/1']).toEqual({ status: 'open', eTag });
    await after.write({ 'incident/1': { status: 'acknowledged', eTag } });
    expect((await after.read(['incident/1']))['incident/1']?.status).toBe('acknowledged');
  });

  it('leaves no temporary files behind after writes', async () => {
    const store = new FileStore(folder, { journal: false });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.write({ [`k${i % 3}`]: { i } })));
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(folder).sort()).toEqual(['k0.json', 'k1.json', 'k2.json']);
  });

  it('stores a very long key under a hashed file name and still reads it back', async () => {
    const store = new FileStore(folder);
    const longKey = `conversation/${'x'.repeat(400)}`;
    await store.write({ [longKey]: { ok: true } });
    expect((await store.read([longKey]))[longKey]?.ok).toBe(true);
    expect(readdirSync(folder).every((name) => name.length < 255)).toBe(true);
  });

  it('hands out a fresh object on every read: changing what was read changes nothing stored', async () => {
    const store = new FileStore(folder);
    await store.write({ 'conversation/1': { dialog: { stack: ['main'] } } });
    const first = (await store.read(['conversation/1']))['conversation/1'] as { dialog: { stack: string[] } };
    first.dialog.stack.push('changed in place, as botbuilder state does');
    expect((await store.read(['conversation/1']))['conversation/1']).toMatchObject({
      dialog: { stack: ['main'] },
    });
  });

  it("answers reads from what it wrote (it is the folder's only writer), and from disk without a cache", async () => {
    const cached = new FileStore(folder, { journal: false });
    const uncached = new FileStore(folder, { cacheChars: 0, journal: false });
    await cached.write({ k: { v: 1 } });
    expect((await uncached.read(['k']))['k']?.v).toBe(1);
    // Another writer behind the store's back: the documented misuse, seen only without a cache.
    rmSync(path.join(folder, 'k.json'));
    expect((await cached.read(['k']))['k']?.v).toBe(1);
    expect(await uncached.read(['k'])).toEqual({});
  });

  it('never keeps an older value than its last write, whatever reads race with it', async () => {
    const seeded = new FileStore(folder, { journal: false });
    await seeded.write({ hot: { v: 0 } });
    for (let round = 1; round <= 40; round++) {
      // A fresh store each round: its reads miss and go to the disk while the write runs, one
      // started on every turn of the event loop until the write is done.
      const store = new FileStore(folder, { journal: round % 2 === 0 });
      let written = false;
      const write = store.write({ hot: { v: round } }).then(() => (written = true));
      const reads: Promise<unknown>[] = [];
      while (!written) {
        reads.push(store.read(['hot']));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all([...reads, write]);
      expect((await store.read(['hot']))['hot']?.v).toBe(round);
    }
  });

  it('keeps eTags true when its cache evicts: a stale eTag still conflicts, a fresh one wins', async () => {
    const store = new FileStore(folder, { cacheChars: 120 });
    await store.write(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`item/${i}`, { i }])));
    const eTags = await store.read(Array.from({ length: 10 }, (_, i) => `item/${i}`));
    for (let i = 0; i < 10; i++) {
      await store.write({ [`item/${i}`]: { i, round: 2, eTag: eTags[`item/${i}`]?.eTag } });
    }
    for (let i = 0; i < 10; i++) {
      await expect(
        store.write({ [`item/${i}`]: { i, round: 3, eTag: eTags[`item/${i}`]?.eTag } }),
      ).rejects.toBeInstanceOf(StorageConflictError);
    }
    const after = await store.read(Array.from({ length: 10 }, (_, i) => `item/${i}`));
    expect(Object.values(after).map((item) => item['round'])).toEqual(Array.from({ length: 10 }, () => 2));
  });

  it('forgets a deleted item, and reads it as absent after a restart too', async () => {
    const store = new FileStore(folder);
    await store.write({ gone: { v: 1 } });
    await store.delete(['gone']);
    expect(await store.read(['gone'])).toEqual({});
    expect(await new FileStore(folder).read(['gone'])).toEqual({});
    await store.write({ gone: { v: 2, eTag: IF_ABSENT } });
    expect((await new FileStore(folder).read(['gone']))['gone']?.v).toBe(2);
  });

  it('reports a folder it cannot create as unavailable storage', async () => {
    const blocker = path.join(folder, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    const store = new FileStore(path.join(blocker, 'data'));
    await expect(store.write({ k: { v: 1 } })).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('reports a read-only folder as unavailable storage on write', async () => {
    if (process.getuid?.() === 0) return; // root ignores file modes; nothing to observe
    const store = new FileStore(folder);
    await store.read([]);
    chmodSync(folder, 0o500);
    try {
      await expect(store.write({ k: { v: 1 } })).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      chmodSync(folder, 0o700);
    }
  });
});
