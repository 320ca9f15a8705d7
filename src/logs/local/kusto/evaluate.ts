/** `evaluate <plugin>(...)`: the plugins the engine runs (bag_unpack). */
import type { ColumnSchema, QueryOp } from '../ast';
import { convertExpr } from './expressions';
import {
  type KNode,
  callArguments,
  child,
  functionName,
  kindOf,
  onlyHints,
  requireChild,
  unsupported,
} from './syntax';

export function convertEvaluate(node: KNode, schema: readonly ColumnSchema[]): QueryOp {
  const pos = node.TextStart;
  onlyHints(node);
  const call = requireChild(node, 'FunctionCall');
  const plugin = functionName(call);
  if (plugin !== 'bag_unpack') throw unsupported(`the plugin '${plugin}' (evaluate)`, pos);
  const positional: KNode[] = [];
  const named = new Map<string, KNode>();
  for (const arg of callArguments(call)) {
    if (kindOf(arg) === 'SimpleNamedExpression')
      named.set((requireChild(arg, 'Name').SimpleName ?? '').toLowerCase(), requireChild(arg, 'Expression'));
    else positional.push(arg);
  }
  // The parser's bag_unpack takes (column [, prefix]) and columnsConflict= (not ignoredProperties).
  const [columnNode, prefixNode] = positional;
  if (!columnNode || kindOf(columnNode) !== 'NameReference')
    throw unsupported('bag_unpack of an expression (unpack a column: extend it first)', call.TextStart);
  const constantText = (n: KNode | undefined): string => {
    if (!n) return '';
    const e = convertExpr(n);
    if (e.kind !== 'literal' || typeof e.value !== 'string')
      throw unsupported('a bag_unpack argument that is not a string literal', n.TextStart);
    return e.value;
  };
  const conflict = constantText(named.get('columnsconflict')) || 'error';
  if (conflict !== 'error' && conflict !== 'replace_source' && conflict !== 'keep_source')
    throw unsupported(`bag_unpack columnsConflict='${conflict}'`, call.TextStart);
  return {
    kind: 'bag-unpack',
    column: columnNode.SimpleName ?? '',
    prefix: constantText(named.get('outputcolumnprefix') ?? prefixNode),
    conflict,
    declared: child(node, 'Schema') !== null,
    schema,
    pos,
  };
}
