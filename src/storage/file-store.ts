import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { KeyLock } from './key-lock';
import { RecordCache, type CachedRecord } from './record-cache';
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

/** Default bound of the in-process cache, in characters of JSON (about that many bytes for ASCII). */
export const DEFAULT_FILE_CACHE_CHARS = 32 * 1024 * 1024;

export interface FileStoreOptions {
  /** How much of what is on disk to keep in memory; 0 turns the cache off (every read reads its file). */
  readonly cacheChars?: number;
}

/**
 * The embedded default store: one JSON file per key in a folder (`STORAGE_PATH`, `./.data`).
 *
 * Writes are atomic (write a temporary file, then rename over the old one), so a crash leaves
 * either the old or the new value, never half a file; everything survives a restart. eTag checks
 * are serialized per key inside the process.
 *
 * Single process only, one store object per folder: two processes on one folder could interleave
 * a check and a write. Use the Blob store (`STORAGE=blob`) when more than one instance runs.
 *
 * Because this object is the folder's only writer, it keeps what it read and wrote in memory
 * (bounded, least recently used out): a read, and the eTag check before a write, are answered
 * without the file system, while every write still reaches the disk (temporary file, rename)
 * before it resolves. A busy events intake read each device record three times per event.
 */
export class FileStore implements KeyValueStore {
  private readonly lock = new KeyLock();
  private readonly cache: RecordCache;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly folder: string,
    options: FileStoreOptions = {},
  ) {
    this.cache = new RecordCache(options.cacheChars ?? DEFAULT_FILE_CACHE_CHARS);
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.ensureFolder();
    const result: StoreItems = {};
    for (const key of keys) {
      const cached = this.cache.get(key);
      // A miss reads the file under the key's lock, so no write can finish between the read and
      // the cache fill (which would leave the older text cached).
      const record =
        cached !== undefined ? parse(cached) : await this.lock.with(key, () => this.currentRecord(key));
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
        const current = await this.currentRecord(key);
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
          this.cache.forget(key);
          throw unavailable(`delete "${key}"`, error);
        });
        this.cache.set(key, 'absent');
      }
    });
  }

  /** The key's record, from the cache or its file (then cached). Call with the key's lock held. */
  private async currentRecord(key: string): Promise<FileRecord | undefined> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return parse(cached);
    const text = await this.readText(key);
    const record = text === undefined ? undefined : recordOf(key, text);
    this.cache.set(key, record === undefined ? 'absent' : { text: text as string });
    return record;
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

  /** The file's text, undefined when there is no file. */
  private async readText(key: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.fileFor(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw unavailable(`read "${key}"`, error);
    }
  }

  private async writeRecord(record: FileRecord): Promise<void> {
    const file = this.fileFor(record.key);
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    const text = JSON.stringify(record);
    try {
      await fs.writeFile(temporary, text, 'utf8');
      await fs.rename(temporary, file);
    } catch (error) {
      // The rename may or may not have happened: the next read asks the disk.
      this.cache.forget(record.key);
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw unavailable(`write "${record.key}"`, error);
    }
    this.cache.set(record.key, { text });
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

/** The record a file's text holds for `key`; undefined when it holds another key's. */
function recordOf(key: string, text: string): FileRecord | undefined {
  const record = JSON.parse(text) as FileRecord;
  // A hashed name could in theory collide; the stored key settles it.
  return record.key === key ? record : undefined;
}

function parse(cached: CachedRecord): FileRecord | undefined {
  return cached === 'absent' ? undefined : (JSON.parse(cached.text) as FileRecord);
}

function unavailable(what: string, error: unknown): StorageUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageUnavailableError(`File storage could not ${what}: ${reason}`, { cause: error });
}
