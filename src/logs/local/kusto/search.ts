/**
 * `search` ("Find in table") and `where * has "x"`, as the Kusto documentation defines them: a term
 * matches any column (`"err"` is `* has "err"`, `"err*"` hasprefix, `"*err"` hassuffix, `"*err*"`
 * contains, `"e*r"` a word regex), `Col:"err"` one column, and the output starts with `$table`.
 *
 * The predicate is written once per searched table, over that table's own columns, and placed
 * right on the table, so the planner (term index, dictionary codes) answers it before the rows are
 * stacked; a column a table lacks is null there, as it is in a union.
 */
import { LogsQueryError } from '../../backend';
import { KNOWN_TABLES, type KnownTableName } from '../../schema';
import { type BinaryOp, type ColumnSchema, type Expr, type TabularExpr, exprColumns } from '../ast';
import type { ScalarType } from '../values';
import { sourceLabel } from '../evaluator/union';
import { convertExpr } from './expressions';
import {
  type KNode,
  child,
  kindOf,
  listElements,
  operatorParameters,
  requireChild,
  schemaOf,
  unsupported,
} from './syntax';
import { convertTabular } from './tabular';

const TABLE_COLUMN = '$table';

export function convertSearch(node: KNode, input: TabularExpr | null): TabularExpr {
  const pos = node.TextStart;
  const schema = schemaOf(node);
  let caseSensitive = false;
  for (const [name, { value, pos: at }] of operatorParameters(node)) {
    const kind = value.toLowerCase();
    if (name === 'kind' && (kind === 'case_sensitive' || kind === 'case_insensitive' || kind === 'default'))
      caseSensitive = kind === 'case_sensitive';
    else throw unsupported(`the search parameter '${name}=${value}'`, at);
  }
  const condition = requireChild(node, 'Condition');
  const inClause = child(node, 'InClause');
  const sources: TabularExpr[] = input
    ? [input]
    : inClause
      ? listElements(child(inClause, 'Expressions')).map((e) => convertTabular(e))
      : (Object.keys(KNOWN_TABLES) as KnownTableName[]).map((table) => ({
          kind: 'table' as const,
          table,
          schema: knownTableSchema(table),
          pos,
        }));
  const inputs = sources.map((source, k): TabularExpr => {
    const predicate = searchPredicate(condition, source.schema, caseSensitive);
    const filtered: TabularExpr = {
      kind: 'pipe',
      input: source,
      op: { kind: 'where', predicate, schema: source.schema, pos },
      schema: source.schema,
      pos,
    };
    const labelled = [...source.schema, { name: TABLE_COLUMN, type: 'string' as const }];
    const label = sourceLabel(source, k);
    return {
      kind: 'pipe',
      input: filtered,
      op: {
        kind: 'extend',
        items: [{ name: TABLE_COLUMN, expr: { kind: 'literal', type: 'string', value: label, pos } }],
        schema: labelled,
        pos,
      },
      schema: labelled,
      pos,
    };
  });
  return { kind: 'union', inputs, withSource: null, schema, pos };
}

function knownTableSchema(table: KnownTableName): ColumnSchema[] {
  return KNOWN_TABLES[table].map((c) => {
    if (c.type === 'guid' || c.type === 'decimal') throw unsupported(`the '${c.type}' type`, 0);
    return { name: c.name, type: c.type };
  });
}

