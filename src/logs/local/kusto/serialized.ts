/**
 * Window functions (prev, next, row_number, row_cumsum) need a serialized row set, and Kusto
 * refuses them elsewhere ("the row set must be serialized"). The parser does not check it, so the
 * engine does, with the rules of the Kusto docs (serialize operator, "Serialization behavior of
 * operators"): sort/order, top, top-hitters, range, getschema and serialize emit a serialized row
 * set; count, distinct, evaluate, facet, join, make-series, mv-expand, reduce, sample,
 * sample-distinct, summarize and top-nested emit a nonserialized one; every other operator passes
 * its input's property on. A table is not serialized. The docs don't say what datatable and print
 * emit; their rows have a written order, so the engine lets them through rather than refuse a
 * query Log Analytics might run.
 */
import { LogsQueryError } from '../../backend';
import { type KNode, child, describe, functionName, kindOf, symbolKindOf } from './syntax';

const WINDOW_FUNCTIONS: ReadonlySet<string> = new Set(['prev', 'next', 'row_number', 'row_cumsum']);

const SERIALIZING: ReadonlySet<string> = new Set([
  'SortOperator',
  'TopOperator',
  'TopHittersOperator',
  'RangeOperator',
  'GetSchemaOperator',
  'SerializeOperator',
]);

const UNSERIALIZING: ReadonlySet<string> = new Set([
  'CountOperator',
  'DistinctOperator',
  'EvaluateOperator',
  'FacetOperator',
  'JoinOperator',
  'MakeSeriesOperator',
  'MvExpandOperator',
  'ReduceByOperator',
  'SampleOperator',
  'SampleDistinctOperator',
  'SummarizeOperator',
  'TopNestedOperator',
]);

/** Why a row set is not serialized ("the table 'AzureDiagnostics'", "'summarize'"), or null when it is. */
type Unserialized = string | null;

function childrenOf(node: KNode): KNode[] {
  const out: KNode[] = [];
  for (let i = 0; i < node.ChildCount; i++) {
    const c = node.GetChild(i);
    if (c) out.push(c);
  }
  return out;
}

/** Throws the error Kusto gives when a window function of the query reads a nonserialized row set. */
export function checkWindowFunctionsSerialized(root: KNode): void {
  const lets = new Map<string, KNode>();
  const calls: KNode[] = [];
  const stack: KNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as KNode;
    if (node.IsToken) continue;
    const kind = kindOf(node);
    if (kind === 'LetStatement') {
      const value = child(node, 'Expression');
      const name = child(node, 'Name')?.SimpleName;
      if (value && name) lets.set(name, value);
    } else if (kind === 'FunctionCallExpression' && WINDOW_FUNCTIONS.has(functionName(node))) {
      calls.push(node);
    }
    stack.push(...childrenOf(node));
  }
  for (const call of calls) {
    const reason = inputOfEnclosingOperator(call, lets);
    if (reason !== null) {
      const name = functionName(call);
      throw new LogsQueryError(
        'bad-query',
        `The function '${name}' cannot be invoked in the current context: the row set must be serialized ` +
          `(its input comes from ${reason}). Add '| serialize' or '| order by ...' before it.`,
        { code: 'RowSetNotSerialized', position: call.TextStart },
      );
    }
  }
}

/** Whether the row set the operator around `call` reads is serialized (null) or why not. */
function inputOfEnclosingOperator(call: KNode, lets: ReadonlyMap<string, KNode>): Unserialized {
  let node: KNode | null = call.Parent;
  while (node && !kindOf(node).endsWith('Operator')) node = node.Parent;
  // `serialize` serializes its own input: its items may use window functions.
  if (!node || kindOf(node) === 'SerializeOperator') return null;
  const pipe = node.Parent;
  if (!pipe || kindOf(pipe) !== 'PipeExpression' || child(pipe, 'Operator') !== node) return null;
  const input = child(pipe, 'Expression');
  return input ? serializedState(input, lets, 0) : null;
}

function serializedState(node: KNode, lets: ReadonlyMap<string, KNode>, depth: number): Unserialized {
  if (depth > 50) return null;
  const kind = kindOf(node);
  switch (kind) {
    case 'PipeExpression': {
      const op = child(node, 'Operator');
      const input = child(node, 'Expression');
      const opKind = op ? kindOf(op) : '';
      if (SERIALIZING.has(opKind)) return null;
      if (op && UNSERIALIZING.has(opKind)) return `'${describe(op).toLowerCase()}'`;
      return input ? serializedState(input, lets, depth + 1) : null;
    }
    case 'ParenthesizedExpression': {
      const inner = child(node, 'Expression');
      return inner ? serializedState(inner, lets, depth + 1) : null;
    }
    case 'NameReference': {
      const symbol = node.ReferencedSymbol;
      const name = node.SimpleName ?? '';
      if (symbol && symbolKindOf(symbol) === 'Table' && !lets.has(name)) return `the table '${name}'`;
      const value = lets.get(name);
      return value ? serializedState(value, lets, depth + 1) : null;
    }
    case 'UnionOperator':
    case 'JoinOperator':
      return `'${describe(node).toLowerCase()}'`;
    default:
      return SERIALIZING.has(kind) || !UNSERIALIZING.has(kind) ? null : `'${describe(node).toLowerCase()}'`;
  }
}
