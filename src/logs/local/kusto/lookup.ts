/** `lookup` (kind=leftouter by default, or inner) of the syntax tree → the engine's lookup op. */
import type { ColumnSchema, QueryOp } from '../ast';
import { joinOnKeys } from './join-keys';
import { type KNode, kindOf, operatorParameters, requireChild, unsupported } from './syntax';
import { convertTabular } from './tabular';

export function convertLookup(node: KNode, schema: readonly ColumnSchema[]): QueryOp {
  const pos = node.TextStart;
  let lookupKind: 'leftouter' | 'inner' = 'leftouter';
  for (const [name, { value, pos: at }] of operatorParameters(node)) {
    if (name.startsWith('hint.')) continue;
    const kind = value.toLowerCase();
    if (name === 'kind' && (kind === 'leftouter' || kind === 'inner')) lookupKind = kind;
    else throw unsupported(`the lookup parameter '${name}=${value}'`, at);
  }
  const right = convertTabular(requireChild(node, 'Expression'));
  const condition = requireChild(node, 'LookupClause');
  if (kindOf(condition) !== 'JoinOnClause')
    throw unsupported(`'lookup ... where' (use 'on')`, condition.TextStart);
  const { leftKeys, rightKeys } = joinOnKeys(condition);
  return { kind: 'lookup', lookupKind, right, leftKeys, rightKeys, schema, pos };
}
