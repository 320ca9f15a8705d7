import { IF_ABSENT, StorageConflictError, type KeyValueStore, type StoreItem } from './store';

/** How many read-modify-write rounds before a hot item is reported as contended. */
const DEFAULT_ATTEMPTS = 8;

/**
 * Read one item, let `change` compute its next value, write it back with the eTag it was read
 * with; on a conflict, read again and re-apply. `change` returns `undefined` to leave the item
 * alone (nothing is written). Returns what was written (or the unchanged current value).
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
  }
}

/** The stored value without its eTag (so it can be spread into a new value safely). */
export function withoutETag<T extends object>(item: StoreItem): T {
  const { eTag: _eTag, ...rest } = item;
  return rest as T;
}
