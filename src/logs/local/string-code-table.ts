/**
 * Value → code of a string column's dictionary: an open-addressing hash table of codes in typed
 * arrays, keyed on each value's UTF-8 bytes.
 *
 * It replaces a `Map<string, number>`, which at 10M rows (a million correlation ids, 337k
 * properties_s texts) made loading superlinear. It works on bytes rather than on the JS strings:
 * `TextEncoder.encodeInto` turns a value into bytes natively, the hash then reads four bytes per
 * step instead of one `charCodeAt` per character (about 350 → 215 ns for a 200-character JSON
 * text), and a candidate is compared word by word in the table's own byte store rather than with
 * `===`, which is about four times slower on the concatenated strings that `JSON.stringify` returns.
 * Each slot holds a code and that code's hash side by side, so a probe rejects a wrong candidate
 * in the cache line it already read.
 *
 * The table keeps the values themselves, so while rows load a dictionary of a million values is
 * not a million strings on the JS heap for every major GC to mark: an ASCII value is only its
 * bytes and is decoded when asked for ({@link valueOf}).
 *
 * Equal bytes mean equal strings only for well-formed text: the encoder writes U+FFFD for a lone
 * surrogate. So a value with any non-ASCII character is kept as its string too, and a match on it
 * is confirmed with `===`; an ASCII value's bytes are its characters, and a stored value with the
 * same bytes is ASCII too. A hash collision therefore costs time, never a wrong code.
 */
import { Buffer } from 'node:buffer';
import { IntBuffer } from './row-sets';

const INITIAL_SLOTS = 1024;
const EMPTY = -1;

export class StringCodeTable {
  /** Slot i is `entries[2i]` (a code, or {@link EMPTY}) and `entries[2i + 1]` (its value's hash). */
  private entries = emptyEntries(INITIAL_SLOTS);
  /** Every code's UTF-8 bytes, each value zero-padded to whole 32-bit words. */
  private store = new Int32Array(4096);
  /** The same memory as bytes, for decoding. */
  private storeBytes = Buffer.from(this.store.buffer);
  private storeWords = 0;
  /** Code → first word of its bytes in {@link store}. */
  private readonly starts = new IntBuffer(INITIAL_SLOTS);
  /** Code → length of its bytes. */
  private readonly byteLengths = new IntBuffer(INITIAL_SLOTS);
  /** Code → value, for the values with a non-ASCII character (their bytes alone are ambiguous). */
  private readonly nonAsciiValues = new Map<number, string>();
  private readonly scratch = new ValueBytes();

  /** Codes so far: 0 .. size - 1, in the order their values were first added. */
  get size(): number {
    return this.starts.length;
  }

  /** The value of `code` (0 ≤ code < {@link size}). */
  valueOf(code: number): string {
    const nonAscii = this.nonAsciiValues.get(code);
    if (nonAscii !== undefined) return nonAscii;
    const start = this.starts.get(code) * 4;
    return this.storeBytes.toString('latin1', start, start + this.byteLengths.get(code));
  }

  /** The code of `value`, or -1 when it has none yet. */
  codeOf(value: string): number {
    const byteLength = this.scratch.encode(value);
    return this.find(value, byteLength, this.scratch.hash(byteLength));
  }

  /** The code of `value`, adding it as code {@link size} when it has none. */
  codeOrAdd(value: string): number {
    const byteLength = this.scratch.encode(value);
    const hash = this.scratch.hash(byteLength);
    const found = this.find(value, byteLength, hash);
    if (found >= 0) return found;
    const code = this.add(byteLength, hash);
    if (byteLength !== value.length) this.nonAsciiValues.set(code, value);
    return code;
  }

  private find(value: string, byteLength: number, hash: number): number {
    const entries = this.entries;
    const mask = entries.length - 2;
    // An ASCII value is one byte per character; anything else is confirmed on the string itself.
    const ascii = byteLength === value.length;
    for (let at = (hash << 1) & mask; ; at = (at + 2) & mask) {
      const code = entries[at] as number;
      if (code === EMPTY) return -1;
      if (
        entries[at + 1] === hash &&
        this.sameBytes(code, byteLength) &&
        (ascii || this.nonAsciiValues.get(code) === value)
      ) {
        return code;
      }
    }
  }

