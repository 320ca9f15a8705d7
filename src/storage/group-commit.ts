import type { KeyValueStore } from './store';
import { updateItem } from './update-item';

type Change<T> = (current: T | undefined) => T | undefined;

interface Group<T> {
  readonly changes: Change<T>[];
  readonly done: Promise<void>;
}

/**
 * Group commit for one hot key: updates that arrive while the key's previous write is still
 * under way wait together, and are applied one after another to the stored value and written
 * once, with one eTag'd read-modify-write (`updateItem`, so other instances still settle by
 * eTag). Each caller resolves only once the write holding its change is stored (or rejects
 * with it), so "stored" means what it meant before.
 *
 * For values many concurrent callers amend independently, such as a shard of the disconnected
 * index that every delivery of an outage touches: 20 deliveries in flight used to queue 20
 * writes per shard, one after another. The changes must commute (no caller learns the value):
 * each is a pure function of the current value, and may run again when an eTag race repeats.
 */
export class GroupCommit<T extends object> {
  /** Per key, the group still taking changes (its write has not started). */
  private readonly open = new Map<string, Group<T>>();
  /** Per key, the write under way (settled or not): the next group starts after it. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly store: KeyValueStore) {}

  update(key: string, change: Change<T>): Promise<void> {
    const waiting = this.open.get(key);
    if (waiting) {
      waiting.changes.push(change);
      return waiting.done;
    }
    const changes = [change];
    const previous = this.tails.get(key) ?? Promise.resolve();
    const done = previous.then(async () => {
      // From here on the group is closed: later changes form the next one.
      this.open.delete(key);
      await updateItem<T>(this.store, key, (current) => applyAll(changes, current));
    });
    this.open.set(key, { changes, done });
    const tail = done.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return done;
  }
}

/** Every change in turn; undefined (write nothing) when none of them changed anything. */
function applyAll<T>(changes: readonly Change<T>[], current: T | undefined): T | undefined {
  let value = current;
  let changed = false;
  for (const change of changes) {
    const next = change(value);
    if (next !== undefined) {
      value = next;
      changed = true;
    }
  }
  return changed ? value : undefined;
}
