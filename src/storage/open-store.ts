import path from 'node:path';
import type { StorageConfig } from '../config/storage-config';
import { BlobStore } from './blob-store';
import { CosmosStore } from './cosmos-store';
import { FileStore } from './file-store';
import type { KeyValueStore } from './store';

/** The configured store; everything else sees only `KeyValueStore`. */
export function openStore(settings: StorageConfig): KeyValueStore {
  switch (settings.kind) {
    case 'file':
      return new FileStore(path.resolve(settings.path));
    case 'blob':
      return new BlobStore(settings.connectionString, settings.container);
    case 'cosmos':
      return new CosmosStore({
        endpoint: settings.endpoint,
        authKey: settings.key,
        databaseId: settings.database,
        containerId: settings.container,
      });
  }
}
