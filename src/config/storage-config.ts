import { z } from 'zod';
import { optionalText } from './rules';
import { configSection } from './section';

/** Where conversation state, alerts, incidents, subscriptions and the outbox live. */
export type StorageConfig =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'blob'; readonly connectionString: string; readonly container: string }
  | {
      readonly kind: 'cosmos';
      readonly endpoint: string;
      readonly key: string;
      readonly database: string;
      readonly container: string;
    };

/** The file store's folder when STORAGE_PATH is unset (relative to the working directory). */
export const DEFAULT_STORAGE_PATH = './.data';

const COSMOS_VARIABLES = ['COSMOS_ENDPOINT', 'COSMOS_KEY', 'COSMOS_DATABASE', 'COSMOS_CONTAINER'] as const;

/**
 * The variables each kind reads (STORAGE itself aside). The deployment tests exempt the variables
 * of kinds the ARM templates do not offer, so a new kind needs no entry there.
 */
export const STORAGE_KIND_VARIABLES: Readonly<Record<StorageConfig['kind'], readonly string[]>> = {
  file: ['STORAGE_PATH'],
  blob: ['STORAGE_CONNECTION_STRING', 'STORAGE_CONTAINER'],
  cosmos: COSMOS_VARIABLES,
};

/** The secrets in a storage setting, for the logger to scrub (an account key also on its own, as SDK errors quote it). */
export function storageSecrets(storage: StorageConfig): string[] {
  switch (storage.kind) {
    case 'blob': {
      const accountKey = /AccountKey=([^;]+)/i.exec(storage.connectionString)?.[1];
      return [storage.connectionString, ...(accountKey ? [accountKey] : [])];
    }
    case 'cosmos':
      return [storage.key];
    case 'file':
      return [];
  }
}

/** STORAGE picks the store; each kind reads only its own variables. */
export const storageSection = configSection({
  variables: {
    STORAGE: z
      .enum(['file', 'blob', 'cosmos'], { error: 'must be one of file, blob, cosmos' })
      .default('file'),
    STORAGE_PATH: optionalText,
    STORAGE_CONNECTION_STRING: optionalText,
    STORAGE_CONTAINER: z
      .string()
      .trim()
      .regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, {
        error: 'must be a blob container name: 3-63 lower-case letters, digits and single hyphens',
      })
      .default('iot-triage-bot'),
    COSMOS_ENDPOINT: optionalText,
    COSMOS_KEY: optionalText,
    COSMOS_DATABASE: optionalText,
    COSMOS_CONTAINER: optionalText,
  },
  read: (e, { problems }): StorageConfig => {
    switch (e.STORAGE) {
      case 'blob':
        if (!e.STORAGE_CONNECTION_STRING) {
          problems.push(
            'STORAGE_CONNECTION_STRING: required when STORAGE=blob; the storage account connection string (or UseDevelopmentStorage=true for Azurite)',
          );
        }
        return {
          kind: 'blob',
          connectionString: e.STORAGE_CONNECTION_STRING ?? '',
          container: e.STORAGE_CONTAINER,
        };
      case 'cosmos':
        for (const name of COSMOS_VARIABLES) {
          if (!e[name]) problems.push(`${name}: required when STORAGE=cosmos`);
        }
        return {
          kind: 'cosmos',
          endpoint: e.COSMOS_ENDPOINT ?? '',
          key: e.COSMOS_KEY ?? '',
          database: e.COSMOS_DATABASE ?? '',
          container: e.COSMOS_CONTAINER ?? '',
        };
      case 'file':
        return { kind: 'file', path: e.STORAGE_PATH ?? DEFAULT_STORAGE_PATH };
    }
  },
});
