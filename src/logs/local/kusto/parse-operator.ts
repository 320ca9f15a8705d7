/** `parse [kind=simple|regex|relaxed [flags=...]] expr with * "text" col:type ...` → the engine's parse op. */
/// <reference types="@kusto/language-service-next" />
import type { ColumnSchema, QueryOp } from '../ast';
import type { ParseKind, ParsePart } from '../ast-reshaping';
import { convertExpr } from './expressions';
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

const PARSE_KINDS: ReadonlySet<string> = new Set<ParseKind>(['simple', 'regex', 'relaxed']);

export function convertParse(node: KNode, schema: ColumnSchema[]): QueryOp {
  const pos = node.TextStart;
  let parseKind: ParseKind = 'simple';
  let flags = '';
  for (const [name, { value, pos: at }] of operatorParameters(node)) {
    if (name === 'kind' && PARSE_KINDS.has(value.toLowerCase())) parseKind = value.toLowerCase() as ParseKind;
    else if (name === 'flags') flags = value;
    else throw unsupported(`the parse parameter '${name}=${value}'`, at);
  }
  if (flags && parseKind !== 'regex') throw unsupported(`'parse flags=' without kind=regex`, pos);
  const parts: ParsePart[] = listElements(child(node, 'Patterns')).map((element) => {
    switch (kindOf(element)) {
      case 'StarExpression':
        return { kind: 'skip' };
      case 'StringLiteralExpression':
      case 'CompoundStringLiteralExpression':
        return { kind: 'text', text: typeof element.LiteralValue === 'string' ? element.LiteralValue : '' };
      case 'NameDeclaration':
        return columnPart(element);
      case 'NameAndTypeDeclaration':
        return columnPart(requireChild(element, 'Name'));
      default:
        throw unsupported(`'${text(element)}' in a parse pattern`, element.TextStart);
    }
  });
  return {
    kind: 'parse',
    parseKind,
    flags,
    source: convertExpr(requireChild(node, 'Expression')),
    parts,
    schema,
    pos,
  };
}

function columnPart(declaration: KNode): ParsePart {
  return {
    kind: 'column',
    name: declaration.SimpleName ?? text(declaration),
    type: scalarTypeOf(declaration.ResultType, declaration.TextStart),
  };
}
