/**
 * A small typed facade over the Kusto syntax tree and symbols (the .d.ts types are huge unions):
 * node kinds by name, named children, list elements, text, the binder's types and schemas, and the
 * `bad-query`/`NotSupported` error for what the engine cannot run.
 */
/// <reference types="@kusto/language-service-next" />
import { LogsQueryError } from '../../backend';
import type { ColumnSchema } from '../ast';
import type { ScalarType } from '../values';

/** The parts of a Kusto syntax element / symbol this file reads (the .d.ts types are huge unions). */
export interface KNode {
  readonly Kind: number;
  readonly IsToken: boolean;
  readonly IsMissing: boolean;
  readonly TextStart: number;
  readonly Width: number;
  readonly Text?: string;
  readonly ChildCount: number;
  readonly Parent: KNode | null;
  readonly SimpleName?: string | null;
  readonly ResultType?: KSymbol | null;
  readonly ReferencedSymbol?: KSymbol | null;
  readonly LiteralValue?: unknown;
  readonly IsLiteral?: boolean;
  GetChild(index: number): KNode | null;
  GetName(index: number): string | null;
  GetFirstToken(): KNode | null;
  ToString(includeTrivia: number): string | null;
  GetNodeAt(position: number, length: number): KNode | null;
}

interface KSymbol {
  readonly Name: string | null;
  readonly Kind: number;
  readonly Columns?: KList<KSymbol> | null;
  readonly Type?: KSymbol | null;
}

interface KList<T> {
  readonly Count: number;
  getItem(index: number): T;
}

let syntaxKindNames: Map<number, string> | undefined;

let symbolKindNames: Map<number, string> | undefined;

function enumNames(enumObject: object): Map<number, string> {
  const names = new Map<number, string>();
  for (const [key, value] of Object.entries(enumObject)) if (typeof value === 'number') names.set(value, key);
  return names;
}

export function kindOf(node: KNode): string {
  syntaxKindNames ??= enumNames(Kusto.Language.Syntax.SyntaxKind);
  return syntaxKindNames.get(node.Kind) ?? String(node.Kind);
}

export function symbolKindOf(symbol: KSymbol): string {
  symbolKindNames ??= enumNames(Kusto.Language.Symbols.SymbolKind);
  return symbolKindNames.get(symbol.Kind) ?? String(symbol.Kind);
}

/** Named child (`Expression`, `Operator`, `Left`, ...) of a syntax node. */
export function child(node: KNode, name: string): KNode | null {
  for (let i = 0; i < node.ChildCount; i++) {
    if (node.GetName(i) === name) return node.GetChild(i);
  }
  return null;
}

export function requireChild(node: KNode, name: string): KNode {
  const found = child(node, name);
  if (!found) throw unsupported(`this form of '${describe(node)}'`, node.TextStart);
  return found;
}

/** Elements of a (separated) syntax list, separators and missing elements dropped. */
export function listElements(list: KNode | null): KNode[] {
  const items: KNode[] = [];
  if (!list) return items;
  for (let i = 0; i < list.ChildCount; i++) {
    let item = list.GetChild(i);
    if (!item) continue;
    if (kindOf(item) === 'SeparatedElement') item = item.GetChild(0);
    if (!item || item.IsToken) continue;
    items.push(item);
  }
  return items;
}

/** `IncludeTrivia.Interior`: the node's text without leading/trailing whitespace and comments. */
const INCLUDE_TRIVIA_INTERIOR = 1;

export function text(node: KNode): string {
  return node.ToString(INCLUDE_TRIVIA_INTERIOR) ?? '';
}

export function describe(node: KNode): string {
  const first = node.GetFirstToken();
  return first?.Text ?? kindOf(node);
}

/** A construct of the query the engine cannot run (`what`: "the 'parse' operator"). */
export class UnsupportedKqlError extends LogsQueryError {
  constructor(
    readonly what: string,
    readonly position: number,
  ) {
    super('bad-query', `The embedded KQL engine does not support ${what} (at position ${position}).`, {
      code: 'NotSupported',
      position,
    });
  }
}

export function unsupported(what: string, position: number): LogsQueryError {
  return new UnsupportedKqlError(what, position);
}

export function scalarTypeOf(symbol: KSymbol | null | undefined, position: number): ScalarType {
  const name = (symbol?.Name ?? '').toLowerCase();
  switch (name) {
    case 'string':
    case 'bool':
    case 'int':
    case 'long':
    case 'real':
    case 'datetime':
    case 'timespan':
    case 'dynamic':
      return name;
    case 'double':
      return 'real';
    case 'boolean':
      return 'bool';
    case 'date':
      return 'datetime';
    case 'time':
      return 'timespan';
    case 'unknown':
      // Only a column the binder cannot know ahead of the data has it (after evaluate bag_unpack
      // without an output schema): it is read as dynamic.
      return 'dynamic';
    case 'decimal':
    case 'guid':
      throw unsupported(`the '${name}' type`, position);
    default:
      throw unsupported(`an expression of type '${name || 'unknown'}'`, position);
  }
}

export function columnsOf(symbol: KSymbol | null | undefined, position: number): ColumnSchema[] {
  const columns = symbol?.Columns;
  if (!columns) throw unsupported('this expression (it is not tabular)', position);
  const result: ColumnSchema[] = [];
  for (let i = 0; i < columns.Count; i++) {
    const column = columns.getItem(i);
    result.push({ name: column.Name ?? '', type: scalarTypeOf(column.Type, position) });
  }
  return result;
}

export function isTabular(node: KNode): boolean {
  const type = node.ResultType;
  return !!type && symbolKindOf(type) === 'Table';
}

export function schemaOf(node: KNode): ColumnSchema[] {
  return columnsOf(node.ResultType, node.TextStart);
}

export function operatorParameters(node: KNode): Map<string, { value: string; pos: number }> {
  const params = new Map<string, { value: string; pos: number }>();
  for (const parameter of listElements(child(node, 'Parameters'))) {
    const nameNode = child(parameter, 'Name');
    const name = (nameNode ? text(nameNode) : '').toLowerCase();
    const value = child(parameter, 'Expression');
    params.set(name, { value: value ? text(value) : '', pos: parameter.TextStart });
  }
  return params;
}

/** Rejects operator parameters other than performance hints (which don't change results). */
export function onlyHints(node: KNode, allowed: readonly string[] = []): void {
  for (const [name, { value, pos }] of operatorParameters(node)) {
    if (name.startsWith('hint.') || allowed.includes(name)) continue;
    throw unsupported(`the parameter '${name}=${value}' of '${describe(node)}'`, pos);
  }
}

export function functionName(call: KNode): string {
  return (call.ReferencedSymbol?.Name ?? child(call, 'Name')?.SimpleName ?? '').toLowerCase();
}

export function callArguments(call: KNode): KNode[] {
  const list = child(call, 'ArgumentList');
  return list ? listElements(child(list, 'Expressions')) : [];
}
