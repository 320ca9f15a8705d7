import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { deletionLine, FileJournal, readJournal, recordLine } from './file-journal';
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

/** A journal is folded into the keys' files this long after its first append, or once this big. */
const JOURNAL_MAX_AGE_MS = 5_000;
const JOURNAL_MAX_BYTES = 8 * 1024 * 1024;
const JOURNAL_NAME = /^journal\.(\d+)\.log$/;

export interface FileStoreOptions {
  /** How much of what is on disk to keep in memory; 0 turns the cache off (every read reads its file). */
  readonly cacheChars?: number;
  /**
   * False: every write creates and renames its key's file before it resolves (no journal). The
   * journals a folder already has are still read and folded in.
   */
  readonly journal?: boolean;
}

/**
 * The embedded default store: one JSON file per key in a folder (`STORAGE_PATH`, `./.data`),
 * with a write-ahead journal in front of them.
 *
 *   write ─▶ journal.<n>.log (one line per key; appends that wait share one write + fdatasync)
 *             └─ after 5 s or 8 MB: the next journal starts; this one is folded into the keys'
 *                files (temporary file, rename: old or new value, never half) and removed
 *   read  ─▶ what the journals hold ─▶ the in-process cache ─▶ the key's file
 *
 * A write resolves once its line is synced to the journal, so it survives a crash (and a power
 * loss: the files alone were never synced); opening a folder reads its journals back, a line a
 * crash cut short is ignored, and the first write of the new process folds them into the files.
 * eTag checks are serialized per key inside the process.
 *
 * Single process only, one store object per folder: two processes on one folder could interleave
 * a check and a write. Use the Blob store (`STORAGE=blob`) when more than one instance runs. (A
 * second object that only reads, such as a test or a bench looking at a folder, is harmless: it
 * folds nothing until it writes.)
 *
 * Because this object is the folder's only writer, it keeps what it read and wrote in memory
 * (bounded, least recently used out; what only the journal holds yet is kept until folded), so
 * reads and the eTag check before a write skip the file system. A busy events intake read each
 * device record three times per event and created and renamed one file per event, which on a
 * shared 2-core machine topped out near 2,000-3,000 files a second.
 */
