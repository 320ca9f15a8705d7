/** Kusto (RE2) regular expressions as JavaScript RegExps, cached by pattern. */
import { badQuery } from './context';

const regexCache = new Map<string, RegExp>();

export function makeRegex(pattern: string, pos: number, where: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    const translated = translateRe2(pattern);
    try {
      re = new RegExp(translated.source, flags + translated.flags);
    } catch (error) {
      throw badQuery(`Invalid regular expression in ${where}: ${(error as Error).message}`, pos);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/**
 * RE2 → JS for the differences real queries meet: leading inline flags `(?i)`, `(?s)`, `(?m)`
 * (JS has them as RegExp flags; they were dropped before, so `(?i)` matched case-sensitively)
 * and named groups written `(?P<name>...)` (JS: `(?<name>...)`).
 */
function translateRe2(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags = [...new Set(inline[1] as string)].join('');
    source = source.slice(inline[0].length);
  }
  return { source: source.replace(/\(\?P</g, '(?<'), flags };
}
