/**
 * Sets of row ids: sorted `Int32Array`s (selective sets) and bitmaps (dense sets), and the
 * intersections the planner needs.
 */

export class Bitmap {
  readonly words: Uint32Array;
  constructor(
    readonly size: number,
    readonly count: number,
    words?: Uint32Array,
  ) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }
  has(row: number): boolean {
    return ((this.words[row >>> 5] as number) & (1 << (row & 31))) !== 0;
  }
}

/** A posting list: the rows holding a term. */
export type Posting = Int32Array | Bitmap;

export function postingSize(p: Posting): number {
  return p instanceof Bitmap ? p.count : p.length;
}

/** Rows of `list` (sorted) that are also in `p`. */
export function intersectPosting(list: Int32Array, p: Posting): Int32Array {
  if (p instanceof Bitmap) {
    const out = new Int32Array(list.length);
    let k = 0;
    const words = p.words;
    for (let i = 0; i < list.length; i++) {
      const r = list[i] as number;
      if (((words[r >>> 5] as number) & (1 << (r & 31))) !== 0) out[k++] = r;
    }
    return out.subarray(0, k);
  }
  return intersectSorted(list, p);
}

/** Intersection of two sorted id lists (galloping when one is much shorter). */
export function intersectSorted(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = new Int32Array(a.length);
  let k = 0;
  if (a.length * 16 < b.length) {
    let lo = 0;
    for (let i = 0; i < a.length && lo < b.length; i++) {
      const x = a[i] as number;
      if ((b[lo] as number) < x) {
        // Exponential search for the first index whose value is >= x.
        let step = 1;
        let hi = lo + 1;
        while (hi < b.length && (b[hi] as number) < x) {
          lo = hi;
          step *= 2;
          hi = lo + step;
        }
        let l = lo + 1;
        let h = Math.min(hi, b.length);
        while (l < h) {
          const m = (l + h) >>> 1;
          if ((b[m] as number) < x) l = m + 1;
          else h = m;
        }
        lo = l;
      }
      if (lo < b.length && b[lo] === x) out[k++] = x;
    }
    return out.subarray(0, k);
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out[k++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, k);
}

/** All rows of a posting as a sorted list. */
export function postingToList(p: Posting): Int32Array {
  if (!(p instanceof Bitmap)) return p;
  const out = new Int32Array(p.count);
  let k = 0;
  const words = p.words;
  for (let w = 0; w < words.length; w++) {
    let bits = words[w] as number;
    while (bits !== 0) {
      const t = bits & -bits;
      const bit = 31 - Math.clz32(t);
      out[k++] = (w << 5) + bit;
      bits ^= t;
    }
  }
  return out.subarray(0, k);
}

/** 0, 1, ..., n-1 (or a..b-1). */
export function rangeList(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** Union of sorted id lists. */
export function unionSorted(lists: readonly Int32Array[]): Int32Array {
  if (lists.length === 0) return new Int32Array(0);
  if (lists.length === 1) return lists[0] as Int32Array;
  let total = 0;
  for (const l of lists) total += l.length;
  const all = new Int32Array(total);
  let k = 0;
  for (const l of lists) {
    all.set(l, k);
    k += l.length;
  }
  all.sort();
  let w = 0;
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[i - 1]) all[w++] = all[i] as number;
  }
  return all.subarray(0, w);
}

/** A growable Int32 buffer. */
export class IntBuffer {
  private data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i] as number;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
  /** Grows so that index `i` exists, filling with `fill`. */
  ensure(i: number, fill: number): void {
    if (i < this.length) return;
    while (i >= this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data.fill(fill, this.length, i + 1);
    this.length = i + 1;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Merge of sorted, disjoint id lists (pairwise, so k lists cost n·log k). */
export function mergeDisjointSorted(lists: readonly Int32Array[]): Int32Array {
  if (lists.length === 0) return new Int32Array(0);
  let level = [...lists];
  while (level.length > 1) {
    const next: Int32Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as Int32Array;
      const b = level[i + 1];
      next.push(b ? mergeTwo(a, b) : a);
    }
    level = next;
  }
  return level[0] as Int32Array;
}

function mergeTwo(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x <= y) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}
