import { text } from 'node:stream/consumers';
import { ContainerClient } from '@azure/storage-blob';
import {
  IF_ABSENT,
  isUnconditional,
  StorageConflictError,
  StorageUnavailableError,
  type KeyValueStore,
  type StoreItem,
  type StoreItems,
} from './store';
import { ignoreStatus, isConditionRefused, statusOf } from './sdk-status';

export interface BlobStoreOptions {
  /** Attempts per operation (the SDK's default of 4 with long back-off outlasts a webhook's patience). */
  readonly maxTries?: number;
  readonly tryTimeoutInMs?: number;
}

/** Azure's limit on a blob name, in characters of the (URL-encoded) name. */
const MAX_BLOB_NAME_LENGTH = 1024;

/**
 * Azure Blob Storage (`STORAGE=blob`), the store for more than one bot instance: one JSON blob
 * per key in one container, created on first use. Blob ETags give every conditional write the
 * contract asks for in one request, so there is no read-then-write race:
 *
 *   eTag on write      request condition       refused with      becomes
 *   none, '', '*'      (none)                  -                 -
 *   IF_ABSENT          If-None-Match: *        409 / 412         StorageConflictError
 *   a real eTag        If-Match: <eTag>        412 (404 gone)    StorageConflictError
 *
 * Every other failure is `StorageUnavailableError` (the caller answers 503 and Azure Monitor
 * retries). Blob names and contents are the ones `botbuilder-azure-blobs` wrote (the store this
 * replaced): `encodeURIComponent(key)`, the item without its eTag as JSON, so existing state reads.
 */
export class BlobStore implements KeyValueStore {
  private readonly container: ContainerClient;
  private created: Promise<unknown> | undefined;

  constructor(connectionString: string, container: string, options: BlobStoreOptions = {}) {
    this.container = new ContainerClient(connectionString, container, {
      retryOptions: { maxTries: options.maxTries ?? 3, tryTimeoutInMs: options.tryTimeoutInMs ?? 10_000 },
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    const names = keys.map(blobName);
    try {
      await this.ensureContainer();
      const items = await Promise.all(names.map((name) => this.readBlob(name)));
      return Object.fromEntries(
        keys.flatMap((key, i) => (items[i] === undefined ? [] : [[key, items[i]] as const])),
      );
    } catch (error) {
      throw unavailable('read', error);
    }
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes).map(([key, item]) => ({ key, name: blobName(key), item }));
    try {
      await this.ensureContainer();
    } catch (error) {
      throw unavailable('write', error);
    }
    // In parallel, as the Bot Framework's state writes expect; the first failure is the answer.
    await Promise.all(entries.map(({ key, name, item }) => this.writeBlob(key, name, item)));
  }

  async delete(keys: string[]): Promise<void> {
    const names = keys.map(blobName);
    try {
      await this.ensureContainer();
      await Promise.all(names.map((name) => this.container.deleteBlob(name).catch(ignoreStatus(404))));
    } catch (error) {
      throw unavailable('delete', error);
    }
  }

  /** Once per store; a failure is forgotten so the next call tries again (the account may come back). */
  private ensureContainer(): Promise<unknown> {
    this.created ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.created = undefined;
      throw error;
    });
    return this.created;
  }

  private async readBlob(name: string): Promise<StoreItem | undefined> {
    const blob = await this.container.getBlobClient(name).download().catch(ignoreStatus(404));
    if (!blob?.readableStreamBody) return undefined;
    const value = JSON.parse(await text(blob.readableStreamBody)) as StoreItem;
    return { ...value, eTag: blob.etag ?? '' };
  }

  private async writeBlob(key: string, name: string, item: StoreItem): Promise<void> {
    const { eTag, ...value } = item;
    const body = JSON.stringify(value);
    try {
      await this.container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), {
        conditions: conditionFor(eTag),
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    } catch (error) {
      if (!isUnconditional(eTag) && isConditionRefused(error)) throw new StorageConflictError(key);
      throw unavailable('write', error);
    }
  }
}

function conditionFor(eTag: string | undefined): { ifMatch?: string; ifNoneMatch?: string } {
  if (isUnconditional(eTag)) return {};
  return eTag === IF_ABSENT ? { ifNoneMatch: '*' } : { ifMatch: eTag };
}

/**
 * The blob name of a key. An empty segment ("a//b") is refused: the Bot Framework store this
 * replaced collapsed it into "a/b", and two keys must never share a blob.
 */
function blobName(key: string): string {
  if (key.length === 0 || key.split('/').some((part) => part.length === 0)) {
    throw new RangeError(`Storage key "${key}" has an empty path segment.`);
  }
  const name = encodeURIComponent(key);
  if (name.length > MAX_BLOB_NAME_LENGTH) {
    throw new RangeError(`Storage key "${key.slice(0, 40)}..." is too long for a blob name.`);
  }
  return name;
}

function unavailable(what: string, error: unknown): StorageUnavailableError {
  const code = statusOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageUnavailableError(
    `Blob storage could not ${what}${code === undefined ? '' : ` (${String(code)})`}: ${reason}`,
    { cause: error },
  );
}
