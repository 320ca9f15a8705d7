/** Kusto (RE2) regular expressions as JavaScript RegExps, cached by pattern. */
import { badQuery } from './context';

const regexCache = new Map<string, RegExp>();

export function makeRegex(pattern: string, pos: number, where: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      const { source, ignoreCase } = translateRe2(pattern);
      re = new RegExp(source, ignoreCase && !flags.includes('i') ? `${flags}i` : flags);
    } catch (error) {
      throw badQuery(`Invalid regular expression in ${where}: ${(error as Error).message}`, pos);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** RE2 → JS: inline flags `(?i)` at the start are the only common difference (JS takes them as the `i` flag). */
function translateRe2(pattern: string): { source: string; ignoreCase: boolean } {
  const ignoreCase = pattern.startsWith('(?i)');
  return { source: ignoreCase ? pattern.slice(4) : pattern, ignoreCase };
}
