/** Query operators of the syntax tree (where, extend, summarize, join, ...) → the engine's {@link QueryOp}s. */
/// <reference types="@kusto/language-service-next" />
import type {
  AggregateCall,
  AggregateOutput,
  ColumnSchema,
  JoinKind,
  NamedExpr,
  QueryOp,
  SortKey,
} from '../ast';
import { convertExpr, convertExprCollecting } from './expressions';
import { logAnalyticsGlobals } from './load';
import { convertMakeSeries } from './make-series-operator';
import { convertMvApply, convertMvExpand } from './mv-expand-operator';
import { convertParse } from './parse-operator';
import { seriesStatsItems } from './series-stats';
import {
  type KNode,
  callArguments,
  child,
  columnsOf,
  describe,
  functionName,
  kindOf,
  listElements,
  onlyHints,
  operatorParameters,
  requireChild,
  scalarTypeOf,
  schemaOf,
  symbolKindOf,
  text,
  unsupported,
} from './syntax';
import { convertEvaluate } from './evaluate';
import { joinOnKeys } from './join-keys';
import { convertLookup } from './lookup';
import { convertTabular, convertUnionParts } from './tabular';
import { convertTopNested } from './top-nested-operator';

/**
 * The binder's output schema of an operator; when a column has a type the engine lacks, the error
 * points at the expression that makes it (converting the operator's expressions finds it first).
 */
export function operatorSchema(node: KNode): ColumnSchema[] {
  try {
    return schemaOf(node);
  } catch (error) {
    for (const element of listElements(child(node, 'Expressions'))) {
      convertExpr(
        kindOf(element) === 'SimpleNamedExpression' ? requireChild(element, 'Expression') : element,
      );
    }
    throw error;
  }
}

/** Query operator syntax kinds the engine runs (convertOperator, and print/union as sources). */
export const SUPPORTED_OPERATORS: ReadonlySet<string> = new Set([
  'FilterOperator',
  'ExtendOperator',
  'SerializeOperator',
  'ProjectOperator',
  'ProjectAwayOperator',
  'ProjectKeepOperator',
  'ProjectReorderOperator',
  'ProjectRenameOperator',
  'SummarizeOperator',
  'SortOperator',
  'TopOperator',
  'TakeOperator',
  'DistinctOperator',
  'CountOperator',
  'UnionOperator',
  'JoinOperator',
  'RenderOperator',
  'PrintOperator',
  'ParseOperator',
  'MvExpandOperator',
  'MvApplyOperator',
  'MakeSeriesOperator',
  'TopNestedOperator',
  'LookupOperator',
  'GetSchemaOperator',
  'SampleOperator',
  'AsOperator',
  'RangeOperator',
  'SearchOperator',
  'EvaluateOperator',
]);

