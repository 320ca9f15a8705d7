/** `make-series agg() [default=v], ... on Axis [from a] [to b] step s [by ...]` (or `in range(a, b, s)`) → the engine's op. */
/// <reference types="@kusto/language-service-next" />
import type { ColumnSchema, Expr, QueryOp } from '../ast';
import type { SeriesAggregate } from '../ast-reshaping';
import { convertExpr } from './expressions';
import { convertAggregateCall, isAggregateCall, namedItems } from './operators';
import {
  type KNode,
  child,
  kindOf,
  listElements,
  operatorParameters,
  requireChild,
  scalarTypeOf,
  text,
  unsupported,
} from './syntax';

export function convertMakeSeries(node: KNode, schema: ColumnSchema[]): QueryOp {
  const pos = node.TextStart;
  let nonEmpty = false;
  for (const [name, { value, pos: at }] of operatorParameters(node)) {
    if (name.startsWith('hint.')) continue;
    if (name === 'kind' && value.toLowerCase() === 'nonempty') nonEmpty = true;
    else throw unsupported(`the make-series parameter '${name}=${value}'`, at);
  }
  const byClause = child(node, 'ByClause');
  const byElements = byClause ? listElements(child(byClause, 'Expressions')) : [];
  const by = namedItems(
    byElements,
    schema.slice(0, byElements.length).map((c) => c.name),
  );
  const aggregates: SeriesAggregate[] = listElements(child(node, 'Aggregates')).map((element, k) => {
    let call = requireChild(element, 'Expression');
    if (kindOf(call) === 'SimpleNamedExpression') call = requireChild(call, 'Expression');
    if (!isAggregateCall(call))
      throw unsupported(`'${text(call)}' in make-series (only aggregation calls)`, call.TextStart);
    const column = schema[byElements.length + k];
    if (!column) throw unsupported('this form of make-series', pos);
    const elementType = scalarTypeOf(element.ResultType, element.TextStart);
    const defaultClause = child(element, 'DefaultExpression');
    return {
      call: convertAggregateCall(call, [{ name: column.name, type: elementType }]),
      fallback: defaultClause ? convertExpr(requireChild(defaultClause, 'Expression')) : null,
    };
  });
  const axis = convertExpr(requireChild(requireChild(node, 'OnClause'), 'Expression'));
  const range = requireChild(node, 'RangeClause');
  let from: Expr | null;
  let to: Expr | null;
  let step: Expr;
  let inRange = false;
  if (kindOf(range) === 'MakeSeriesInRangeClause') {
    const args = listElements(child(requireChild(range, 'Arguments'), 'Expressions')).map((a) =>
      convertExpr(a),
    );
    if (args.length !== 3) throw unsupported(`'${text(range)}'`, range.TextStart);
    [from, to, step] = args as [Expr, Expr, Expr];
    inRange = true;
  } else {
    const part = (name: string): Expr | null => {
      const clause = child(range, name);
      const expression = clause ? child(clause, 'Expression') : null;
      return expression ? convertExpr(expression) : null;
    };
    from = part('MakeSeriesFromClause');
    to = part('MakeSeriesToClause');
    const stepExpr = part('MakeSeriesStepClause');
    if (!stepExpr) throw unsupported(`make-series without step`, range.TextStart);
    step = stepExpr;
  }
  if (schema.length !== by.length + aggregates.length + 1) throw unsupported('this form of make-series', pos);
  return { kind: 'make-series', aggregates, axis, from, to, step, inRange, by, nonEmpty, schema, pos };
}