  /** Whether `code`'s stored bytes are the scratch's first `byteLength` bytes. */
  private sameBytes(code: number, byteLength: number): boolean {
    if (this.byteLengths.get(code) !== byteLength) return false;
    const words = this.scratch.words;
    const store = this.store;
    const start = this.starts.get(code);
    const count = (byteLength + 3) >>> 2;
    for (let i = 0; i < count; i++) if (store[start + i] !== words[i]) return false;
    return true;
  }

  private add(byteLength: number, hash: number): number {
    const code = this.starts.length;
    const count = (byteLength + 3) >>> 2;
    if (this.storeWords + count > this.store.length) {
      const bigger = new Int32Array(Math.max(this.store.length * 2, this.storeWords + count));
      bigger.set(this.store.subarray(0, this.storeWords));
      this.store = bigger;
      this.storeBytes = Buffer.from(bigger.buffer);
    }
    this.store.set(this.scratch.words.subarray(0, count), this.storeWords);
    this.starts.push(this.storeWords);
    this.byteLengths.push(byteLength);
    this.storeWords += count;
    // Never more than half the slots in use, so probe runs stay short.
    if (this.starts.length * 4 > this.entries.length) this.grow();
    place(this.entries, code, hash);
    return code;
  }

  private grow(): void {
    const old = this.entries;
    const entries = emptyEntries(old.length);
    for (let at = 0; at < old.length; at += 2) {
      const code = old[at] as number;
      if (code !== EMPTY) place(entries, code, old[at + 1] as number);
    }
    this.entries = entries;
  }
}

/** A reusable buffer holding one value's UTF-8 bytes, zero-padded to a whole word. */
class ValueBytes {
  private static readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(1024);
  /** The same memory as 32-bit words. */
  words = new Int32Array(this.bytes.buffer);

  /** Encodes `value` and returns its byte length. */
  encode(value: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit; + 4 leaves room for the padding.
    if (value.length * 3 + 4 > this.bytes.length) {
      this.bytes = new Uint8Array(Math.max(this.bytes.length * 2, (value.length * 3 + 4 + 3) & ~3));
      this.words = new Int32Array(this.bytes.buffer);
    }
    const written = ValueBytes.encoder.encodeInto(value, this.bytes).written;
    for (let i = written; (i & 3) !== 0; i++) this.bytes[i] = 0;
    return written;
  }

  /** Hash of the first `byteLength` bytes (see {@link hashWords}). */
  hash(byteLength: number): number {
    return hashWords(this.words, byteLength);
  }
}

/**
 * FNV-1a over the value's bytes a 32-bit word at a time, in two interleaved lanes so the CPU runs
 * both multiply chains at once, finished with the length and a multiply-xorshift so that linear
 * probing on the low bits stays spread for values that differ only near their end (ids with a
 * counter). `words` holds the bytes zero-padded to a whole word.
 */
export function hashWords(words: Int32Array, byteLength: number): number {
  const count = (byteLength + 3) >>> 2;
  let even = 0x811c9dc5;
  let odd = 0x2c1b3c6d;
  let i = 0;
  for (; i + 1 < count; i += 2) {
    even = Math.imul(even ^ (words[i] as number), 0x01000193);
    odd = Math.imul(odd ^ (words[i + 1] as number), 0x01000193);
  }
  if (i < count) even = Math.imul(even ^ (words[i] as number), 0x01000193);
  let h = even ^ Math.imul(odd ^ byteLength, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h | 0;
}

/** The table's hash of `value` (its slot in a table of n slots is `hash & (n - 1)`). */
export function hashString(value: string): number {
  const bytes = new ValueBytes();
  return bytes.hash(bytes.encode(value));
}

function emptyEntries(slots: number): Int32Array {
  const entries = new Int32Array(slots * 2);
  for (let at = 0; at < entries.length; at += 2) entries[at] = EMPTY;
  return entries;
}

function place(entries: Int32Array, code: number, hash: number): void {
  const mask = entries.length - 2;
  let at = (hash << 1) & mask;
  while (entries[at] !== EMPTY) at = (at + 2) & mask;
  entries[at] = code;
  entries[at + 1] = hash;
}
