import { IF_ABSENT, StorageConflictError, type KeyValueStore } from '../../src/storage/store';

/**
 * The one contract every KeyValueStore implementation passes (like botbuilder-js
 * `storageBaseTests`). `open()` returns a store over fresh, empty storage; keys are prefixed per
 * test so implementations that share a container do not see each other's items.
 */
export function storeContract(open: () => Promise<KeyValueStore> | KeyValueStore): void {
  let store: KeyValueStore;
  let prefix = 0;
  const key = (name: string) => `t${++prefix}-${process.pid}/${name}`;

  beforeEach(async () => {
    store = await open();
  });

  it('reads nothing for keys never written', async () => {
    expect(await store.read([key('missing')])).toEqual({});
  });

  it('reads back what was written, with an eTag', async () => {
    const k = key('item');
    await store.write({ [k]: { count: 1, nested: { list: [1, 'two', null], flag: true } } });
    const items = await store.read([k]);
    expect(items[k]).toMatchObject({ count: 1, nested: { list: [1, 'two', null], flag: true } });
    expect(typeof items[k]?.eTag).toBe('string');
    expect(items[k]?.eTag).not.toBe('');
  });

  it('keeps non-ASCII text intact (Korean notes, emoji)', async () => {
    const k = key('text');
    const note = '재부팅 후 정상 — fixed ✅ “quotes”';
    await store.write({ [k]: { note } });
    expect((await store.read([k]))[k]?.note).toBe(note);
  });

  it('keeps keys with path separators, colons, spaces and non-ASCII apart', async () => {
    const names = ['a/b', 'a_b', 'a:b', 'a b', 'a%2Fb', '장치/1', 'x.y', 'conversation/19:abc@thread.tacv2'];
    const keys = names.map(key);
    await store.write(Object.fromEntries(keys.map((k, i) => [k, { i }])));
    const items = await store.read(keys);
    keys.forEach((k, i) => expect(items[k]?.i).toBe(i));
  });

  it('reads several keys at once, leaving out the missing ones', async () => {
    const [a, b, c] = [key('a'), key('b'), key('c')];
    await store.write({ [a]: { v: 'a' }, [b]: { v: 'b' } });
    const items = await store.read([a, b, c]);
    expect(Object.keys(items).sort()).toEqual([a, b].sort());
  });

  it('gives a new eTag on every write', async () => {
    const k = key('etag');
    await store.write({ [k]: { v: 1 } });
    const first = (await store.read([k]))[k]?.eTag;
    await store.write({ [k]: { v: 2, eTag: first } });
    const second = (await store.read([k]))[k];
    expect(second?.v).toBe(2);
    expect(second?.eTag).not.toBe(first);
  });

  it('rejects a write with a stale eTag as a conflict and keeps the stored value', async () => {
    const k = key('stale');
    await store.write({ [k]: { v: 1 } });
    const stale = (await store.read([k]))[k]?.eTag;
    await store.write({ [k]: { v: 2, eTag: stale } });
    await expect(store.write({ [k]: { v: 3, eTag: stale } })).rejects.toBeInstanceOf(StorageConflictError);
    expect((await store.read([k]))[k]?.v).toBe(2);
  });

  it('treats an eTag for an item deleted meanwhile as a conflict', async () => {
    const k = key('vanished');
    await store.write({ [k]: { v: 1 } });
    const eTag = (await store.read([k]))[k]?.eTag;
    await store.delete([k]);
    await expect(store.write({ [k]: { v: 2, eTag } })).rejects.toBeInstanceOf(StorageConflictError);
    expect(await store.read([k])).toEqual({});
  });

  it("overwrites unconditionally with no eTag or '*'", async () => {
    const k = key('overwrite');
    await store.write({ [k]: { v: 1 } });
    await store.write({ [k]: { v: 2 } });
    await store.write({ [k]: { v: 3, eTag: '*' } });
    expect((await store.read([k]))[k]?.v).toBe(3);
  });

  it('lets exactly one of two racing writers with the same eTag win', async () => {
    const k = key('race');
    await store.write({ [k]: { owner: 'nobody' } });
    const eTag = (await store.read([k]))[k]?.eTag;
    const results = await Promise.allSettled([
      store.write({ [k]: { owner: 'first', eTag } }),
      store.write({ [k]: { owner: 'second', eTag } }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(StorageConflictError);
    expect(['first', 'second']).toContain((await store.read([k]))[k]?.owner);
  });

  it('creates with IF_ABSENT only when nothing is stored under the key', async () => {
    const k = key('create-only');
    await store.write({ [k]: { v: 'first', eTag: IF_ABSENT } });
    await expect(store.write({ [k]: { v: 'second', eTag: IF_ABSENT } })).rejects.toBeInstanceOf(
      StorageConflictError,
    );
    expect((await store.read([k]))[k]?.v).toBe('first');
  });

  it('lets exactly one of two racing creators win', async () => {
    const k = key('create-race');
    const results = await Promise.allSettled([
      store.write({ [k]: { v: 'a', eTag: IF_ABSENT } }),
      store.write({ [k]: { v: 'b', eTag: IF_ABSENT } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = (await store.read([k]))[k];
    expect(['a', 'b']).toContain(stored?.v);
    expect(stored?.eTag).not.toBe(IF_ABSENT);
  });

  it('deletes items, and deleting a missing key is not an error', async () => {
    const k = key('gone');
    await store.write({ [k]: { v: 1 } });
    await store.delete([k, key('never-existed')]);
    expect(await store.read([k])).toEqual({});
  });
}
