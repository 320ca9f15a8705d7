import { FileStore } from '../../src/storage/file-store';
import { MemoryStore } from '../../src/storage/memory-store';
import { StorageConflictError } from '../../src/storage/store';
import { updateItem } from '../../src/storage/update-item';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('updateItem (read, change, write with the eTag, retry on conflict)', () => {
  it('loses no update when many writers change one item at once', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'update-item-'));
    try {
      for (const store of [new MemoryStore(), new FileStore(folder)]) {
        await Promise.all(
          Array.from({ length: 10 }, () =>
            updateItem<{ count: number }>(store, 'counter', (c) => ({ count: (c?.count ?? 0) + 1 }), {
              attempts: 50,
            }),
          ),
        );
        expect((await store.read(['counter'])).counter?.count).toBe(10);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('never conflicts with itself: a burst from one process succeeds with the default rounds', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'update-item-'));
    try {
      // The file store fsyncs every write: 40 concurrent read-modify-writes used to run out of rounds.
      for (const store of [new MemoryStore(), new FileStore(folder)]) {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            updateItem<{ ids: string[] }>(store, 'index', (c) => ({ ids: [...(c?.ids ?? []), `job-${i}`] })),
          ),
        );
        expect((await store.read(['index'])).index?.ids).toHaveLength(40);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('writes nothing when the change returns undefined', async () => {
    const store = new MemoryStore();
    await store.write({ k: { v: 1 } });
    const eTag = (await store.read(['k'])).k?.eTag;
    expect(await updateItem<{ v: number }>(store, 'k', () => undefined)).toEqual({ v: 1 });
    expect((await store.read(['k'])).k?.eTag).toBe(eTag);
  });

  it('gives up with the conflict after the allowed attempts', async () => {
    const store = new MemoryStore();
    await store.write({ k: { v: 0 } });
    let round = 0;
    const contended = updateItem<{ v: number }>(
      store,
      'k',
      (current) => {
        round++;
        // Someone else writes between our read and our write, every time.
        void store.write({ k: { v: 100 + round } });
        return { v: (current?.v ?? 0) + 1 };
      },
      { attempts: 3 },
    );
    await expect(contended).rejects.toBeInstanceOf(StorageConflictError);
    expect(round).toBe(3);
  });
});
