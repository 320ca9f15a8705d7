/**
 * Kusto "terms" and the string predicates built on them.
 *
 * Kusto breaks each string into maximal runs of alphanumeric characters ("terms"); `has` matches a
 * whole term (or, for a needle with punctuation, a phrase whose ends fall on term boundaries),
 * case-insensitively. See "Understanding string terms" in the Kusto string-operators docs.
 *
 * Case-insensitive matching here is defined on `toLowerCase()` of both sides. The term index
 * (`term-index.ts`) tokenizes the same lower-cased text, so an index lookup and a scan always agree.
 */

const ASCII_ALNUM = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_ALNUM[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_ALNUM[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_ALNUM[c] = 1;
const UNICODE_ALNUM = /^[\p{L}\p{Nd}]$/u;

/** Is the UTF-16 code unit a term character (letter or digit)? */
export function isTermChar(code: number): boolean {
  if (code < 128) return ASCII_ALNUM[code] === 1;
  return UNICODE_ALNUM.test(String.fromCharCode(code));
}

/** Minimum length of a term the index stores (Kusto's own index also starts at three characters). */
export const MIN_INDEXED_TERM = 3;

/** Calls `onTerm(start, end)` for every maximal alphanumeric run of `s`. */
export function forEachTerm(s: string, onTerm: (start: number, end: number) => void): void {
  const n = s.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const alnum = c < 128 ? ASCII_ALNUM[c] === 1 : isTermChar(c);
    if (alnum) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      onTerm(start, i);
      start = -1;
    }
  }
  if (start >= 0) onTerm(start, n);
}

/** The terms of `s`, lower-cased (duplicates kept, in order). */
export function termsOf(s: string): string[] {
  const lower = s.toLowerCase();
  const terms: string[] = [];
  forEachTerm(lower, (a, b) => terms.push(lower.slice(a, b)));
  return terms;
}

/**
 * Is `needle` found in `hay` with term boundaries at its alphanumeric ends? Both already in the
 * case the caller wants compared (lower-cased for `has`, as-is for `has_cs`).
 */
export function hasPhrase(hay: string, needle: string): boolean {
  const m = needle.length;
  if (m === 0) return true;
  const checkStart = isTermChar(needle.charCodeAt(0));
  const checkEnd = isTermChar(needle.charCodeAt(m - 1));
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at < 0) return false;
    const end = at + m;
    if (
      (!checkStart || at === 0 || !isTermChar(hay.charCodeAt(at - 1))) &&
      (!checkEnd || end === hay.length || !isTermChar(hay.charCodeAt(end)))
    ) {
      return true;
    }
    from = at + 1;
  }
}

/** `hasprefix`: some term of `hay` starts with `needle` (needle start on a term boundary). */
export function hasPrefixPhrase(hay: string, needle: string): boolean {
  const m = needle.length;
  if (m === 0) return true;
  const checkStart = isTermChar(needle.charCodeAt(0));
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at < 0) return false;
    if (!checkStart || at === 0 || !isTermChar(hay.charCodeAt(at - 1))) return true;
    from = at + 1;
  }
}

/** `hassuffix`: some term of `hay` ends with `needle` (needle end on a term boundary). */
export function hasSuffixPhrase(hay: string, needle: string): boolean {
  const m = needle.length;
  if (m === 0) return true;
  const checkEnd = isTermChar(needle.charCodeAt(m - 1));
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at < 0) return false;
    const end = at + m;
    if (!checkEnd || end === hay.length || !isTermChar(hay.charCodeAt(end))) return true;
    from = at + 1;
  }
}

export type StringPredicate = (value: string) => boolean;

/**
 * A predicate for `value <op> needle` where op is one of Kusto's string operators (without the
 * `!` negation, which the caller applies). Needles are lower-cased once here.
 */
export function stringPredicate(op: string, needle: string): StringPredicate {
  const lowerNeedle = needle.toLowerCase();
  switch (op) {
    case 'has':
      return (v) => hasPhrase(v.toLowerCase(), lowerNeedle);
    case 'has_cs':
      return (v) => hasPhrase(v, needle);
    case 'hasprefix':
      return (v) => hasPrefixPhrase(v.toLowerCase(), lowerNeedle);
    case 'hasprefix_cs':
      return (v) => hasPrefixPhrase(v, needle);
    case 'hassuffix':
      return (v) => hasSuffixPhrase(v.toLowerCase(), lowerNeedle);
    case 'hassuffix_cs':
      return (v) => hasSuffixPhrase(v, needle);
    case 'contains':
      return (v) => v.toLowerCase().includes(lowerNeedle);
    case 'contains_cs':
      return (v) => v.includes(needle);
    case 'startswith':
      return (v) => v.toLowerCase().startsWith(lowerNeedle);
    case 'startswith_cs':
      return (v) => v.startsWith(needle);
    case 'endswith':
      return (v) => v.toLowerCase().endsWith(lowerNeedle);
    case 'endswith_cs':
      return (v) => v.endsWith(needle);
    case '==':
      return (v) => v === needle;
    case '=~':
      return (v) => v.toLowerCase() === lowerNeedle;
    default:
      throw new Error(`not a string operator: ${op}`);
  }
}
