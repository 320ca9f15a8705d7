/**
 * `series_stats(x)` returns a tuple: in extend / project it makes seven columns (`series_stats_x_min`,
 * `..._min_idx`, `..._max`, `..._max_idx`, `..._avg`, `..._stdev`, `..._variance`, or the names of
 * `(a, b, ...) = series_stats(x)`). The engine has no tuple values, so each column becomes one field
 * of `series_stats_dynamic(x)`, typed as the binder typed it.
 */
/// <reference types="@kusto/language-service-next" />
import type { Expr, NamedExpr } from '../ast';
import { convertExpr } from './expressions';
import { type KNode, callArguments, functionName, kindOf, requireChild, unsupported } from './syntax';

/** The fields of series_stats_dynamic in series_stats' column order, with their types. */
const FIELDS: readonly { readonly key: string; readonly type: 'real' | 'long' }[] = [
  { key: 'min', type: 'real' },
  { key: 'min_idx', type: 'long' },
  { key: 'max', type: 'real' },
  { key: 'max_idx', type: 'long' },
  { key: 'avg', type: 'real' },
  { key: 'stdev', type: 'real' },
  { key: 'variance', type: 'real' },
];

/** The columns of a `series_stats(...)` item, named by `names` (the binder's, in order); null for any other item. */
export function seriesStatsItems(element: KNode, names: readonly string[]): NamedExpr[] | null {
  const kind = kindOf(element);
  const call =
    kind === 'SimpleNamedExpression' || kind === 'CompoundNamedExpression'
      ? requireChild(element, 'Expression')
      : element;
  if (kindOf(call) !== 'FunctionCallExpression' || functionName(call) !== 'series_stats') return null;
  if (names.length < FIELDS.length) throw unsupported(`this form of 'series_stats'`, call.TextStart);
  const pos = call.TextStart;
  const stats: Expr = {
    kind: 'call',
    name: 'series_stats_dynamic',
    args: callArguments(call).map((a) => convertExpr(a)),
    type: 'dynamic',
    pos,
  };
  return FIELDS.map(({ key, type }, k) => ({
    name: names[k] as string,
    expr: {
      kind: 'call',
      name: type === 'long' ? 'tolong' : 'todouble',
      args: [{ kind: 'member', target: stats, member: key, type: 'dynamic', pos }],
      type,
      pos,
    },
  }));
}
