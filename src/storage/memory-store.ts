import { randomUUID } from 'node:crypto';
import {
  IF_ABSENT,
  isUnconditional,
  StorageConflictError,
  type KeyValueStore,
  type StoreItem,
  type StoreItems,
} from './store';

/**
 * An in-process store with the full eTag contract. For tests and throwaway runs: nothing
 * survives a restart. Values are copied through JSON on the way in and out, like a real store,
 * so a caller can never mutate what is stored by holding on to an object.
 */
export class MemoryStore implements KeyValueStore {
  private readonly items = new Map<string, string>();

  async read(keys: string[]): Promise<StoreItems> {
    const result: StoreItems = {};
    for (const key of keys) {
      const text = this.items.get(key);
      if (text !== undefined) result[key] = JSON.parse(text) as StoreItem;
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    // Check every condition before writing anything, so a conflict leaves the store unchanged.
    for (const [key, item] of Object.entries(changes)) {
      if (!conditionHolds(item.eTag, this.items.get(key))) throw new StorageConflictError(key);
    }
    for (const [key, item] of Object.entries(changes)) {
      this.items.set(key, JSON.stringify({ ...item, eTag: randomUUID() }));
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }
}

/** Whether a write carrying `eTag` may replace the stored JSON `current`. */
export function conditionHolds(eTag: string | undefined, current: string | undefined): boolean {
  if (isUnconditional(eTag)) return true;
  if (eTag === IF_ABSENT) return current === undefined;
  if (current === undefined) return false;
  return (JSON.parse(current) as StoreItem).eTag === eTag;
}
