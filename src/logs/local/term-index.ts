/**
 * Inverted index of a string column: lower-cased term (≥ 3 alphanumeric characters) → rows that
 * hold it. Used as a prefilter for `has` / `==` / `hasprefix`... on large, high-cardinality string
 * columns (`properties_s`): every term of a `has` needle must be a whole term of a matching row,
 * so the rows holding all the needle's indexed terms are a superset of the matches; the planner
 * verifies that (small) superset with the real predicate unless the needle is a single whole term.
 *
 * Frequent terms (in more than 1/32 of the rows) are stored as bitmaps, the others as sorted
 * row-id lists, so memory stays bounded by rows × distinct-terms-per-row.
 */
import { MIN_INDEXED_TERM, isTermChar } from './terms';
import { Bitmap, IntBuffer, type Posting } from './row-sets';

export class TermIndex {
  private constructor(
    private readonly ids: Map<string, number>,
    private readonly postings: Posting[],
    readonly rowCount: number,
  ) {}

  get termCount(): number {
    return this.ids.size;
  }

  /** Rows holding the (lower-cased) term; an empty list when no row does. */
  lookup(term: string): Posting {
    const id = this.ids.get(term);
    return id === undefined ? EMPTY : (this.postings[id] as Posting);
  }

  /** Approximate bytes held (for diagnostics). */
  byteSize(): number {
    let bytes = 0;
    for (const p of this.postings) bytes += p instanceof Bitmap ? p.words.byteLength : p.byteLength;
    return bytes + this.ids.size * 64;
  }

  /**
   * Builds the index over `valueAt(0..rowCount-1)`. Gives up (returns null) past `maxTerms`
   * distinct terms: a column of unique ids (GUIDs) is better scanned than indexed. It also gives
   * up early when the terms seen so far, projected over all rows, come to more than twice
   * `maxTerms`: a dictionary of a million correlation ids otherwise tokenized its first ~100k
   * values (half a million term strings, then garbage) before reaching the cap.
   */
  static build(rowCount: number, valueAt: (row: number) => string, maxTerms: number): TermIndex | null {
    const ids = new Map<string, number>();
    const counts = new IntBuffer(1024);
    const lastRow = new IntBuffer(1024);
    const rowTerms = new IntBuffer(rowCount * 8 + 16);
    const rowEnds = new Int32Array(rowCount);
    for (let r = 0; r < rowCount; r++) {
      if (r >= PROJECTION_FROM && (r & (r - 1)) === 0 && (ids.size / r) * rowCount > maxTerms * 2)
        return null;
      const s = valueAt(r);
      if (s.length >= MIN_INDEXED_TERM) {
        const lower = s.toLowerCase();
        const n = lower.length;
        let start = -1;
        for (let i = 0; i <= n; i++) {
          const c = i < n ? lower.charCodeAt(i) : 32;
          const alnum =
            c < 128 ? (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) : isTermChar(c);
          if (alnum) {
            if (start < 0) start = i;
            continue;
          }
          if (start >= 0) {
            if (i - start >= MIN_INDEXED_TERM) {
              const term = lower.slice(start, i);
              let id = ids.get(term);
              if (id === undefined) {
                id = ids.size;
                if (id >= maxTerms) return null;
                ids.set(term, id);
                counts.push(0);
                lastRow.push(-1);
              }
              if (lastRow.get(id) !== r) {
                lastRow.set(id, r);
                counts.set(id, counts.get(id) + 1);
                rowTerms.push(id);
              }
            }
            start = -1;
          }
        }
      }
      rowEnds[r] = rowTerms.length;
    }
    const bitmapThreshold = Math.max(64, rowCount >>> 5);
    const postings: Posting[] = new Array<Posting>(ids.size);
    const fill = new Int32Array(ids.size);
    for (let id = 0; id < ids.size; id++) {
      const count = counts.get(id);
      postings[id] = count > bitmapThreshold ? new Bitmap(rowCount, count) : new Int32Array(count);
    }
    const termIds = rowTerms.view();
    let k = 0;
    for (let r = 0; r < rowCount; r++) {
      const end = rowEnds[r] as number;
      for (; k < end; k++) {
        const id = termIds[k] as number;
        const p = postings[id] as Posting;
        if (p instanceof Bitmap) p.words[r >>> 5] = (p.words[r >>> 5] as number) | (1 << (r & 31));
        else {
          const at = fill[id] as number;
          p[at] = r;
          fill[id] = at + 1;
        }
      }
    }
    return new TermIndex(ids, postings, rowCount);
  }
}

const EMPTY = new Int32Array(0);
/** Rows seen before the distinct-term count is projected (then at each power of two). */
const PROJECTION_FROM = 4096;
