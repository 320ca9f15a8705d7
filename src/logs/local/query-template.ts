/**
 * Query templates: the same KQL with its plain string and `datetime(...)` literals swapped for
 * placeholders, so that one parse serves every query that differs only in those values (a device
 * id of any length, any window). The bot asks the same questions about other devices and other windows all day; parsing
 * and binding with the official Kusto parser costs 8–40 ms per new text, running the query ~1 ms.
 *
 * The substitution is only trusted once {@link verifyTemplate} has shown, on the parsed template,
 * that every placeholder came out as exactly one literal node and nowhere else (not in a column
 * name, a datatable cell, a folded constant). Anything it cannot prove is parsed as the exact text.
 * Positions in the template's tree are the template's; {@link QueryTemplate.originalPosition} maps
 * one back to the query's text (error messages are the only readers of positions).
 */
import type { Expr, ParsedQuery } from './ast';
import type { Value } from './values';
import { parseDatetimeText } from './values';

type LiteralExpr = Extract<Expr, { kind: 'literal' }>;

/** One literal of the original text and the placeholder standing in for it in the template. */
export interface TemplateHole {
  readonly type: 'string' | 'datetime';
  readonly placeholder: string | number;
  readonly value: string | number;
  /** Where the replaced text starts in the query and in the template, and its two lengths. */
  readonly start: number;
  readonly templateStart: number;
  readonly length: number;
  readonly templateLength: number;
}

export interface QueryTemplate {
  /** The text with placeholders: the cache key. Equal to the query when nothing was abstracted. */
  readonly text: string;
  readonly holes: readonly TemplateHole[];
  /** Lower-case prefix every string placeholder starts with; absent from the original text. */
  readonly stringPrefix: string;
}

/** The position in the query's own text of position `pos` of its template. */
export function originalPosition(template: QueryTemplate, pos: number): number {
  let shift = 0;
  for (const hole of template.holes) {
    if (pos < hole.templateStart) break;
    if (pos < hole.templateStart + hole.templateLength) {
      return hole.start + Math.min(pos - hole.templateStart, Math.max(hole.length - 1, 0));
    }
    shift = hole.start + hole.length - (hole.templateStart + hole.templateLength);
  }
  return pos + shift;
}

/** Candidate prefixes for string placeholders; the first one the query does not contain is used. */
const PREFIXES = ['zqj', 'zqk', 'qzv', 'xjq', 'vqz'];
/** Functions whose string argument names a column or table: it decides binding, so it stays in the text. */
const NAMING_FUNCTIONS = new Set([
  'column_ifexists',
  'table',
  'database',
  'cluster',
  'workspace',
  'app',
  'resource',
  'materialized_view',
  'external_table',
]);
/** `datetime(…)`, `dynamic(…)` and friends: their parentheses hold one literal in its own syntax. */
const LITERAL_FORMS = new Set([
  'datetime',
  'date',
  'dynamic',
  'timespan',
  'time',
  'guid',
  'uuid',
  'uniqueid',
]);
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,7}))?Z$/;

function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

