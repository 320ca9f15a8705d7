import { BlobsStorage } from 'botbuilder-azure-blobs';
import { BlobStore } from '../../src/storage/blob-store';
import { startAzurite, type RunningAzurite } from '../support/azurite';

// BlobStore replaced botbuilder-azure-blobs' BlobsStorage; a deployed bot's state (conversation
// state, incidents, the outbox) must read back after the upgrade, and a rollback must read ours.
describe('BlobStore reads and writes the blobs botbuilder-azure-blobs wrote (real Azurite)', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  const keys = ['incident/abc', 'conversation/19:abc@thread.tacv2', '장치/1'];

  it('reads what BlobsStorage wrote, and updates it with the eTag it read', async () => {
    const old = new BlobsStorage(azurite.connectionString, 'compat-old');
    await old.write(Object.fromEntries(keys.map((key, i) => [key, { i, note: '재부팅 후 정상' }])));
    const store = new BlobStore(azurite.connectionString, 'compat-old');
    const items = await store.read(keys);
    keys.forEach((key, i) => expect(items[key]).toMatchObject({ i, note: '재부팅 후 정상' }));
    const first = keys[0] ?? '';
    await store.write({ [first]: { i: 10, eTag: items[first]?.eTag } });
    expect((await old.read([first]))[first]).toMatchObject({ i: 10 });
  });

  it('writes blobs BlobsStorage reads', async () => {
    const store = new BlobStore(azurite.connectionString, 'compat-new');
    await store.write(Object.fromEntries(keys.map((key, i) => [key, { i }])));
    const items = await new BlobsStorage(azurite.connectionString, 'compat-new').read(keys);
    keys.forEach((key, i) => expect(items[key]).toMatchObject({ i }));
  });
});
