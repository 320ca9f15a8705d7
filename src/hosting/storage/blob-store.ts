import { BlobsStorage } from 'botbuilder-azure-blobs';
import {
  IF_ABSENT,
  StorageConflictError,
  StorageUnavailableError,
  type KeyValueStore,
  type StoreItem,
  type StoreItems,
} from '../../storage/store';

/** Blob names are URL-encoded key segments; an empty segment ("a//b") would collapse into "a/b". */
function checkKey(key: string): void {
  if (key.length === 0 || key.split('/').some((part) => part.length === 0)) {
    throw new RangeError(`Storage key "${key}" has an empty path segment.`);
  }
}

export interface BlobStoreOptions {
  /** Attempts per operation (the SDK's default of 4 with long back-off outlasts a webhook's patience). */
  readonly maxTries?: number;
  readonly tryTimeoutInMs?: number;
}

/**
 * Azure Blob Storage through `botbuilder-azure-blobs` (`STORAGE=blob`): the store for more than
 * one bot instance. Blob ETags give the conditional writes (`If-Match`) that the claims in the
 * outbox rely on. This wrapper only translates errors into our two kinds: a conflict, or the
 * store being unavailable (the caller answers 503 and Azure Monitor retries).
 */
export class BlobStore implements KeyValueStore {
  private readonly blobs: BlobsStorage;
  private readonly container: ContainerLike;

  constructor(connectionString: string, container: string, options: BlobStoreOptions = {}) {
    this.blobs = new BlobsStorage(connectionString, container, {
      storagePipelineOptions: {
        retryOptions: { maxTries: options.maxTries ?? 3, tryTimeoutInMs: options.tryTimeoutInMs ?? 10_000 },
      },
    });
    this.container = containerOf(this.blobs);
  }

  async read(keys: string[]): Promise<StoreItems> {
    keys.forEach(checkKey);
    try {
      return (await this.blobs.read(keys)) as StoreItems;
    } catch (error) {
      throw unavailable('read', error);
    }
  }

  async write(changes: StoreItems): Promise<void> {
    Object.keys(changes).forEach(checkKey);
    const createOnly = Object.entries(changes).filter(([, item]) => item.eTag === IF_ABSENT);
    const others = Object.fromEntries(Object.entries(changes).filter(([, item]) => item.eTag !== IF_ABSENT));
    for (const [key, item] of createOnly) await this.create(key, item);
    if (Object.keys(others).length === 0) return;
    try {
      await this.blobs.write(others);
    } catch (error) {
      const conflict = /^Storage: error writing "(.*)" due to eTag conflict\.$/.exec(messageOf(error));
      if (conflict) throw new StorageConflictError(conflict[1] ?? '');
      throw unavailable('write', error);
    }
  }

  /** Upload with `If-None-Match: *`: the blob service refuses (409) when the blob exists. */
  private async create(key: string, item: StoreItem): Promise<void> {
    const { eTag: _eTag, ...value } = item;
    const body = JSON.stringify(value);
    try {
      await this.blobs.read([]); // creates the container on first use, as BlobsStorage does
      await this.container.getBlockBlobClient(encodeURIComponent(key)).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 409 || status === 412) throw new StorageConflictError(key);
      throw unavailable('write', error);
    }
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach(checkKey);
    try {
      await this.blobs.delete(keys);
    } catch (error) {
      throw unavailable('delete', error);
    }
  }
}

/** The slice of @azure/storage-blob's ContainerClient that a create-only upload needs. */
interface ContainerLike {
  getBlockBlobClient(name: string): {
    upload(
      body: string,
      length: number,
      options: {
        conditions: { ifNoneMatch: string };
        blobHTTPHeaders: { blobContentType: string };
      },
    ): Promise<unknown>;
  };
}

/**
 * BlobsStorage keeps its ContainerClient private and offers no create-only write, so we borrow
 * its client (same account, container, pipeline and key encoding: `encodeURIComponent` of a key
 * without empty segments). Checked at construction so an SDK upgrade that renames it fails at
 * start, not on the first alert. Making `@azure/storage-blob` a direct dependency would remove
 * this.
 */
function containerOf(blobs: BlobsStorage): ContainerLike {
  const container = (blobs as unknown as { _containerClient?: Partial<ContainerLike> })._containerClient;
  if (typeof container?.getBlockBlobClient !== 'function') {
    throw new Error(
      'botbuilder-azure-blobs changed: BlobsStorage has no container client to create blobs with.',
    );
  }
  return container as ContainerLike;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unavailable(what: string, error: unknown): StorageUnavailableError {
  const code =
    (error as { code?: unknown; statusCode?: unknown }).statusCode ?? (error as { code?: unknown }).code;
  return new StorageUnavailableError(
    `Blob storage could not ${what}${code === undefined ? '' : ` (${String(code)})`}: ${messageOf(error)}`,
    { cause: error },
  );
}
