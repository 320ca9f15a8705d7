/** Scalar function calls: the list the engine supports and their compilation. */
import type { Expr } from '../ast';
import { compileExpr, evaluateConstant, isConstantExpr } from '../compile';
import type { Relation } from '../relation';
import type { ScalarType, Value } from '../values';
import { badQuery, type EvalContext, type Getter } from './context';
import { compileConversionCall } from './functions/conversion';
import { compileDynamicCall } from './functions/dynamic';
import { compileDatetimeCall } from './functions/datetime';
import { compileMathCall } from './functions/math';
import { compileStringCall } from './functions/string';
import { compileLogicCall } from './functions/logic';
import { compileWindowCall } from './functions/window';
import { compileSeriesCall, SERIES_FUNCTIONS } from './functions/series';

/** Functions callable in scalar expressions (aggregates are handled by summarize). */
export const SCALAR_FUNCTIONS: ReadonlySet<string> = new Set([
  'parse_json',
  'parsejson',
  'todynamic',
  'toobject',
  'tostring',
  'toint',
  'tolong',
  'todouble',
  'toreal',
  'todatetime',
  'totimespan',
  'totime',
  'tobool',
  'toboolean',
  'ago',
  'now',
  'bin',
  'floor',
  'startofday',
  'startofweek',
  'startofmonth',
  'startofyear',
  'endofday',
  'strcat',
  'strcat_delim',
  'strlen',
  'tolower',
  'toupper',
  'substring',
  'split',
  'extract',
  'replace_string',
  'replace_regex',
  'indexof',
  'trim',
  'iif',
  'iff',
  'case',
  'isempty',
  'isnotempty',
  'isnull',
  'isnotnull',
  'coalesce',
  'not',
  'array_length',
  'pack_array',
  'pack',
  'bag_pack',
  'round',
  'abs',
  'ceiling',
  'min_of',
  'max_of',
  'hourofday',
  'dayofweek',
  'dayofmonth',
  'getmonth',
  'getyear',
  'prev',
  'next',
  'row_number',
  'row_cumsum',
  'datetime_diff',
  'datetime_add',
  'datetime_part',
  'bin_at',
  'trim_start',
  'trim_end',
  'extract_all',
  'gettype',
  'format_datetime',
  'format_timespan',
  'make_datetime',
  'parse_url',
  'parseurl',
  'bag_keys',
  'column_ifexists',
  ...SERIES_FUNCTIONS,
]);

/** A function call in the AST. */
export type CallExpr = Extract<Expr, { kind: 'call' }>;

/** What every function compiler reads off a call: its name, arguments, and arguments compiled. */
export function callParts(
  expr: CallExpr,
  rel: Relation,
  ctx: EvalContext,
): {
  readonly name: string;
  readonly args: readonly Expr[];
  readonly arg: (k: number) => Getter;
  readonly argType: (k: number) => ScalarType;
} {
  return {
    name: expr.name,
    args: expr.args,
    arg: (k) => compileExpr(argAt(expr, k), rel, ctx),
    argType: (k) => argAt(expr, k).type,
  };
}

export function argAt(expr: CallExpr, index: number): Expr {
  const a = expr.args[index];
  if (!a) throw badQuery(`The function '${expr.name}' needs more arguments`, expr.pos);
  return a;
}

export function constantArg(expr: CallExpr, index: number, rel: Relation, ctx: EvalContext): Value {
  const a = argAt(expr, index);
  if (!isConstantExpr(a)) throw badQuery(`Argument ${index + 1} of '${expr.name}' must be a constant`, a.pos);
  return evaluateConstant(a, rel, ctx);
}

export function compileCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter {
  const g =
    compileConversionCall(expr, rel, ctx) ??
    compileDynamicCall(expr, rel, ctx) ??
    compileDatetimeCall(expr, rel, ctx) ??
    compileMathCall(expr, rel, ctx) ??
    compileStringCall(expr, rel, ctx) ??
    compileLogicCall(expr, rel, ctx) ??
    compileWindowCall(expr, rel, ctx) ??
    compileSeriesCall(expr, rel, ctx);
  if (g) return g;
  throw badQuery(`The function '${expr.name}' is not supported by the embedded KQL engine`, expr.pos);
}
