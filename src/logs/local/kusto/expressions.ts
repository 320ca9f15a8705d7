/** Scalar expressions of the syntax tree → the engine's {@link Expr}s, with the binder's types. */
import type { BinaryOp, Expr } from '../ast';
import { type ScalarType, type Value, parseDatetimeText, parseTimespanText } from '../values';
import { dynamicLiteralValue } from './dynamic-literal';
import { boundParameter, inlineCall, userFunctionBody } from './functions';
import { isAggregateCall } from './operators';
import { anyColumnPredicate, starColumns } from './search';
import {
  type KNode,
  callArguments,
  child,
  columnsOf,
  isTabular,
  kindOf,
  listElements,
  requireChild,
  scalarTypeOf,
  symbolKindOf,
  text,
  unsupported,
} from './syntax';
import { convertTabular } from './tabular';

const BINARY_KINDS: Readonly<Record<string, BinaryOp>> = {
  AddExpression: '+',
  SubtractExpression: '-',
  MultiplyExpression: '*',
  DivideExpression: '/',
  ModuloExpression: '%',
  LessThanExpression: '<',
  LessThanOrEqualExpression: '<=',
  GreaterThanExpression: '>',
  GreaterThanOrEqualExpression: '>=',
  EqualExpression: '==',
  NotEqualExpression: '!=',
  EqualTildeExpression: '=~',
  BangTildeExpression: '!~',
  AndExpression: 'and',
  OrExpression: 'or',
  MatchesRegexExpression: 'matches regex',
};

const STRING_OPERATOR_TOKENS = new Set<string>([
  'has',
  'has_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'contains',
  'contains_cs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
]);

function literal(node: KNode, type: ScalarType, value: Value): Expr {
  return { kind: 'literal', type, value, pos: node.TextStart };
}

export function convertExpr(node: KNode): Expr {
  const kind = kindOf(node);
  const pos = node.TextStart;
  switch (kind) {
    case 'ParenthesizedExpression':
      return convertExpr(requireChild(node, 'Expression'));
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return literal(node, 'string', typeof node.LiteralValue === 'string' ? node.LiteralValue : '');
    case 'BooleanLiteralExpression':
      return literal(node, 'bool', /null/i.test(text(node)) ? null : /true/i.test(text(node)));
    case 'LongLiteralExpression':
    case 'IntLiteralExpression':
    case 'RealLiteralExpression':
      return literal(node, scalarTypeOf(node.ResultType, pos), numberLiteral(text(node), pos));
    case 'TimespanLiteralExpression': {
      const ms = parseTimespanText(text(node));
      if (ms === undefined) throw unsupported(`the timespan literal '${text(node)}'`, pos);
      return literal(node, 'timespan', ms);
    }
    case 'DateTimeLiteralExpression':
      return literal(node, 'datetime', datetimeLiteral(node));
    case 'NullLiteralExpression':
      return literal(node, 'dynamic', null);
    case 'DynamicExpression':
      return literal(node, 'dynamic', dynamicLiteralValue(node, convertExpr));
    case 'NameReference': {
      const symbol = node.ReferencedSymbol;
      const symbolKind = symbol ? symbolKindOf(symbol) : '';
      const name = node.SimpleName ?? '';
      const type = scalarTypeOf(node.ResultType, pos);
      if (symbolKind === 'Column') return { kind: 'column', name, type, pos };
      if (symbolKind === 'Variable') return boundParameter(name) ?? { kind: 'var', name, type, pos };
      throw unsupported(`the name '${name}' here`, pos);
    }
    case 'BracketedExpression':
      return convertExpr(requireChild(node, 'Expression'));
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression':
      return {
        kind: 'unary',
        op: kind === 'UnaryMinusExpression' ? '-' : '+',
        operand: convertExpr(requireChild(node, 'Expression')),
        type: scalarTypeOf(node.ResultType, pos),
        pos,
      };
    case 'InExpression':
    case 'InCsExpression':
    case 'NotInExpression':
    case 'NotInCsExpression': {
      const op = (requireChild(node, 'Operator').Text ?? '').toLowerCase();
      const values = listElements(child(requireChild(node, 'Right'), 'Expressions'));
      return {
        kind: 'in',
        negated: op.startsWith('!'),
        caseInsensitive: op.endsWith('~'),
        operand: convertExpr(requireChild(node, 'Left')),
        values: values.map((v) => listValue(v)),
        type: 'bool',
        pos,
      };
    }
    case 'HasAnyExpression':
    case 'HasAllExpression': {
      const values = listElements(child(requireChild(node, 'Right'), 'Expressions'));
      return {
        kind: 'has-any',
        all: kind === 'HasAllExpression',
        operand: convertExpr(requireChild(node, 'Left')),
        values: values.map((v) => listValue(v)),
        type: 'bool',
        pos,
      };
    }
    case 'BetweenExpression':
    case 'NotBetweenExpression': {
      const couple = requireChild(node, 'Right');
      return {
        kind: 'between',
        negated: kind === 'NotBetweenExpression',
        operand: convertExpr(requireChild(node, 'Left')),
        low: convertExpr(requireChild(couple, 'First')),
        high: convertExpr(requireChild(couple, 'Second')),
        type: 'bool',
        pos,
      };
    }
    case 'FunctionCallExpression': {
      const symbol = node.ReferencedSymbol;
      const name = (symbol?.Name ?? child(node, 'Name')?.SimpleName ?? '').toLowerCase();
      if (aggregateCollector && isAggregateCall(node)) return aggregateCollector(node);
      if (symbol && symbolKindOf(symbol) !== 'Function') throw unsupported(`calling '${name}'`, pos);
      const body = userFunctionBody(node);
      if (body) return inlineCall(node, body, convertExpr, convertExpr);
      return {
        kind: 'call',
        name,
        args: callArguments(node).map((a) => convertExpr(a)),
        type: scalarTypeOf(node.ResultType, pos),
        pos,
      };
    }
    case 'PathExpression': {
      const target = requireChild(node, 'Expression');
      const selector = requireChild(node, 'Selector');
      const member = selector.SimpleName ?? text(selector);
      if (isTabular(target) || scalarTypeOf(target.ResultType, pos) !== 'dynamic') {
        throw unsupported(`the path '${text(node)}'`, pos);
      }
      return {
        kind: 'member',
        target: convertExpr(target),
        member: stripBrackets(member),
        type: 'dynamic',
        pos,
      };
    }
    case 'ElementExpression': {
      const target = requireChild(node, 'Expression');
      if (scalarTypeOf(target.ResultType, pos) !== 'dynamic')
        throw unsupported(`indexing '${text(node)}'`, pos);
      return {
        kind: 'index',
        target: convertExpr(target),
        index: convertExpr(requireChild(node, 'Selector')),
        type: 'dynamic',
        pos,
      };
    }
    case 'ToScalarExpression': {
      if (child(node, 'KindParameter')) throw unsupported(`toscalar(kind=...)`, pos);
      return {
        kind: 'toscalar',
        query: convertTabular(requireChild(node, 'Expression')),
        type: scalarTypeOf(node.ResultType, pos),
        pos,
      };
    }
    case 'StarExpression': {
      const columns = node.ResultType?.Columns ? columnsOf(node.ResultType, pos).map((c) => c.name) : [];
      return { kind: 'star', columns, type: 'dynamic', pos };
    }
    default: {
      const op = BINARY_KINDS[kind];
      if (op) return binary(node, op);
      const operatorToken = child(node, 'Operator');
      const tokenText = (operatorToken?.Text ?? '').toLowerCase();
      const bare = tokenText.startsWith('!') ? tokenText.slice(1) : tokenText;
      if (STRING_OPERATOR_TOKENS.has(bare)) {
        const left = requireChild(node, 'Left');
        if (kindOf(left) === 'StarExpression')
          return anyColumnPredicate(
            starColumns(node),
            tokenText as BinaryOp,
            convertExpr(requireChild(node, 'Right')),
            pos,
          );
        return binary(node, tokenText as BinaryOp);
      }
      throw unsupported(`'${text(node)}'`, pos);
    }
  }
}

