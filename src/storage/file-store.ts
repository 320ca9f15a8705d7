import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { KeyLock } from './key-lock';
import {
  IF_ABSENT,
  isUnconditional,
  StorageConflictError,
  StorageUnavailableError,
  type KeyValueStore,
  type StoreItem,
  type StoreItems,
} from './store';

/** What one file holds: the original key (file names are encoded), the eTag and the value. */
interface FileRecord {
  readonly key: string;
  readonly eTag: string;
  readonly value: Record<string, unknown>;
}

/** File names longer than this are replaced by a hash (file systems cap names at 255 bytes). */
const MAX_READABLE_NAME = 180;

/**
 * The embedded default store: one JSON file per key in a folder (`STORAGE_PATH`, `./.data`).
 *
 * Writes are atomic (write a temporary file, then rename over the old one), so a crash leaves
 * either the old or the new value, never half a file; everything survives a restart. eTag checks
 * are serialized per key inside the process.
 *
 * Single process only: two processes on one folder could interleave a check and a write. Use
 * the Blob store (`STORAGE=blob`) when more than one instance runs.
 */
export class FileStore implements KeyValueStore {
  private readonly lock = new KeyLock();
  private ready: Promise<void> | undefined;

  constructor(private readonly folder: string) {}

  async read(keys: string[]): Promise<StoreItems> {
    await this.ensureFolder();
    const result: StoreItems = {};
    for (const key of keys) {
      const record = await this.readRecord(key);
      if (record) result[key] = { ...record.value, eTag: record.eTag };
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.ensureFolder();
    const keys = Object.keys(changes);
    await this.lock.withAll(keys, async () => {
      for (const key of keys) {
        const eTag = changes[key]?.eTag;
        if (isUnconditional(eTag)) continue;
        const current = await this.readRecord(key);
        if (eTag === IF_ABSENT ? current !== undefined : current?.eTag !== eTag) {
          throw new StorageConflictError(key);
        }
      }
      for (const key of keys) {
        const { eTag: _eTag, ...value } = changes[key] as StoreItem;
        await this.writeRecord({ key, eTag: randomUUID(), value });
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    await this.ensureFolder();
    await this.lock.withAll(keys, async () => {
      for (const key of keys) {
        await fs.rm(this.fileFor(key), { force: true }).catch((error: unknown) => {
          throw unavailable(`delete "${key}"`, error);
        });
      }
    });
  }

  private ensureFolder(): Promise<void> {
    this.ready ??= fs.mkdir(this.folder, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw unavailable(`create the folder ${this.folder}`, error);
      },
    );
    return this.ready;
  }

  private async readRecord(key: string): Promise<FileRecord | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileFor(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw unavailable(`read "${key}"`, error);
    }
    const record = JSON.parse(text) as FileRecord;
    // A hashed name could in theory collide; the stored key settles it.
    return record.key === key ? record : undefined;
  }

  private async writeRecord(record: FileRecord): Promise<void> {
    const file = this.fileFor(record.key);
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await fs.writeFile(temporary, JSON.stringify(record), 'utf8');
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw unavailable(`write "${record.key}"`, error);
    }
  }

  private fileFor(key: string): string {
    if (key.length === 0) throw new RangeError('Storage keys must not be empty.');
    // Readable where possible (handy when debugging); '.' is encoded too so no name is "." or "..".
    const readable = encodeURIComponent(key).replace(/\./g, '%2E').replace(/\*/g, '%2A');
    const name =
      readable.length <= MAX_READABLE_NAME
        ? readable
        : `${readable.slice(0, 60)}~${createHash('sha256').update(key).digest('hex')}`;
    return path.join(this.folder, `${name}.json`);
  }
}

function unavailable(what: string, error: unknown): StorageUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageUnavailableError(`File storage could not ${what}: ${reason}`, { cause: error });
}
