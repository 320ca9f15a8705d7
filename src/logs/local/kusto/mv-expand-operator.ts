/**
 * `mv-expand` and `mv-apply` → the engine's ops: the expanded expressions with their column names
 * and `to typeof()` types, `kind=`/`bagexpansion=`, `with_itemindex=`, `limit`, and mv-apply's
 * subquery (operators over an implicit input: each row's expanded sub-table).
 */
/// <reference types="@kusto/language-service-next" />
import type { ColumnSchema, QueryOp } from '../ast';
import type { ExpandItem, Expansion } from '../ast-reshaping';
import type { ScalarType } from '../values';
import { convertExpr } from './expressions';
import { convertOperator } from './operators';
import {
  type KNode,
  child,
  describe,
  kindOf,
  listElements,
  operatorParameters,
  requireChild,
  scalarTypeOf,
  text,
  unsupported,
} from './syntax';

/** Kusto's default row limit of mv-expand (2^31 - 1), and the legacy `mvexpand`'s. */
const DEFAULT_ROW_LIMIT = 2147483647;
const LEGACY_ROW_LIMIT = 128;

export function convertMvExpand(
  node: KNode,
  input: readonly ColumnSchema[],
  schema: ColumnSchema[],
): QueryOp {
  const expansion = convertExpansion(node, input, schema);
  return { kind: 'mv-expand', ...expansion, schema, pos: node.TextStart };
}

export function convertMvApply(node: KNode, input: readonly ColumnSchema[], schema: ColumnSchema[]): QueryOp {
  const expansion = convertExpansion(node, input, null);
  if (expansion.bagAsArray)
    throw unsupported(`'mv-apply kind=array' (use an inner mv-expand)`, node.TextStart);
  const subSchema = expandedSchema(input, expansion);
  const subquery = convertSubquery(requireChild(requireChild(node, 'Subquery'), 'Expression'), subSchema);
  return { kind: 'mv-apply', ...expansion, subquery, subSchema, schema, pos: node.TextStart };
}

/** Input columns with the expanded ones replaced in place (same name) or added, then the index column. */
function expandedSchema(input: readonly ColumnSchema[], expansion: Expansion): ColumnSchema[] {
  const columns = [...input];
  for (const item of expansion.items) {
    const at = columns.findIndex((c) => c.name === item.name);
    if (at >= 0) columns[at] = { name: item.name, type: item.type };
    else columns.push({ name: item.name, type: item.type });
  }
  if (expansion.indexColumn !== null) columns.push({ name: expansion.indexColumn, type: 'long' });
  return columns;
}

function convertSubquery(node: KNode, input: readonly ColumnSchema[]): QueryOp[] {
  if (kindOf(node) === 'PipeExpression') {
    const ops = convertSubquery(requireChild(node, 'Expression'), input);
    const last = ops[ops.length - 1];
    const op = convertOperator(requireChild(node, 'Operator'), last ? last.schema : input);
    return op ? [...ops, op] : ops;
  }
  if (kindOf(node) === 'ParenthesizedExpression')
    return convertSubquery(requireChild(node, 'Expression'), input);
  const op = convertOperator(node, input);
  return op ? [op] : [];
}

/**
 * The expansion of mv-expand / mv-apply. `output` (mv-expand's schema) names the unnamed
 * expressions that aren't columns the way the binder did; mv-apply has no such names to give.
 */
function convertExpansion(
  node: KNode,
  input: readonly ColumnSchema[],
  output: readonly ColumnSchema[] | null,
): Expansion {
  let bagAsArray = false;
  let indexColumn: string | null = null;
  for (const [name, { value, pos }] of operatorParameters(node)) {
    const lower = value.toLowerCase();
    if ((name === 'kind' || name === 'bagexpansion') && (lower === 'bag' || lower === 'array'))
      bagAsArray = lower === 'array';
    else if (name === 'with_itemindex') indexColumn = value;
    else throw unsupported(`the parameter '${name}=${value}' of '${describe(node)}'`, pos);
  }
  const inputNames = new Set(input.map((c) => c.name));
  const generated = (output ?? []).map((c) => c.name).filter((n) => !inputNames.has(n) && n !== indexColumn);
  let nextGenerated = 0;
  const items: ExpandItem[] = listElements(child(node, 'Expressions')).map((element) => {
    const type = typeOfClause(element);
    let value = requireChild(element, 'Expression');
    let name: string | undefined;
    if (kindOf(value) === 'SimpleNamedExpression') {
      name = requireChild(value, 'Name').SimpleName ?? undefined;
      value = requireChild(value, 'Expression');
    } else if (kindOf(value) === 'NameReference') name = value.SimpleName ?? undefined;
    if (name === undefined && output) name = generated[nextGenerated++];
    if (name === undefined)
      throw unsupported(`an unnamed expression in '${describe(node)}' (write name = ...)`, element.TextStart);
    if (name !== undefined && !inputNames.has(name) && generated[nextGenerated] === name) nextGenerated++;
    return { name, expr: convertExpr(value), type };
  });
  return { items, bagAsArray, indexColumn, rowLimit: rowLimitOf(node) };
}

/** `to typeof(long)` → long; no clause → dynamic. */
function typeOfClause(element: KNode): ScalarType {
  const clause = child(element, 'ToTypeOf');
  if (!clause) return 'dynamic';
  const types = listElements(child(requireChild(clause, 'TypeOf'), 'Types'));
  const [only] = types;
  if (types.length !== 1 || !only) throw unsupported(`'${text(clause)}'`, clause.TextStart);
  return scalarTypeOf({ Name: text(only).toLowerCase(), Kind: 0 }, only.TextStart);
}

function rowLimitOf(node: KNode): number {
  const clause = child(node, 'RowLimitClause');
  if (!clause) return describe(node).toLowerCase() === 'mvexpand' ? LEGACY_ROW_LIMIT : DEFAULT_ROW_LIMIT;
  const limit = convertExpr(requireChild(clause, 'RowLimit'));
  if (limit.kind !== 'literal' || typeof limit.value !== 'number' || limit.value < 0)
    throw unsupported(`a row limit that is not a non-negative number`, limit.pos);
  return Math.floor(limit.value);
}
