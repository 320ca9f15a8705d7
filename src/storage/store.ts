/**
 * A key/value store with optimistic concurrency, shaped like botbuilder's `Storage` so the same
 * object backs the bot's conversation and user state and our own records (alerts, incidents,
 * subscriptions, the outbox).
 *
 * eTag rules, the same for every implementation (test/storage/store-contract.ts checks them):
 *   - every item read back carries a fresh `eTag` string;
 *   - writing with no eTag (or `'*'`) overwrites unconditionally;
 *   - writing with an eTag succeeds only if the stored item still has that eTag; otherwise the
 *     write throws {@link StorageConflictError} and the stored item is unchanged (an eTag for an
 *     item that was deleted in the meantime is a conflict too);
 *   - writing with the eTag {@link IF_ABSENT} creates the item only if no item has that key;
 *     otherwise it is a conflict (first writer wins when two create the same record);
 *   - deleting a missing key is not an error.
 * Two processes racing to update one item with the same eTag: exactly one wins. That is what
 * lets several bot instances claim work without a lock service.
 */

/** One stored value: a JSON object, plus the eTag it was read with. */
export interface StoreItem {
  eTag?: string;
  [field: string]: unknown;
}

/**
 * The eTag meaning "only if nothing is stored under this key yet". botbuilder's `Storage` has no
 * create-only write; without one, two instances creating the same record both "succeed" and one
 * update is lost. No real eTag looks like this value.
 */
export const IF_ABSENT = '(if-absent)';

export type StoreItems = Record<string, StoreItem>;

/** No eTag, an empty one or `'*'`: the write overwrites whatever is stored. */
export function isUnconditional(eTag: string | undefined): eTag is undefined | '' | '*' {
  return eTag === undefined || eTag === '' || eTag === '*';
}

export interface KeyValueStore {
  /** Items that exist, by key; missing keys are simply absent from the result. */
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** A write lost an optimistic-concurrency race: re-read, re-apply, try again (or give up). */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';
  constructor(readonly key: string) {
    super(`Storage: "${key}" was changed by someone else (eTag conflict).`);
  }
}

/** The store could not be reached or failed; callers that must not lose data answer 503. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True for a conflict from any implementation (ours, or a botbuilder store used directly). */
export function isStorageConflict(error: unknown): error is StorageConflictError {
  return error instanceof StorageConflictError;
}
