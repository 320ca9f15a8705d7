import path from 'node:path';
import type { AppConfig } from '../../config/config';
import { FileStore } from '../../storage/file-store';
import type { KeyValueStore } from '../../storage/store';
import { BlobStore } from './blob-store';
import { CosmosStore } from './cosmos-store';

/**
 * The configured store. It lives in hosting/ because the Blob and Cosmos stores are built on the
 * Bot Framework's storage packages; everything else sees only `KeyValueStore`.
 */
export function openStore(settings: AppConfig['storage']): KeyValueStore {
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
