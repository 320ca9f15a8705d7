import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStore } from '../../src/storage/file-store';
import { StorageUnavailableError } from '../../src/storage/store';

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
    const store = new FileStore(folder);
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
