import { KeyLock } from './key-lock';
import { IF_ABSENT, StorageConflictError, type KeyValueStore, type StoreItem } from './store';

/** How many read-modify-write rounds before a hot item is reported as contended. */
const DEFAULT_ATTEMPTS = 8;
/** Longest pause between two rounds; the pauses grow from a few ms, with jitter. */
const MAX_BACKOFF_MS = 100;

/** One lock per store object: updates of one key by this process take turns. */
const processLocks = new WeakMap<KeyValueStore, KeyLock>();

function lockOf(store: KeyValueStore): KeyLock {
  let lock = processLocks.get(store);
  if (!lock) {
    lock = new KeyLock();
    processLocks.set(store, lock);
  }
  return lock;
}

/**
 * Read one item, let `change` compute its next value, write it back with the eTag it was read
 * with; on a conflict, read again and re-apply. `change` returns `undefined` to leave the item
 * alone (nothing is written). Returns what was written (or the unchanged current value).
 *
 * Updates of the same key through the same store object take turns (an in-process lock), so a
 * burst of alerts in one process never conflicts with itself, however slow the store (the file
 * store fsyncs every write: 20 concurrent enqueues used to exhaust the rounds and answer 503).
 * The eTag rounds, with a short jittered back-off, remain for other processes on the same store.
 *
 * `change` must be a pure function of the current value: it may run several times.
 */
export async function updateItem<T extends object>(
  store: KeyValueStore,
  key: string,
  change: (current: T | undefined) => T | undefined,
  options: { readonly attempts?: number } = {},
): Promise<T | undefined> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  return lockOf(store).with(key, async () => {
    for (let attempt = 1; ; attempt++) {
      const current = (await store.read([key]))[key];
      const value = current === undefined ? undefined : withoutETag<T>(current);
      const next = change(value);
      if (next === undefined) return value;
      try {
        await store.write({ [key]: { ...next, eTag: current?.eTag ?? IF_ABSENT } });
        return next;
      } catch (error) {
        if (!(error instanceof StorageConflictError) || attempt >= attempts) throw error;
      }
      // Another process wrote in between: let it finish before reading again.
      const ceiling = Math.min(MAX_BACKOFF_MS, 2 ** attempt * 2);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  });
}

/** The stored value without its eTag (so it can be spread into a new value safely). */
export function withoutETag<T extends object>(item: StoreItem): T {
  const { eTag: _eTag, ...rest } = item;
  return rest as T;
}
