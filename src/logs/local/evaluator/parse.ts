/**
 * `parse`: the pattern becomes one regular expression (anchored at the start; at the end too when
 * the pattern ends with a column, which then takes the rest of the text), each column a named
 * group, so a delimiter written as a regex in `kind=regex` can't shift the columns. Like `extend`,
 * it adds columns to the rows it gets (no new rows), so only the time limit applies.
 *
 * | pattern part | simple              | relaxed                               | regex          |
 * |--------------|---------------------|---------------------------------------|----------------|
 * | `*`          | `.*?`               | `.*?`                                 | `.*?`          |
 * | "text"       | the text, escaped   | the text, escaped                     | the regex      |
 * | col:long/int | `-?\d+`             | `.*?` before text, else `(-?\d+)?`    | `-?\d+`        |
 * | col:real     | a decimal number    | like long                             | a decimal      |
 * | col (other)  | `.*?`               | `.*?`                                 | `.*` (greedy)  |
 *
 * A row that doesn't match gets null in every column; in simple and regex mode a column whose text
 * doesn't convert to its type nulls them all (strict), in relaxed mode only that one (the docs'
 * examples, which also show regex-mode columns as greedy: flag U makes them lazy).
 */
import type { ColumnSchema, QueryOp } from '../ast';
import type { ParsePart } from '../ast-reshaping';
import { codeGetter, codedInput, compileString } from '../compile';
import { badQuery, type EvalContext } from '../compile/context';
import { ArrayVec, columnIndex, type Relation, type Vec } from '../relation';
import { parseDatetimeText, parseTimespanText, toStringValue, type ScalarType, type Value } from '../values';
import { ROWS_PER_CHECKPOINT, type OperatorGuard } from './limits';

type ParseOp = Extract<QueryOp, { kind: 'parse' }>;
type ColumnPart = Extract<ParsePart, { kind: 'column' }>;

export function parseRows(
  ctx: EvalContext,
  rel: Relation,
  op: ParseOp,
  guard: Pick<OperatorGuard, 'checkpoint'>,
): Relation {
  const columns = op.parts.filter((p): p is ColumnPart => p.kind === 'column');
  const matcher = patternMatcher(op);
  const strict = op.parseKind !== 'relaxed';
  const parseText = (s: string): Value[] | null => {
    const match = matcher.exec(s);
    if (!match?.groups) return null;
    const groups = match.groups;
    const values: Value[] = [];
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k] as ColumnPart;
      const value = convertText(groups[`c${k}`] ?? '', column.type);
      if (value === undefined && strict) return null;
      values.push(value ?? null);
    }
    return values;
  };
  const parsedAt = parsedRowGetter(ctx, rel, op, parseText);
  const n = rel.length;
  const outputs = columns.map(() => new Array<Value>(n));
  for (let start = 0; start < n; start += ROWS_PER_CHECKPOINT) {
    const stop = Math.min(n, start + ROWS_PER_CHECKPOINT);
    for (let i = start; i < stop; i++) {
      const parsed = parsedAt(i);
      for (let k = 0; k < columns.length; k++) {
        const value = parsed ? (parsed[k] as Value) : null;
        (outputs[k] as Value[])[i] =
          value === null && (columns[k] as ColumnPart).type === 'string' ? '' : value;
      }
    }
    guard.checkpoint();
  }
  const parsedVecs = new Map<string, Vec>();
  columns.forEach((column, k) =>
    parsedVecs.set(column.name, new ArrayVec(column.type, outputs[k] as Value[])),
  );
  const vecs = op.schema.map((column: ColumnSchema) => {
    const parsed = parsedVecs.get(column.name);
    if (parsed) return parsed;
    const index = columnIndex(rel, column.name);
    if (index < 0) throw badQuery(`The column '${column.name}' is not available in parse`, op.pos);
    return rel.vecs[index] as Vec;
  });
  return { columns: op.schema, vecs, length: n, base: null };
}

