/**
 * Every construct of a query the engine cannot run, found in one walk of the syntax tree, so the
 * error names them all at once (not only the first one conversion meets), each with the
 * workaround the engine can run where there is one.
 */
/// <reference types="@kusto/language-service-next" />
import { LogsQueryError } from '../../backend';
import { KNOWN_TABLES } from '../../schema';
import { SCALAR_FUNCTIONS } from '../compile/call';
import { logAnalyticsGlobals } from './load';
import { AGGREGATES, SUPPORTED_OPERATORS } from './operators';
import { child, describe, functionName, kindOf, symbolKindOf, type KNode } from './syntax';

/** One construct the engine cannot run. */
export interface UnsupportedConstruct {
  /** "the 'mv-expand' operator", "the function 'datetime_diff'". */
  readonly what: string;
  readonly position: number;
  readonly workaround?: string;
}

/** What to write instead, by operator keyword or function name. */
const WORKAROUNDS: Readonly<Record<string, string>> = {
  'parse-where': 'parse, then where isnotempty(column) on a column the pattern sets',
  series_decompose_anomalies:
    'none in the engine; compare each bin with series_stats_dynamic(series).avg and .stdev (e.g. mv-expand the series and keep the values beyond avg + 3 * stdev)',
};

/** Functions handled outside the scalar/aggregate lists (tabular positions). */
const OTHER_FUNCTIONS = new Set(['materialize', 'bag_unpack']);

function childrenOf(node: KNode): KNode[] {
  const out: KNode[] = [];
  for (let i = 0; i < node.ChildCount; i++) {
    const c = node.GetChild(i);
    if (c) out.push(c);
  }
  return out;
}

function construct(what: string, position: number, key: string): UnsupportedConstruct {
  const workaround = WORKAROUNDS[key];
  return workaround ? { what, position, workaround } : { what, position };
}

/** Unsupported operators and functions of the query under `root`, in text order. */
export function findUnsupported(root: KNode): UnsupportedConstruct[] {
  const found: UnsupportedConstruct[] = [];
  // Names the query's own let statements define (user-defined functions are reported by conversion).
  const defined = new Set<string>();
  const nodes: KNode[] = [];
  const stack: KNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as KNode;
    if (!node.IsToken) {
      nodes.push(node);
      if (kindOf(node) === 'LetStatement') defined.add((child(node, 'Name')?.SimpleName ?? '').toLowerCase());
    }
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as KNode);
  }
  for (const node of nodes) {
    const kind = kindOf(node);
    if (kind.endsWith('Operator') && kind !== 'BadQueryOperator' && !SUPPORTED_OPERATORS.has(kind)) {
      const keyword = describe(node).toLowerCase();
      found.push(construct(`the '${keyword}' operator`, node.TextStart, keyword));
    } else if (kind === 'FunctionCallExpression') {
      const symbol = node.ReferencedSymbol;
      const name = functionName(node);
      if (symbol && symbolKindOf(symbol) === 'Function' && !OTHER_FUNCTIONS.has(name) && !defined.has(name)) {
        const aggregate = logAnalyticsGlobals().IsAggregateFunction(
          symbol as unknown as Kusto.Language.Symbols.FunctionSymbol,
        );
        if (aggregate && !AGGREGATES.has(name))
          found.push(construct(`the aggregation function '${name}'`, node.TextStart, name));
        else if (!aggregate && !SCALAR_FUNCTIONS.has(name))
          found.push(construct(`the function '${name}'`, node.TextStart, name));
      }
    }
  }
  return found.sort((a, b) => a.position - b.position);
}

/**
 * One `bad-query` error naming `first` (what conversion stopped at, or the first construct found)
 * and every other construct found, with their workarounds; `details.position` is `first`'s.
 */
export function unsupportedError(
  first: UnsupportedConstruct,
  all: readonly UnsupportedConstruct[],
): LogsQueryError {
  const same = (c: UnsupportedConstruct): boolean => c.position === first.position && c.what === first.what;
  // The scan knows the workaround for what conversion stopped at.
  const head = all.find(same) ?? first;
  const items = [head, ...all.filter((c) => !same(c))];
  const listed = items.map((c) => `${c.what} (at position ${c.position})`);
  const workarounds = items
    .filter((c) => c.workaround)
    .map((c) => `instead of ${c.what.replace(/^the /, '')}: ${c.workaround as string}`);
  const message =
    items.length === 1
      ? `The embedded KQL engine does not support ${listed[0] as string}.`
      : `The embedded KQL engine does not support ${items.length} constructs of this query: ${listed.join('; ')}.`;
  return new LogsQueryError(
    'bad-query',
    workarounds.length ? `${message} Workarounds: ${workarounds.join('; ')}.` : message,
    { code: 'NotSupported', position: first.position },
  );
}

/** ` The tables are: AzureDiagnostics, AzureMetrics.` */
export function knownTablesSentence(): string {
  return ` The tables are: ${Object.keys(KNOWN_TABLES).join(', ')}.`;
}