/** Returns null for operators that don't change the data (`render`). */
export function convertOperator(node: KNode, input: readonly ColumnSchema[]): QueryOp | null {
  const kind = kindOf(node);
  const pos = node.TextStart;
  const schema = operatorSchema(node);
  switch (kind) {
    case 'FilterOperator':
      onlyHints(node);
      return { kind: 'where', predicate: convertExpr(requireChild(node, 'Condition')), schema, pos };
    case 'ExtendOperator':
      return {
        kind: 'extend',
        items: extendItems(listElements(child(node, 'Expressions')), input, schema),
        schema,
        pos,
      };
    case 'SerializeOperator':
      onlyHints(node);
      return {
        kind: 'serialize',
        items: extendItems(listElements(child(node, 'Expressions')), input, schema),
        schema,
        pos,
      };
    case 'ProjectOperator':
      return {
        kind: 'project',
        items: namedItems(
          listElements(child(node, 'Expressions')),
          schema.map((c) => c.name),
        ),
        schema,
        pos,
      };
    case 'ProjectAwayOperator':
    case 'ProjectKeepOperator':
    case 'ProjectReorderOperator': {
      const names = new Set(input.map((c) => c.name));
      for (const c of schema)
        if (!names.has(c.name)) throw unsupported(`this form of '${describe(node)}'`, pos);
      return {
        kind: 'select',
        operator: describe(node),
        columns: schema.map((c) => ({ name: c.name, from: c.name })),
        schema,
        pos,
      };
    }
    case 'ProjectRenameOperator': {
      if (schema.length !== input.length) throw unsupported(`this form of 'project-rename'`, pos);
      return {
        kind: 'select',
        operator: 'project-rename',
        columns: schema.map((c, i) => ({ name: c.name, from: (input[i] as ColumnSchema).name })),
        schema,
        pos,
      };
    }
    case 'SummarizeOperator':
      onlyHints(node);
      return convertSummarize(node, schema);
    case 'SortOperator': {
      onlyHints(node);
      const keys = listElements(child(node, 'Expressions')).map(sortKey);
      return { kind: 'sort', keys, schema, pos };
    }
    case 'TopOperator': {
      onlyHints(node);
      const count = convertExpr(requireChild(node, 'Expression'));
      return { kind: 'top', count, keys: [sortKey(requireChild(node, 'ByExpression'))], schema, pos };
    }
    case 'TakeOperator':
      onlyHints(node);
      return { kind: 'take', count: convertExpr(requireChild(node, 'Expression')), schema, pos };
    case 'DistinctOperator': {
      onlyHints(node);
      const elements = listElements(child(node, 'Expressions'));
      if (elements.length === 1 && kindOf(elements[0] as KNode) === 'StarExpression') {
        return {
          kind: 'distinct',
          items: input.map((c) => ({
            name: c.name,
            expr: { kind: 'column', name: c.name, type: c.type, pos },
          })),
          schema,
          pos,
        };
      }
      return {
        kind: 'distinct',
        items: namedItems(
          elements,
          schema.map((c) => c.name),
        ),
        schema,
        pos,
      };
    }
    case 'CountOperator':
      return { kind: 'count', name: (schema[0] as ColumnSchema).name, schema, pos };
    case 'UnionOperator': {
      const { inputs, withSource } = convertUnionParts(node);
      return { kind: 'union', inputs, withSource, schema, pos };
    }
    case 'JoinOperator':
      return convertJoin(node, input, schema);
    case 'LookupOperator':
      return convertLookup(node, schema);
    case 'EvaluateOperator':
      return convertEvaluate(node, schema);
    case 'GetSchemaOperator':
      return { kind: 'getschema', schema, pos };
    case 'SampleOperator':
      onlyHints(node);
      return { kind: 'sample', count: convertExpr(requireChild(node, 'Expression')), schema, pos };
    case 'AsOperator':
      return { kind: 'as', name: requireChild(node, 'Name').SimpleName ?? '', schema, pos };
    case 'RenderOperator':
      return null;
    case 'ParseOperator':
      return convertParse(node, schema);
    case 'MvExpandOperator':
      return convertMvExpand(node, input, schema);
    case 'MvApplyOperator':
      return convertMvApply(node, input, schema);
    case 'MakeSeriesOperator':
      return convertMakeSeries(node, schema);
    case 'TopNestedOperator':
      return convertTopNested(node, schema);
    default:
      throw unsupported(`the '${describe(node)}' operator`, pos);
  }
}

function sortKey(node: KNode): SortKey {
  if (kindOf(node) !== 'OrderedExpression') {
    return { expr: convertExpr(node), descending: true, nullsFirst: false };
  }
  const expr = convertExpr(requireChild(node, 'Expression'));
  const ordering = child(node, 'Ordering');
  const direction = ordering ? child(ordering, 'AscOrDescKeyword') : null;
  const descending = !(direction && !direction.IsMissing && (direction.Text ?? '').toLowerCase() === 'asc');
  const nulls = ordering ? child(ordering, 'NullsClause') : null;
  const firstOrLast = nulls ? child(nulls, 'FirstOrLastKeyword') : null;
  const nullsFirst = firstOrLast ? (firstOrLast.Text ?? '').toLowerCase() === 'first' : !descending;
  return { expr, descending, nullsFirst };
}