/** Index just past the closing quote of a string starting at `start`, or -1 when it never closes. */
function endOfString(kql: string, start: number, verbatim: boolean): number {
  const quote = kql[start];
  for (let i = start + 1; i < kql.length; i++) {
    const ch = kql[i];
    if (ch === '\n' && !verbatim) return -1;
    if (!verbatim && ch === '\\') {
      i++;
      continue;
    }
    if (ch === quote) {
      if (verbatim && kql[i + 1] === quote) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return -1;
}

/** The value of a `'…'`/`"…"` body when its only escapes are `\\`, `\"` and `\'`; otherwise null. */
function plainStringValue(body: string): string | null {
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = body[i + 1];
    if (next !== '\\' && next !== '"' && next !== "'") return null;
    value += next;
    i++;
  }
  return value;
}

/** Index of the `)` closing the `(` at `open`, skipping quoted text; -1 when there is none. */
function matchingParen(kql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < kql.length; i++) {
    const ch = kql[i];
    if (ch === "'" || ch === '"') {
      const end = endOfString(kql, i, kql[i - 1] === '@');
      if (end < 0) return -1;
      i = end - 1;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function previousNonSpaceIndex(kql: string, index: number): number {
  let i = index - 1;
  while (i >= 0 && /\s/.test(kql[i] ?? '')) i--;
  return i;
}

/** `['name']`, `x["key"]` or `column_ifexists("name", …)`: a string that names rather than compares. */
function namesSomething(kql: string, quoteIndex: number): boolean {
  const before = previousNonSpaceIndex(kql, quoteIndex);
  if (kql[before] === '[') return true;
  if (kql[before] !== '(') return false;
  const wordEnd = previousNonSpaceIndex(kql, before) + 1;
  let wordStart = wordEnd;
  while (wordStart > 0 && isIdentifierChar(kql[wordStart - 1])) wordStart--;
  return NAMING_FUNCTIONS.has(kql.slice(wordStart, wordEnd));
}

/**
 * Splits `kql` into a template and its holes. Never throws: text it does not understand (multi-line
 * strings, an unterminated quote) is simply left as it is, and the parser judges it later.
 */
export function templateOf(kql: string): QueryTemplate {
  const lower = kql.toLowerCase();
  const stringPrefix = PREFIXES.find((p) => !lower.includes(p)) ?? '';
  const none: QueryTemplate = { text: kql, holes: [], stringPrefix };
  if (kql.includes('```') || kql.includes('~~~')) return none;
  const holes: TemplateHole[] = [];
  let out = '';
  let copiedTo = 0;
  const replace = (
    start: number,
    end: number,
    replacement: string,
    hole: Pick<TemplateHole, 'type' | 'placeholder' | 'value'>,
  ): void => {
    out += kql.slice(copiedTo, start);
    holes.push({
      ...hole,
      start,
      templateStart: out.length,
      length: end - start,
      templateLength: replacement.length,
    });
    out += replacement;
    copiedTo = end;
  };
  let i = 0;
  while (i < kql.length) {
    const ch = kql[i];
    if (ch === '/' && kql[i + 1] === '/') {
      const newline = kql.indexOf('\n', i);
      i = newline < 0 ? kql.length : newline + 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const before = kql[i - 1];
      const verbatim = before === '@';
      const obfuscated = (before === 'h' || before === 'H') && !isIdentifierChar(kql[i - 2]);
      const end = endOfString(kql, i, verbatim);
      if (end < 0) return none;
      const body = kql.slice(i + 1, end - 1);
      const value = verbatim || obfuscated ? null : plainStringValue(body);
      const naming = namesSomething(kql, i);
      const placeholder = `${stringPrefix}${holes.length.toString(36)}`;
      if (value !== null && !naming && stringPrefix !== '') {
        replace(i + 1, end - 1, placeholder, { type: 'string', placeholder, value });
      }
      i = end;
      continue;
    }
    if (isIdentifierChar(ch)) {
      let end = i;
      while (isIdentifierChar(kql[end])) end++;
      const word = kql.slice(i, end);
      if (LITERAL_FORMS.has(word) && kql[end] === '(') {
        const close = matchingParen(kql, end);
        if (close < 0) return none;
        const content = kql.slice(end + 1, close);
        const iso = word === 'datetime' ? ISO_DATETIME.exec(content) : null;
        const value = iso ? parseDatetimeText(content) : null;
        if (iso && value !== null) {
          const placeholderText = `${1000 + holes.length}-01-01T00:00:00Z`;
          const placeholder = parseDatetimeText(placeholderText);
          if (placeholder !== null && holes.length < 8000) {
            replace(end + 1, close, placeholderText, { type: 'datetime', placeholder, value });
          }
        }
        // Whatever else is inside (a quoted date, JSON) is part of that literal, not a KQL string.
        i = close + 1;
        continue;
      }
      i = end;
      continue;
    }
    i++;
  }
  if (holes.length === 0) return none;
  return { text: out + kql.slice(copiedTo), holes, stringPrefix };
}

function isLiteral(node: unknown): node is LiteralExpr {
  return (
    typeof node === 'object' &&
    node !== null &&
    (node as { kind?: unknown }).kind === 'literal' &&
    'value' in node &&
    'type' in node
  );
}

type Path = readonly (string | number)[];

/** Every literal node of the tree with the keys that lead to it from the statements array. */
function collectLiterals(node: unknown, path: Path, into: { literal: LiteralExpr; path: Path }[]): void {
  if (Array.isArray(node)) {
    node.forEach((item: unknown, index) => collectLiterals(item, [...path, index], into));
  } else if (isLiteral(node)) {
    into.push({ literal: node, path });
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) collectLiterals(value, [...path, key], into);
  }
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Where, in a verified template's parse, each hole's literal sits (in the order of the holes). */
export interface VerifiedTemplate {
  readonly parsed: ParsedQuery;
  readonly slots: readonly Path[];
}

/**
 * `parsed` (the parse of `template.text`) with the place of each hole, when every placeholder came
 * out as exactly one literal of its type and nowhere else, so that {@link fillTemplate} rebuilds
 * exactly what parsing the original text would have given; undefined otherwise.
 */
export function verifyTemplate(parsed: ParsedQuery, template: QueryTemplate): VerifiedTemplate | undefined {
  const literals: { literal: LiteralExpr; path: Path }[] = [];
  collectLiterals(parsed.statements, [], literals);
  const slots: Path[] = [];
  for (const hole of template.holes) {
    const matches = literals.filter(
      ({ literal }) => literal.type === hole.type && literal.value === hole.placeholder,
    );
    const only = matches[0];
    if (matches.length !== 1 || !only) return undefined;
    slots.push(only.path);
  }
  const strings = template.holes.filter((hole) => hole.type === 'string').length;
  if (strings > 0) {
    // A placeholder copied into a column name, a cell or a derived constant would show here.
    const serialized = JSON.stringify(parsed.statements).toLowerCase();
    if (occurrences(serialized, template.stringPrefix) !== strings) return undefined;
  }
  return { parsed, slots };
}

/** A copy of `node` with the value at `path` replaced; everything off the path is shared. */
function replaceAt(node: unknown, path: Path, depth: number, value: Value): unknown {
  if (depth === path.length) return { ...(node as LiteralExpr), value };
  const key = path[depth];
  if (Array.isArray(node) && typeof key === 'number') {
    const copy: unknown[] = [...node];
    copy[key] = replaceAt(node[key], path, depth + 1, value);
    return copy;
  }
  const record = node as Record<string, unknown>;
  return { ...record, [String(key)]: replaceAt(record[String(key)], path, depth + 1, value) };
}

/**
 * The parse of `text` rebuilt from the verified parse of its template (`template` being the
 * template of `text`): each placeholder literal replaced by the value `text` has there.
 */
export function fillTemplate(verified: VerifiedTemplate, template: QueryTemplate, text: string): ParsedQuery {
  let statements: unknown = verified.parsed.statements;
  verified.slots.forEach((path, index) => {
    const hole = template.holes[index];
    if (hole) statements = replaceAt(statements, path, 0, hole.value);
  });
  return { text, statements: statements as ParsedQuery['statements'] };
}
