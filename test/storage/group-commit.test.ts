import { GroupCommit } from '../../src/storage/group-commit';
import { MemoryStore } from '../../src/storage/memory-store';
import { StorageUnavailableError, type StoreItems } from '../../src/storage/store';

/** A memory store that counts its writes and can be told to fail them. */
class CountingStore extends MemoryStore {
  writes = 0;
  failNext = false;
  override async write(changes: StoreItems): Promise<void> {
    this.writes++;
    // A write takes a while, as a real one does: others arrive meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failNext) {
      this.failNext = false;
      throw new StorageUnavailableError('disk full');
    }
    return super.write(changes);
  }
}

interface Tally {
  readonly seen: readonly number[];
}

const add =
  (n: number) =>
  (current: Tally | undefined): Tally | undefined =>
    current?.seen.includes(n) ? undefined : { seen: [...(current?.seen ?? []), n] };

describe('GroupCommit', () => {
  it('writes the changes that wait for one key together, and every one of them is stored', async () => {
    const store = new CountingStore();
    const commits = new GroupCommit<Tally>(store);
    const first = commits.update('shard/0', add(0));
    await new Promise((resolve) => setImmediate(resolve)); // its write is under way now
    const rest = Array.from({ length: 19 }, (_, i) => commits.update('shard/0', add(i + 1)));
    await Promise.all([first, ...rest]);
    const stored = (await store.read(['shard/0']))['shard/0'] as Tally | undefined;
    expect([...(stored?.seen ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // The first change alone; the 19 that arrived while it was written, in one more write.
    expect(store.writes).toBe(2);
  });

  it('resolves a caller only after the write that holds its change', async () => {
    const store = new CountingStore();
    const commits = new GroupCommit<Tally>(store);
    const first = commits.update('k', add(1));
    const second = commits.update('k', add(2));
    await second;
    expect(((await store.read(['k']))['k'] as Tally | undefined)?.seen).toEqual(
      expect.arrayContaining([1, 2]),
    );
    await first;
  });

  it('keeps keys apart, and writes nothing when no change changes anything', async () => {
    const store = new CountingStore();
    const commits = new GroupCommit<Tally>(store);
    await Promise.all([commits.update('a', add(1)), commits.update('b', add(1))]);
    expect(store.writes).toBe(2);
    await Promise.all([commits.update('a', add(1)), commits.update('a', add(1))]);
    expect(store.writes).toBe(2);
  });

  it('rejects every caller of a group whose write failed, and the next group writes again', async () => {
    const store = new CountingStore();
    const commits = new GroupCommit<Tally>(store);
    await commits.update('k', add(0));
    store.failNext = true;
    const group = [commits.update('k', add(1)), commits.update('k', add(2))];
    const results = await Promise.allSettled(group);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await commits.update('k', add(3));
    expect(((await store.read(['k']))['k'] as Tally | undefined)?.seen).toEqual([0, 3]);
  });
});