/** The search predicate over one source's columns. */
function searchPredicate(node: KNode, columns: readonly ColumnSchema[], caseSensitive: boolean): Expr {
  const pos = node.TextStart;
  const kind = kindOf(node);
  switch (kind) {
    case 'ParenthesizedExpression':
      return searchPredicate(requireChild(node, 'Expression'), columns, caseSensitive);
    case 'AndExpression':
    case 'OrExpression':
      return {
        kind: 'binary',
        op: kind === 'AndExpression' ? 'and' : 'or',
        left: searchPredicate(requireChild(node, 'Left'), columns, caseSensitive),
        right: searchPredicate(requireChild(node, 'Right'), columns, caseSensitive),
        type: 'bool',
        pos,
      };
    case 'StarExpression':
      return { kind: 'literal', type: 'bool', value: true, pos };
    case 'StringLiteralExpression':
      return termPredicate(columns, literalText(node), caseSensitive, pos);
    case 'SearchExpression': {
      const name = requireChild(node, 'Left').SimpleName ?? '';
      const column = columns.filter((c) => c.name === name);
      if (column.length === 0) return { kind: 'literal', type: 'bool', value: null, pos };
      return termPredicate(column, literalText(requireChild(node, 'Right')), caseSensitive, pos);
    }
    default: {
      // Any other predicate (`Level == "Error"`, `DurationMs > 10`), where this source has its columns.
      const expr = convertExpr(node);
      const present = new Set(columns.map((c) => c.name));
      const missing = [...exprColumns(expr).names].some((n) => !present.has(n));
      return missing ? { kind: 'literal', type: 'bool', value: null, pos } : expr;
    }
  }
}

function literalText(node: KNode): string {
  if (kindOf(node) !== 'StringLiteralExpression' || typeof node.LiteralValue !== 'string')
    throw unsupported('a search term that is not a string literal', node.TextStart);
  return node.LiteralValue;
}

/** A search term over `columns`: the operator comes from where the term has its `*`. */
function termPredicate(
  columns: readonly ColumnSchema[],
  term: string,
  caseSensitive: boolean,
  pos: number,
): Expr {
  if (/^\*+$/.test(term)) return { kind: 'literal', type: 'bool', value: true, pos };
  const leading = term.startsWith('*');
  const trailing = term.endsWith('*') && term.length > 1;
  const core = term.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  const cs = caseSensitive ? '_cs' : '';
  if (core.includes('*')) {
    // `Lab*PC` is `matches regex @"\bLab.*PC\b"` (case-insensitive unless kind=case_sensitive).
    const words = core.split('*').map(escapeRegex).join('.*');
    const pattern = `${caseSensitive ? '' : '(?i)'}${leading ? '' : '\\b'}${words}${trailing ? '' : '\\b'}`;
    return anyColumnPredicate(columns, 'matches regex', stringLiteral(pattern, pos), pos);
  }
  const op: BinaryOp =
    leading && trailing
      ? `contains${cs}`
      : leading
        ? `hassuffix${cs}`
        : trailing
          ? `hasprefix${cs}`
          : `has${cs}`;
  return anyColumnPredicate(columns, op, stringLiteral(core, pos), pos);
}

function stringLiteral(value: string, pos: number): Expr {
  return { kind: 'literal', type: 'string', value, pos };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `* op value`: true when some column satisfies `op` (a negated operator: when every column does).
 * Columns of other types than string are compared as their text, as Kusto does.
 */
export function anyColumnPredicate(
  columns: readonly ColumnSchema[],
  op: BinaryOp,
  value: Expr,
  pos: number,
): Expr {
  const negated = op.startsWith('!');
  const tests = columns.map((c): Expr => ({
    kind: 'binary',
    op,
    left: asText(c, pos),
    right: value,
    type: 'bool',
    pos,
  }));
  const [first, ...rest] = tests;
  if (!first) return { kind: 'literal', type: 'bool', value: negated, pos };
  return rest.reduce(
    (left, right): Expr => ({ kind: 'binary', op: negated ? 'and' : 'or', left, right, type: 'bool', pos }),
    first,
  );
}

function asText(column: ColumnSchema, pos: number): Expr {
  const ref: Expr = { kind: 'column', name: column.name, type: column.type, pos };
  if (column.type === 'string') return ref;
  return { kind: 'call', name: 'tostring', args: [ref], type: 'string' as ScalarType, pos };
}

/** The columns `*` stands for in `where * has "x"`: the rows of the where around `node`. */
export function starColumns(node: KNode): ColumnSchema[] {
  for (let parent = node.Parent; parent; parent = parent.Parent) {
    const kind = kindOf(parent);
    if (kind === 'FilterOperator') return schemaOf(parent);
    if (kind.endsWith('Operator')) break;
  }
  throw new LogsQueryError(
    'bad-query',
    `The embedded KQL engine supports '* has' and '* contains' only in a where (at position ${node.TextStart}).`,
    { code: 'NotSupported', position: node.TextStart },
  );
}
