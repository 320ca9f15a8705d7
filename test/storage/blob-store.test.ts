import { BlobStore } from '../../src/storage/blob-store';
import { StorageUnavailableError } from '../../src/storage/store';
import { freePort } from '../support/azurite';

describe('BlobStore when the storage account cannot be reached', () => {
  it('reports unavailable storage (so intake can answer 503), without the account key in the message', async () => {
    const port = await freePort(); // nothing listens there
    const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
    const store = new BlobStore(
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
      'down',
      { maxTries: 1 },
    );
    const failure = await store.write({ k: { v: 1 } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect((failure as Error).message).not.toContain(key);
  });
});
