/**
 * User-defined functions (`let f = (a:string, n:long = 10) { ... };`), tabular and scalar, inlined
 * at each call: the binder gives the body bound at the call site (its column types and schemas are
 * the call's), and while it is converted, each parameter stands for the argument's expression (or
 * its default). An argument may read the caller's row (`extend y = double_it(DurationMs)`).
 */
/// <reference types="@kusto/language-service-next" />
import type { Expr } from '../ast';
import { logAnalyticsGlobals } from './load';
import {
  type KNode,
  callArguments,
  child,
  functionName,
  kindOf,
  listElements,
  requireChild,
  unsupported,
} from './syntax';

interface CallableNode {
  GetCalledFunctionBody(): KNode | null;
}

interface FunctionSignature {
  readonly Parameters: {
    readonly Count: number;
    getItem(index: number): { readonly Name: string | null; readonly DefaultValue: KNode | null };
  };
}

interface FunctionSymbolShape {
  readonly Signatures: { readonly Count: number; getItem(index: number): FunctionSignature };
}

let parameters: ReadonlyMap<string, Expr> = new Map();

/** The argument a parameter of the function being inlined stands for (undefined: `name` is none). */
export function boundParameter(name: string): Expr | undefined {
  return parameters.get(name);
}

/** The body of a call of a function the query itself declares (null for built-in functions). */
export function userFunctionBody(call: KNode): KNode | null {
  if (kindOf(call) !== 'FunctionCallExpression') return null;
  const symbol = call.ReferencedSymbol;
  if (!symbol) return null;
  const builtIn = logAnalyticsGlobals().GetFunction(functionName(call));
  if (builtIn && (builtIn as unknown) === symbol) return null;
  return (call as unknown as CallableNode).GetCalledFunctionBody();
}

/**
 * Converts the body of the user function `call` calls with `convertBody`, its parameters bound to
 * the call's arguments (converted first, in the caller's bindings, with `convertArgument`).
 */
export function inlineCall<T>(
  call: KNode,
  body: KNode,
  convertArgument: (node: KNode) => Expr,
  convertBody: (expression: KNode) => T,
): T {
  const pos = call.TextStart;
  const signatures = (call.ReferencedSymbol as unknown as FunctionSymbolShape).Signatures;
  if (signatures.Count !== 1) throw unsupported(`the overloaded function '${functionName(call)}'`, pos);
  const declared = signatures.getItem(0).Parameters;
  const args = callArguments(call);
  if (args.length > declared.Count) throw unsupported(`this call of '${functionName(call)}'`, pos);
  // Positional arguments first, then `name = value` ones (`f(12, c = 7)`).
  const positional = args.filter((a) => kindOf(a) !== 'SimpleNamedExpression');
  const named = new Map(
    args
      .filter((a) => kindOf(a) === 'SimpleNamedExpression')
      .map((a) => [requireChild(a, 'Name').SimpleName ?? '', requireChild(a, 'Expression')] as const),
  );
  const bound = new Map<string, Expr>();
  for (let i = 0; i < declared.Count; i++) {
    const parameter = declared.getItem(i);
    const valueNode = positional[i] ?? named.get(parameter.Name ?? '') ?? parameter.DefaultValue;
    if (!valueNode) throw unsupported(`this call of '${functionName(call)}'`, pos);
    if (valueNode.ResultType?.Columns)
      throw unsupported(
        `a table as the argument of the user-defined function '${functionName(call)}'`,
        valueNode.TextStart,
      );
    bound.set(parameter.Name ?? '', convertArgument(valueNode));
  }
  const outer = parameters;
  parameters = bound;
  try {
    // `let` statements inside the body: scalar ones are bound like parameters.
    for (const statement of listElements(child(body, 'Statements'))) {
      const letName = kindOf(statement) === 'LetStatement' ? child(statement, 'Name')?.SimpleName : null;
      const value = letName ? requireChild(statement, 'Expression') : null;
      if (!letName || !value || value.ResultType?.Columns)
        throw unsupported(`this statement in the body of '${functionName(call)}'`, statement.TextStart);
      bound.set(letName, convertArgument(value));
    }
    return convertBody(requireChild(body, 'Expression'));
  } finally {
    parameters = outer;
  }
}
