import { CosmosClient, type Container } from '@azure/cosmos';
import {
  IF_ABSENT,
  isUnconditional,
  StorageConflictError,
  StorageUnavailableError,
  type KeyValueStore,
  type StoreItem,
  type StoreItems,
} from './store';
import { ignoreStatus, isConditionRefused } from './sdk-status';

export interface CosmosStoreSettings {
  readonly endpoint: string;
  readonly authKey: string;
  readonly databaseId: string;
  readonly containerId: string;
}

/**
 * The document per key. The layout is the one `botbuilder-azure`'s CosmosDbPartitionedStorage
 * (the store this replaced, non-compatibility mode) wrote, so existing state reads: the escaped
 * key as `id` (also the partition key, `/id`), the real key, and the item without its eTag.
 */
interface KeyDocument {
  readonly id: string;
  readonly realId: string;
  readonly document: Omit<StoreItem, 'eTag'>;
}

/**
 * Azure Cosmos DB (`STORAGE=cosmos`), optional. Each conditional write is one request, so there
 * is no read-then-write race:
 *
 *   eTag on write      request                               refused with   becomes
 *   none, '', '*'      upsert                                -              -
 *   IF_ABSENT          create                                409            StorageConflictError
 *   a real eTag        replace, IfMatch <eTag>               412 / 404      StorageConflictError
 *
 * Not exercised by the contract suite on this machine (no Cosmos DB emulator runs here; see
 * test/storage/stores.test.ts for how to point it at one).
 */
export class CosmosStore implements KeyValueStore {
  private readonly client: CosmosClient;
  private container: Promise<Container> | undefined;

  constructor(private readonly settings: CosmosStoreSettings) {
    this.client = new CosmosClient({ endpoint: settings.endpoint, key: settings.authKey });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    try {
      const container = await this.openContainer();
      const found = await Promise.all(keys.map((key) => readDocument(container, key)));
      return Object.fromEntries(
        keys.flatMap((key, i) => (found[i] === undefined ? [] : [[key, found[i]] as const])),
      );
    } catch (error) {
      throw unavailable('read', error);
    }
  }

  async write(changes: StoreItems): Promise<void> {
    let container: Container;
    try {
      container = await this.openContainer();
    } catch (error) {
      throw unavailable('write', error);
    }
    await Promise.all(Object.entries(changes).map(([key, item]) => writeDocument(container, key, item)));
  }

  async delete(keys: string[]): Promise<void> {
    try {
      const container = await this.openContainer();
      await Promise.all(
        keys.map(async (key) => {
          const id = documentId(key);
          await container.item(id, id).delete().catch(ignoreStatus(404));
        }),
      );
    } catch (error) {
      throw unavailable('delete', error);
    }
  }

  /** Creates the database and container (partition key `/id`) on first use; a failure is retried next call. */
  private openContainer(): Promise<Container> {
    this.container ??= (async () => {
      const { database } = await this.client.databases.createIfNotExists({ id: this.settings.databaseId });
      const { container } = await database.containers.createIfNotExists({
        id: this.settings.containerId,
        partitionKey: { paths: ['/id'] },
      });
      return container;
    })().catch((error: unknown) => {
      this.container = undefined;
      throw error;
    });
    return this.container;
  }
}

async function readDocument(container: Container, key: string): Promise<StoreItem | undefined> {
  const id = documentId(key);
  const response = await container.item(id, id).read<KeyDocument>().catch(ignoreStatus(404));
  const found = response?.resource;
  if (!found) return undefined;
  return { ...found.document, eTag: found._etag };
}

async function writeDocument(container: Container, key: string, item: StoreItem): Promise<void> {
  const { eTag, ...value } = item;
  const id = documentId(key);
  const body: KeyDocument = { id, realId: key, document: value };
  try {
    if (eTag === IF_ABSENT) await container.items.create(body);
    else if (isUnconditional(eTag)) await container.items.upsert(body);
    else
      await container.item(id, id).replace(body, { accessCondition: { type: 'IfMatch', condition: eTag } });
  } catch (error) {
    if (!isUnconditional(eTag) && isConditionRefused(error)) throw new StorageConflictError(key);
    throw unavailable('write', error);
  }
}

// The characters Cosmos refuses in an id, each replaced by `*` and its hex code; `*` itself is
// escaped too, so two keys never share an id.
const ILLEGAL_ID_CHARACTERS = /[\\?/#\t\n\r*]/g;

function documentId(key: string): string {
  if (key.length === 0) throw new RangeError('Storage key is empty.');
  return key.replace(ILLEGAL_ID_CHARACTERS, (c) => `*${c.charCodeAt(0).toString(16)}`);
}

function unavailable(what: string, error: unknown): StorageUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageUnavailableError(`Cosmos DB could not ${what}: ${reason}`, { cause: error });
}
