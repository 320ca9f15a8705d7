/** `top-nested [N] of Expr [with others=C] by Aggregate [asc|desc], ...` → the engine's op. */
/// <reference types="@kusto/language-service-next" />
import type { AggregateCall, ColumnSchema, QueryOp } from '../ast';
import type { TopNestedLevel } from '../ast-reshaping';
import { convertExpr, convertExprCollecting } from './expressions';
import { convertAggregateCall, isAggregateCall } from './operators';
import {
  type KNode,
  child,
  kindOf,
  listElements,
  requireChild,
  scalarTypeOf,
  text,
  unsupported,
} from './syntax';

export function convertTopNested(node: KNode, schema: ColumnSchema[]): QueryOp {
  const clauses = listElements(child(node, 'Clauses'));
  if (schema.length !== clauses.length * 2) throw unsupported('this form of top-nested', node.TextStart);
  const levels: TopNestedLevel[] = clauses.map((clause, k) => {
    const ofColumn = schema[2 * k] as ColumnSchema;
    const aggregateColumn = schema[2 * k + 1] as ColumnSchema;
    const countNode = child(clause, 'Expression');
    let of = requireChild(clause, 'OfExpression');
    if (kindOf(of) === 'SimpleNamedExpression') of = requireChild(of, 'Expression');
    const othersClause = child(clause, 'WithOthersClause');
    let by = requireChild(clause, 'ByExpression');
    let descending = true;
    if (kindOf(by) === 'OrderedExpression') {
      const direction = child(requireChild(by, 'Ordering'), 'AscOrDescKeyword');
      descending = !(direction && (direction.Text ?? '').toLowerCase() === 'asc');
      by = requireChild(by, 'Expression');
    }
    if (kindOf(by) === 'SimpleNamedExpression') by = requireChild(by, 'Expression');
    return {
      count: countNode ? convertExpr(countNode) : null,
      of: { name: ofColumn.name, expr: convertExpr(of) },
      others: othersClause ? convertExpr(requireChild(othersClause, 'Expression')) : null,
      aggregate: aggregateOf(by, aggregateColumn),
      descending,
    };
  });
  return { kind: 'top-nested', levels, schema, pos: node.TextStart };
}

/** One aggregation call, or an expression over several (`sum(x) / count()`), as summarize reads it. */
function aggregateOf(node: KNode, column: ColumnSchema): AggregateCall {
  if (isAggregateCall(node)) return convertAggregateCall(node, [column]);
  const inner: AggregateCall[] = [];
  const expr = convertExprCollecting(node, (call) => {
    const name = `__agg${inner.length}`;
    const type = scalarTypeOf(call.ResultType, call.TextStart);
    inner.push(convertAggregateCall(call, [{ name, type }]));
    return { kind: 'column', name, type, pos: call.TextStart };
  });
  if (inner.length === 0)
    throw unsupported(`'${text(node)}' in top-nested (no aggregation function in it)`, node.TextStart);
  return {
    fn: '$expr',
    args: [expr],
    inner,
    outputs: [{ name: column.name, type: column.type, source: null }],
    pos: node.TextStart,
  };
}