/** An element of an `in` / `has_any` list: a scalar, or a tabular subquery whose first column is the list. */
function listValue(node: KNode): Expr {
  if (!isTabular(node)) return convertExpr(node);
  return { kind: 'column-values', query: convertTabular(node), type: 'dynamic', pos: node.TextStart };
}

function binary(node: KNode, op: BinaryOp): Expr {
  return {
    kind: 'binary',
    op,
    left: convertExpr(requireChild(node, 'Left')),
    right: convertExpr(requireChild(node, 'Right')),
    type: scalarTypeOf(node.ResultType, node.TextStart),
    pos: node.TextStart,
  };
}

function stripBrackets(member: string): string {
  const m = /^\[\s*(['"])(.*)\1\s*\]$/.exec(member);
  return m ? (m[2] ?? '') : member;
}

/** `10`, `1.5`, `1e3`, `0x1F`, `long(10)`, `int(null)`, `real(nan)`, `real(+inf)`, `double(2)`. */
function numberLiteral(literalText: string, pos: number): number | null {
  let s = literalText.trim();
  const wrapped = /^(?:long|int|real|double)\s*\((.*)\)$/is.exec(s);
  if (wrapped) s = (wrapped[1] ?? '').trim();
  const lower = s.toLowerCase();
  if (lower === 'null') return null;
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  const n = Number(s);
  if (s === '' || Number.isNaN(n)) throw unsupported(`the number literal '${literalText}'`, pos);
  return n;
}

function datetimeLiteral(node: KNode): number | null {
  const literalText = text(node);
  const inner = /^(?:datetime|date)\s*\((.*)\)$/is.exec(literalText.trim());
  const content = (inner?.[1] ?? literalText).trim().replace(/^(['"])(.*)\1$/s, '$2');
  if (content.toLowerCase() === 'null') return null;
  const parsed = parseDatetimeText(content);
  if (parsed !== null) return parsed;
  // Fall back to the parser's own value (System.DateTime boxed as { v: Date }).
  const boxed = node.LiteralValue as { v?: unknown } | null | undefined;
  if (boxed && boxed.v instanceof Date) return boxed.v.getTime();
  throw unsupported(`the datetime literal '${literalText}'`, node.TextStart);
}

/** While converting an expression over aggregates: turns each aggregate call into a column reference. */
let aggregateCollector: ((call: KNode) => Expr) | null = null;

/** {@link convertExpr} with `collector` converting the aggregate calls in `node` (null: none, they are errors). */
export function convertExprCollecting(node: KNode, collector: ((call: KNode) => Expr) | null): Expr {
  const previous = aggregateCollector;
  aggregateCollector = collector;
  try {
    return convertExpr(node);
  } finally {
    aggregateCollector = previous;
  }
}