export class FileStore implements KeyValueStore {
  private readonly lock = new KeyLock();
  private readonly cache: RecordCache;
  private readonly useJournal: boolean;
  /** Keys whose newest value only a journal holds yet, with that journal's number. */
  private readonly journaled = new Map<string, { readonly entry: CachedRecord; readonly seq: number }>();
  private journal: { readonly seq: number; readonly file: FileJournal } | undefined;
  private journalTimer: NodeJS.Timeout | undefined;
  private nextSeq = 1;
  /** Journals found when the folder was opened: folded in at this object's first write. */
  private found: number[] = [];
  /** Folds run one after another, oldest journal first. */
  private folding: Promise<void> = Promise.resolve();
  private foldFailure: unknown;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly folder: string,
    options: FileStoreOptions = {},
  ) {
    this.cache = new RecordCache(options.cacheChars ?? DEFAULT_FILE_CACHE_CHARS);
    this.useJournal = options.journal ?? true;
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.open();
    const result: StoreItems = {};
    for (const key of keys) {
      const known = this.known(key);
      // A miss reads the file under the key's lock, so no write can finish between the read and
      // the cache fill (which would leave the older text cached).
      const record =
        known !== undefined ? parse(known) : await this.lock.with(key, () => this.currentRecord(key));
      if (record) result[key] = { ...record.value, eTag: record.eTag };
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.open();
    const keys = Object.keys(changes);
    keys.forEach((key) => this.fileFor(key)); // rejects an empty key before anything is written
    // Without the journal, older journals are folded first (outside the locks: folds take them):
    // folded later, they would put their values over these files.
    if (!this.useJournal) await this.takeOver();
    await this.lock.withAll(keys, async () => {
      for (const key of keys) {
        const eTag = changes[key]?.eTag;
        if (isUnconditional(eTag)) continue;
        const current = await this.currentRecord(key);
        if (eTag === IF_ABSENT ? current !== undefined : current?.eTag !== eTag) {
          throw new StorageConflictError(key);
        }
      }
      const records = keys.map((key): FileRecord => {
        const { eTag: _eTag, ...value } = changes[key] as StoreItem;
        return { key, eTag: randomUUID(), value };
      });
      if (!this.useJournal) {
        for (const record of records) await this.writeRecord(record);
        return;
      }
      await this.appendToJournal(
        records.map((record) => {
          const text = JSON.stringify(record);
          return { key: record.key, entry: { text }, line: recordLine(text) };
        }),
      );
    });
  }

  async delete(keys: string[]): Promise<void> {
    await this.open();
    keys.forEach((key) => this.fileFor(key));
    if (!this.useJournal) await this.takeOver();
    await this.lock.withAll(keys, async () => {
      if (this.useJournal) {
        await this.appendToJournal(
          keys.map((key) => ({ key, entry: 'absent' as const, line: deletionLine(key) })),
        );
        return;
      }
      for (const key of keys) await this.removeFile(key);
    });
  }

  /**
   * Folds every journal into the keys' files now, and waits for it (tests, tools that want the
   * folder as plain files). Like a write, it takes the folder over from a previous process.
   */
  async flush(): Promise<void> {
    await this.open();
    void this.takeOver();
    if (this.journal) this.rotate(this.journal);
    await this.folding;
    const failure = this.foldFailure;
    this.foldFailure = undefined;
    if (failure !== undefined) throw unavailable('fold its journal into the files', failure);
  }

  /**
   * This object writes: the journals a previous process left are folded in, before any journal
   * of this object's (folds keep journal order). Resolves when every fold so far is done.
   */
  private takeOver(): Promise<void> {
    for (const seq of this.found.splice(0)) this.foldLater(seq, undefined);
    return this.folding;
  }

  /** What memory knows of the key: a journaled value first, then the cache. */
  private known(key: string): CachedRecord | undefined {
    return this.journaled.get(key)?.entry ?? this.cache.get(key);
  }

  /** The key's record, from memory or its file (then cached). Call with the key's lock held. */
  private async currentRecord(key: string): Promise<FileRecord | undefined> {
    const known = this.known(key);
    if (known !== undefined) return parse(known);
    const text = await this.readText(key);
    const record = text === undefined ? undefined : recordOf(key, text);
    this.cache.set(key, record === undefined ? 'absent' : { text: text as string });
    return record;
  }

  /** Opens the folder once: creates it, and reads back the journals a previous process left. */
  private open(): Promise<void> {
    this.ready ??= this.openFolder().catch((error: unknown) => {
      this.ready = undefined;
      throw error instanceof StorageUnavailableError
        ? error
        : unavailable(`open the folder ${this.folder}`, error);
    });
    return this.ready;
  }

  private async openFolder(): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true }).catch((error: unknown) => {
      throw unavailable(`create the folder ${this.folder}`, error);
    });
    const seqs = (await fs.readdir(this.folder))
      .map((name) => JOURNAL_NAME.exec(name)?.[1])
      .filter((seq): seq is string => seq !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const seq of seqs) {
      for (const { key, text } of await readJournal(this.journalFile(seq))) {
        this.journaled.set(key, { entry: text === undefined ? 'absent' : { text }, seq });
      }
    }
    this.found = seqs;
    this.nextSeq = (seqs[seqs.length - 1] ?? 0) + 1;
  }

  /**
   * Appends the changes to the current journal as one group; once synced, memory holds them as
   * the keys' values. Call with the keys' locks held.
   */
  private async appendToJournal(
    changes: readonly { readonly key: string; readonly entry: CachedRecord; readonly line: string }[],
  ): Promise<void> {
    void this.takeOver();
    const journal = this.currentJournal();
    try {
      await journal.file.append(changes.map((change) => change.line).join(''), () => {
        for (const { key, entry } of changes) {
          this.journaled.set(key, { entry, seq: journal.seq });
          this.cache.forget(key);
        }
      });
    } catch (error) {
      // Nothing more goes into a journal whose append failed; what it holds is folded in.
      this.rotate(journal);
      throw unavailable(`write ${changes.map((c) => `"${c.key}"`).join(', ')}`, error);
    }
    if (journal.file.bytes >= JOURNAL_MAX_BYTES) this.rotate(journal);
  }

  private currentJournal(): { readonly seq: number; readonly file: FileJournal } {
    if (this.journal) return this.journal;
    const seq = this.nextSeq++;
    const journal = { seq, file: new FileJournal(this.journalFile(seq)) };
    this.journal = journal;
    this.journalTimer = setTimeout(() => this.rotate(journal), JOURNAL_MAX_AGE_MS);
    // The fold is housekeeping: it never keeps the process alive (a restart folds it instead).
    this.journalTimer.unref();
    return journal;
  }

  /** Later writes start the next journal; this one is folded into the files once its appends end. */
  private rotate(journal: { readonly seq: number; readonly file: FileJournal }): void {
    if (this.journal !== journal) return;
    this.journal = undefined;
    clearTimeout(this.journalTimer);
    this.foldLater(journal.seq, journal.file);
  }

  private foldLater(seq: number, file: FileJournal | undefined): void {
    this.folding = this.folding
      .then(() => this.fold(seq, file))
      .catch((error: unknown) => {
        // The journal stays, and memory still holds its values; the next start folds it.
        this.foldFailure = error;
      });
  }

  /**
   * Writes each key's last value in journal `seq` to the key's file (unless a newer journal has
   * the key), then removes the journal. Memory then holds what the file holds.
   */
  private async fold(seq: number, file: FileJournal | undefined): Promise<void> {
    await file?.close();
    const last = new Map<string, string | undefined>();
    for (const { key, text } of await readJournal(this.journalFile(seq))) last.set(key, text);
    for (const [key, text] of last) {
      // Under the key's lock: no write of the key, and no read of its file, runs meanwhile.
      await this.lock.with(key, async () => {
        if ((this.journaled.get(key)?.seq ?? seq) > seq) return; // a newer journal has the key
        if (text === undefined) await this.removeFile(key);
        else await this.writeFile(key, text);
        this.journaled.delete(key);
        this.cache.set(key, text === undefined ? 'absent' : { text });
      });
    }
    await fs.rm(this.journalFile(seq), { force: true });
  }

  private journalFile(seq: number): string {
    return path.join(this.folder, `journal.${seq}.log`);
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

  /** Without the journal: the key's file, then memory. */
  private async writeRecord(record: FileRecord): Promise<void> {
    const text = JSON.stringify(record);
    try {
      await this.writeFile(record.key, text);
    } catch (error) {
      // The rename may or may not have happened: the next read asks the disk.
      this.cache.forget(record.key);
      throw unavailable(`write "${record.key}"`, error);
    }
    this.cache.set(record.key, { text });
  }

  private async removeFile(key: string): Promise<void> {
    try {
      await fs.rm(this.fileFor(key), { force: true });
    } catch (error) {
      this.cache.forget(key);
      throw unavailable(`delete "${key}"`, error);
    }
    this.cache.set(key, 'absent');
  }

  /** Temporary file, then rename over the old one: a crash leaves the old or the new text. */
  private async writeFile(key: string, text: string): Promise<void> {
    const file = this.fileFor(key);
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await fs.writeFile(temporary, text, 'utf8');
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw error;
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