/** project / distinct / print items: one output column per expression, named by the binder. */
export function namedItems(elements: readonly KNode[], names: readonly string[]): NamedExpr[] {
  const items: NamedExpr[] = [];
  for (const element of elements) {
    const stats = seriesStatsItems(element, names.slice(items.length));
    if (stats) {
      items.push(...stats);
      continue;
    }
    if (kindOf(element) === 'CompoundNamedExpression')
      throw unsupported('tuple names ((a, b) = ...)', element.TextStart);
    const value = kindOf(element) === 'SimpleNamedExpression' ? requireChild(element, 'Expression') : element;
    items.push({ name: names[items.length] ?? '', expr: convertExpr(value) });
  }
  if (items.length !== names.length) {
    const pos = elements[0]?.TextStart ?? 0;
    throw unsupported('this projection (it does not map one expression to one column)', pos);
  }
  return items;
}

/** extend / serialize items: named ones keep their name; unnamed ones get the binder's new column names in order. */
function extendItems(
  elements: readonly KNode[],
  input: readonly ColumnSchema[],
  output: readonly ColumnSchema[],
): NamedExpr[] {
  const inputNames = new Set(input.map((c) => c.name));
  const newNames = output.map((c) => c.name).filter((n) => !inputNames.has(n));
  let next = 0;
  return elements.flatMap((element) => {
    const stats = seriesStatsItems(element, newNames.slice(next));
    if (stats) {
      next += stats.length;
      return stats;
    }
    const kind = kindOf(element);
    if (kind === 'CompoundNamedExpression')
      throw unsupported('tuple names ((a, b) = ...)', element.TextStart);
    if (kind === 'SimpleNamedExpression') {
      const name = child(requireChild(element, 'Name'), 'Name');
      const declared = requireChild(element, 'Name').SimpleName ?? (name ? text(name) : '');
      if (!inputNames.has(declared)) {
        if (newNames[next] !== declared) throw unsupported(`this form of 'extend'`, element.TextStart);
        next++;
      }
      return { name: declared, expr: convertExpr(requireChild(element, 'Expression')) };
    }
    const generated = newNames[next++];
    if (generated === undefined) throw unsupported(`this form of 'extend'`, element.TextStart);
    return { name: generated, expr: convertExpr(element) };
  });
}

/** Aggregation functions summarize runs. */
export const AGGREGATES: ReadonlySet<string> = new Set([
  'count',
  'countif',
  'dcount',
  'dcountif',
  'count_distinct',
  'min',
  'max',
  'minif',
  'maxif',
  'sum',
  'sumif',
  'avg',
  'avgif',
  'arg_max',
  'arg_min',
  'make_list',
  'make_set',
  'make_list_if',
  'make_set_if',
  'take_any',
  'any',
  'stdev',
  'stdevif',
  'stdevp',
  'variance',
  'varianceif',
  'variancep',
  'percentile',
  'percentiles',
  'percentiles_array',
  'make_bag',
  'make_bag_if',
]);

