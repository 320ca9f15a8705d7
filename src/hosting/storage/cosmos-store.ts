import { CosmosDbPartitionedStorage } from 'botbuilder-azure';
import {
  IF_ABSENT,
  StorageConflictError,
  StorageUnavailableError,
  type KeyValueStore,
  type StoreItem,
  type StoreItems,
} from '../../storage/store';

export interface CosmosStoreSettings {
  readonly endpoint: string;
  readonly authKey: string;
  readonly databaseId: string;
  readonly containerId: string;
}

/**
 * Cosmos DB through `botbuilder-azure` (`STORAGE=cosmos`), optional. Cosmos `_etag` with an
 * `IfMatch` access condition gives the same conditional writes as Blob storage; a failed
 * condition comes back as status 412, which becomes our conflict error.
 *
 * Not exercised by the contract suite on this machine (no Cosmos DB emulator runs here).
 */
export class CosmosStore implements KeyValueStore {
  private readonly cosmos: CosmosDbPartitionedStorage;

  constructor(settings: CosmosStoreSettings) {
    this.cosmos = new CosmosDbPartitionedStorage({
      cosmosDbEndpoint: settings.endpoint,
      authKey: settings.authKey,
      databaseId: settings.databaseId,
      containerId: settings.containerId,
      compatibilityMode: false,
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    try {
      return (await this.cosmos.read(keys)) as StoreItems;
    } catch (error) {
      throw unavailable('read', error);
    }
  }

  async write(changes: StoreItems): Promise<void> {
    // One key at a time, so a conflict names the key that lost.
    for (const [key, item] of Object.entries(changes)) {
      try {
        await this.cosmos.write({ [key]: item.eTag === IF_ABSENT ? await this.createOnly(key, item) : item });
      } catch (error) {
        const status = (error as { code?: unknown; statusCode?: unknown }).code;
        if (status === 412 || (error as { statusCode?: unknown }).statusCode === 412) {
          throw new StorageConflictError(key);
        }
        // An eTag for a document that no longer exists: Cosmos answers 404 on a conditional replace.
        if (status === 404 && item.eTag && item.eTag !== '*') throw new StorageConflictError(key);
        throw unavailable('write', error);
      }
    }
  }

  /**
   * botbuilder-azure has no create-only write either; the closest it offers is read-then-upsert,
   * which leaves a small race between two instances creating the same record (documented; the
   * Blob store closes it with If-None-Match).
   */
  private async createOnly(key: string, item: StoreItem): Promise<StoreItem> {
    const existing = await this.cosmos.read([key]);
    if (existing[key]) throw new StorageConflictError(key);
    return { ...item, eTag: '*' };
  }

  async delete(keys: string[]): Promise<void> {
    try {
      await this.cosmos.delete(keys);
    } catch (error) {
      throw unavailable('delete', error);
    }
  }
}

function unavailable(what: string, error: unknown): StorageUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageUnavailableError(`Cosmos DB could not ${what}: ${reason}`, { cause: error });
}
