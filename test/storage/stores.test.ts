import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobStore } from '../../src/storage/blob-store';
import { CosmosStore } from '../../src/storage/cosmos-store';
import { FileStore, type FileStoreOptions } from '../../src/storage/file-store';
import { MemoryStore } from '../../src/storage/memory-store';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { storeContract } from './store-contract';

describe('MemoryStore', () => {
  storeContract(() => new MemoryStore());
});

// The file store's journal on (the default) and off, with its in-process cache on (the default),
// tiny (most reads evicted: the disk path and the cache path mixed) and off (every read from disk):
// the same contract each way.
describe.each([
  ['FileStore', {}],
  ['FileStore with a cache of 200 characters', { cacheChars: 200 }],
  ['FileStore without a cache', { cacheChars: 0 }],
  ['FileStore without a journal', { journal: false }],
  ['FileStore without a journal or a cache', { journal: false, cacheChars: 0 }],
] as const)('%s', (_name, options: FileStoreOptions) => {
  const folders: string[] = [];
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
  storeContract(() => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'file-store-'));
    folders.push(folder);
    return new FileStore(path.join(folder, 'data'), options);
  });
});

describe('BlobStore against a real Azurite', () => {
  let azurite: RunningAzurite;
  let container = 0;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  storeContract(() => new BlobStore(azurite.connectionString, `contract-${++container}`));
});

// Cosmos DB: no emulator runs on this machine (the official one is a Windows / Docker image).
// Point COSMOS_TEST_ENDPOINT (+ COSMOS_TEST_KEY, database and container must exist) at one to run
// the same contract; without it the suite is skipped, saying why.
const cosmosEndpoint = process.env['COSMOS_TEST_ENDPOINT'];
const cosmosKey = process.env['COSMOS_TEST_KEY'];
if (cosmosEndpoint && cosmosKey) {
  describe('CosmosStore against a Cosmos DB (emulator)', () => {
    storeContract(
      () =>
        new CosmosStore({
          endpoint: cosmosEndpoint,
          authKey: cosmosKey,
          databaseId: process.env['COSMOS_TEST_DATABASE'] ?? 'iot-triage-test',
          containerId: process.env['COSMOS_TEST_CONTAINER'] ?? 'contract',
        }),
    );
  });
} else {
  describe('CosmosStore', () => {
    it.skip('passes the store contract (skipped: no Cosmos DB emulator here; set COSMOS_TEST_ENDPOINT and COSMOS_TEST_KEY)', () =>
      undefined);
  });
}