function convertSummarize(node: KNode, schema: ColumnSchema[]): QueryOp {
  const pos = node.TextStart;
  const byClause = child(node, 'ByClause');
  if (byClause && child(byClause, 'BinClause'))
    throw unsupported(`'summarize ... by ... bin=' (use bin() instead)`, pos);
  const byElements = byClause ? listElements(child(byClause, 'Expressions')) : [];
  const by = namedItems(
    byElements,
    schema.slice(0, byElements.length).map((c) => c.name),
  );
  let next = byElements.length;
  const aggregates: AggregateCall[] = [];
  for (const element of listElements(child(node, 'Aggregates'))) {
    const kind = kindOf(element);
    const call =
      kind === 'SimpleNamedExpression' || kind === 'CompoundNamedExpression'
        ? requireChild(element, 'Expression')
        : element;
    if (!isAggregateCall(call)) {
      // A scalar expression over aggregates, e.g. 100.0 * countif(x) / count().
      const column = schema[next];
      if (!column) throw unsupported('this form of summarize', call.TextStart);
      const inner: AggregateCall[] = [];
      const expr = convertExprCollecting(call, (aggregateCall) => {
        const name = `__agg${inner.length}`;
        inner.push(
          convertAggregateCall(aggregateCall, [
            { name, type: scalarTypeOf(aggregateCall.ResultType, aggregateCall.TextStart) },
          ]),
        );
        return {
          kind: 'column',
          name,
          type: scalarTypeOf(aggregateCall.ResultType, aggregateCall.TextStart),
          pos: aggregateCall.TextStart,
        };
      });
      if (inner.length === 0)
        throw unsupported(`'${text(call)}' in summarize (no aggregation function in it)`, call.TextStart);
      aggregates.push({
        fn: '$expr',
        args: [expr],
        inner,
        outputs: [{ name: column.name, type: column.type, source: null }],
        pos: call.TextStart,
      });
      next += 1;
      continue;
    }
    const resultType = call.ResultType;
    const tuple =
      resultType && symbolKindOf(resultType) === 'Tuple' ? columnsOf(resultType, call.TextStart) : null;
    const width = tuple ? tuple.length : 1;
    const names = schema.slice(next, next + width);
    if (names.length !== width) throw unsupported(`this form of '${functionName(call)}'`, call.TextStart);
    next += width;
    aggregates.push(convertAggregateCall(call, names, tuple));
  }
  if (next !== schema.length) throw unsupported('this form of summarize', pos);
  return { kind: 'summarize', by, aggregates, schema, pos };
}

/** Is `node` a call of an aggregation function (as the parser's global state knows them)? */
export function isAggregateCall(node: KNode): boolean {
  if (kindOf(node) !== 'FunctionCallExpression') return false;
  const symbol = node.ReferencedSymbol;
  if (!symbol || symbolKindOf(symbol) !== 'Function') return false;
  return logAnalyticsGlobals().IsAggregateFunction(
    symbol as unknown as Kusto.Language.Symbols.FunctionSymbol,
  );
}

export function convertAggregateCall(
  call: KNode,
  names: readonly ColumnSchema[],
  tuple: ColumnSchema[] | null = null,
): AggregateCall {
  const fn = functionName(call);
  if (!AGGREGATES.has(fn)) throw unsupported(`the aggregation function '${fn}'`, call.TextStart);
  const args = callArguments(call).map((a) => convertExprCollecting(a, null));
  const outputs: AggregateOutput[] = names.map((column, i) => ({
    name: column.name,
    type: column.type,
    source:
      tuple && (((fn === 'arg_max' || fn === 'arg_min') && i > 0) || fn === 'take_any' || fn === 'any')
        ? (tuple[i] as ColumnSchema).name
        : null,
  }));
  return { fn: fn === 'any' ? 'take_any' : fn, args, outputs, pos: call.TextStart };
}

const JOIN_KINDS: ReadonlySet<string> = new Set<JoinKind>([
  'inner',
  'innerunique',
  'leftouter',
  'leftsemi',
  'leftanti',
  'rightouter',
  'fullouter',
  'rightsemi',
  'rightanti',
]);

function convertJoin(node: KNode, _input: readonly ColumnSchema[], schema: ColumnSchema[]): QueryOp {
  const pos = node.TextStart;
  let joinKind: JoinKind = 'innerunique';
  for (const [name, { value, pos: at }] of operatorParameters(node)) {
    if (name.startsWith('hint.')) continue;
    if (name !== 'kind') throw unsupported(`the join parameter '${name}'`, at);
    const k = value.toLowerCase();
    if (JOIN_KINDS.has(k)) joinKind = k as JoinKind;
    else if (k === 'leftantisemi') joinKind = 'leftanti';
    else if (k === 'rightantisemi') joinKind = 'rightanti';
    else throw unsupported(`join kind=${value}`, at);
  }
  const right = convertTabular(requireChild(node, 'Expression'));
  const condition = requireChild(node, 'ConditionClause');
  if (kindOf(condition) !== 'JoinOnClause')
    throw unsupported(`'join ... where' (use 'on')`, condition.TextStart);
  const { leftKeys, rightKeys } = joinOnKeys(condition);
  return { kind: 'join', joinKind, right, leftKeys, rightKeys, schema, pos };
}