/** Row → parsed values; a dictionary-coded source is parsed once per distinct text. */
function parsedRowGetter(
  ctx: EvalContext,
  rel: Relation,
  op: ParseOp,
  parseText: (s: string) => Value[] | null,
): (i: number) => Value[] | null {
  const coded = codedInput(op.source, rel, ctx);
  if (coded) {
    const codeOf = codeGetter(coded.view);
    const memo: (Value[] | null | undefined)[] = [];
    const type = op.source.type;
    return (i) => {
      const code = codeOf(i);
      let parsed = memo[code];
      if (parsed === undefined) {
        parsed = parseText(toStringValue(coded.g(code), type));
        memo[code] = parsed;
      }
      return parsed;
    };
  }
  const textAt = compileString(op.source, rel, ctx);
  return (i) => parseText(textAt(i));
}

const INTEGER = String.raw`-?\d+`;
const DECIMAL = String.raw`-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`;

function patternMatcher(op: ParseOp): RegExp {
  const ungreedy = op.parseKind === 'regex' && op.flags.includes('U');
  const lazy = (quantified: string): string => (ungreedy ? quantified : `${quantified}?`);
  const greedy = (quantified: string): string => (ungreedy ? `${quantified}?` : quantified);
  let source = '^';
  let column = 0;
  op.parts.forEach((part, k) => {
    const next = op.parts[k + 1];
    switch (part.kind) {
      case 'skip':
        source += lazy('.*');
        break;
      case 'text':
        source +=
          op.parseKind === 'regex'
            ? `(?:${ungreedy ? invertGreediness(part.text) : part.text})`
            : escapeRegex(part.text);
        break;
      case 'column': {
        const numeric =
          part.type === 'long' || part.type === 'int' ? INTEGER : part.type === 'real' ? DECIMAL : null;
        let group: string;
        if (op.parseKind === 'relaxed') group = numeric && next?.kind !== 'text' ? `(?:${numeric})?` : '.*?';
        else if (numeric) group = numeric;
        else group = op.parseKind === 'regex' ? greedy('.*') : '.*?';
        source += `(?<c${column++}>${group})`;
        break;
      }
    }
  });
  if (op.parts[op.parts.length - 1]?.kind === 'column') source += '$';
  const flags = `${op.flags.includes('i') ? 'i' : ''}${op.flags.includes('m') ? 'm' : ''}${op.flags.includes('s') ? 's' : ''}`;
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw badQuery(`Invalid regular expression in parse: ${(error as Error).message}`, op.pos);
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** RE2's U flag (ungreedy) for a JS regex: every quantifier's greediness swapped. */
function invertGreediness(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    out += c;
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    const quantifier = c === '*' || c === '+' || (c === '?' && pattern[i - 1] !== '(') || c === '}';
    if (!quantifier) continue;
    if (pattern[i + 1] === '?') i++;
    else out += '?';
  }
  return out;
}

/** The text of one parsed column as its type; undefined when it doesn't convert. */
function convertText(text: string, type: ScalarType): Value | undefined {
  const trimmed = text.trim();
  switch (type) {
    case 'string':
      return text;
    case 'int':
    case 'long':
      return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : undefined;
    case 'real': {
      const n = trimmed === '' ? NaN : Number(trimmed);
      return Number.isNaN(n) ? undefined : n;
    }
    case 'bool': {
      const lower = trimmed.toLowerCase();
      return lower === 'true' || lower === '1'
        ? true
        : lower === 'false' || lower === '0'
          ? false
          : undefined;
    }
    case 'datetime':
      return parseDatetimeText(trimmed) ?? undefined;
    case 'timespan':
      return parseTimespanText(trimmed) ?? undefined;
    case 'dynamic':
      try {
        return JSON.parse(trimmed) as Value;
      } catch {
        return text;
      }
  }
}
