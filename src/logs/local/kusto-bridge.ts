/**
 * The engine's entry to the official Kusto parser (`@kusto/language-service-next`): {@link parseKql}
 * parses AND binds a query against the Log Analytics schema, reports every error as a `bad-query`
 * LogsQueryError, and turns the syntax tree into the engine's own AST (`ast.ts`), with Kusto's types
 * and output column names taken from the binder. Only `kusto/` touches the parser's globals:
 * `load.ts` loads it, `syntax.ts` is the typed facade over its tree, `tabular.ts`, `operators.ts` and
 * `expressions.ts` convert statements, operators and scalar expressions.
 */
export { analyzeKql, logAnalyticsGlobals, type KqlDiagnostic } from './kusto/load';
export { parseKql } from './kusto/tabular';
