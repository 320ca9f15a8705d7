import { promises as fs, type promises } from 'node:fs';

/**
 * The file store's write-ahead journal: an append-only file, one JSON line per change, each line
 * exactly what the key's own file will hold (`{key, eTag, value}`), or `{key, deleted: true}`.
 *
 * Group commit: appends that arrive while one is being written wait, and go out together in the
 * next single write + fdatasync. Twenty deliveries of fifty events became about as many
 * appends, not a thousand files each created and renamed.
 *
 * A crash can leave half a line at the end; reading stops at the first line that is not whole,
 * and after a failed append nothing more is written to the same journal (the store starts the
 * next one), so a torn line is always the last.
 */
export class FileJournal {
  private handle: Promise<promises.FileHandle> | undefined;
  private readonly queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private failure: unknown;
  private closed = false;
  /** Bytes appended so far: the store starts a new journal past its limit. */
  bytes = 0;

  constructor(readonly file: string) {}

  /**
   * Resolves once `text` (whole lines) is written and synced. `written` runs first, right when the
   * write completed, before any later append of this journal can complete.
   */
  append(text: string, written: () => void): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error(`The journal ${this.file} is closed.`));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text, written, resolve, reject });
      this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    });
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Waits for the appends already made, then closes the file; later appends are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    const handle = await this.handle?.catch(() => undefined);
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0);
      try {
        const handle = await (this.handle ??= fs.open(this.file, 'a'));
        const buffer = Buffer.from(group.map((pending) => pending.text).join(''), 'utf8');
        for (let offset = 0; offset < buffer.length;) {
          offset += (await handle.write(buffer, offset)).bytesWritten;
        }
        await handle.datasync();
        this.bytes += buffer.length;
      } catch (error) {
        // Part of the group may be in the file now: this journal takes nothing more.
        this.failure = error;
        for (const pending of [...group, ...this.queue.splice(0)]) pending.reject(error);
        return;
      }
      for (const pending of group) pending.written();
      for (const pending of group) pending.resolve();
    }
  }
}

interface Pending {
  readonly text: string;
  readonly written: () => void;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** One change read back from a journal: the key's file text, or its deletion. */
export interface JournalEntry {
  readonly key: string;
  /** The record's JSON as its file holds it; undefined for a deletion. */
  readonly text: string | undefined;
}

/** The journal line for a record's file text (already one line: JSON.stringify escapes newlines). */
export function recordLine(text: string): string {
  return `${text}\n`;
}

export function deletionLine(key: string): string {
  return `${JSON.stringify({ key, deleted: true })}\n`;
}

/** The whole lines of a journal, in order; a missing file has none. */
export async function readJournal(file: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  // What follows the last newline is empty, or a line a crash cut short.
  lines.pop();
  const entries: JournalEntry[] = [];
  for (const line of lines) {
    let parsed: { key?: unknown; deleted?: unknown };
    try {
      parsed = JSON.parse(line) as { key?: unknown; deleted?: unknown };
    } catch {
      break;
    }
    if (typeof parsed.key !== 'string') break;
    entries.push({ key: parsed.key, text: parsed.deleted === true ? undefined : line });
  }
  return entries;
}
