/** What the cache knows of one key: the stored file's text, or that no file exists. */
export type CachedRecord = { readonly text: string } | 'absent';

/** What an absent key is charged, beside its key's length (the Map entry itself). */
const ABSENT_COST = 16;

/**
 * The file store's memory of what is on disk, by key, bounded by the characters it holds and
 * evicting the least recently used. It holds JSON text, not objects, so every read still hands
 * out a fresh object (botbuilder's state mutates what it reads before writing it back; a shared
 * object would change the cache behind the store's back).
 *
 * It is only as true as the one process that fills it: the file store sets an entry after its
 * own write or delete succeeded, or after reading the file while holding the key's lock.
 */
export class RecordCache {
  private readonly entries = new Map<string, CachedRecord>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): CachedRecord | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Most recently used goes last: eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: CachedRecord): void {
    this.forget(key);
    const cost = costOf(key, entry);
    if (cost > this.maxChars) return;
    this.entries.set(key, entry);
    this.chars += cost;
    for (const [oldest, value] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= costOf(oldest, value);
    }
  }

  /** After a failed write or delete: what is on disk is not known any more. */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.chars -= costOf(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}

function costOf(key: string, entry: CachedRecord): number {
  return key.length + (entry === 'absent' ? ABSENT_COST : entry.text.length);
}
