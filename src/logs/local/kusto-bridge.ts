/**
 * The ONLY file that touches the official Kusto parser (`@kusto/language-service-next`).
 *
 * The package is a Bridge.NET build of Kusto.Language: it defines globals (`Bridge`, `System`,
 * `Kusto`) instead of exporting modules, and the bridge runtime must be loaded before the
 * language service. Keeping that quirk in one file means the rest of the code sees plain types:
 * {@link parseKql} parses AND binds a query against the Log Analytics schema, reports every error
 * as a `bad-query` {@link LogsQueryError}, and turns the syntax tree into the engine's own AST
 * (`ast.ts`), with Kusto's types and output column names taken from the binder.
 */
/// <reference types="@kusto/language-service-next" />
import { LogsQueryError } from '../backend';
import { KNOWN_TABLES, kustoSchemaText, type KnownTableName } from '../schema';
import type {
  AggregateCall,
  AggregateOutput,
  BinaryOp,
  ColumnSchema,
  Expr,
  JoinKind,
  NamedExpr,
  ParsedQuery,
  QueryOp,
  SortKey,
  Statement,
  TabularExpr,
} from './ast';
import { parseDatetimeText, parseTimespanText, type ScalarType, type Value } from './values';

/* eslint-disable @typescript-eslint/no-require-imports */
require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next');
/* eslint-enable @typescript-eslint/no-require-imports */

/** A problem the parser or binder found, with its position in the query text. */
export interface KqlDiagnostic {
  readonly code: string;
  readonly message: string;
  /** 0-based character offset. */
  readonly start: number;
  readonly length: number;
  readonly severity: string;
}

let globalsWithSchema: Kusto.Language.GlobalState | undefined;

/** Global state with a database holding AzureDiagnostics and AzureMetrics, built once. */
export function logAnalyticsGlobals(): Kusto.Language.GlobalState {
  if (!globalsWithSchema) {
    const tables = Object.entries(KNOWN_TABLES).map(
      ([name, columns]) =>
        new Kusto.Language.Symbols.TableSymbol.$ctor7(name, kustoSchemaText(columns), null),
    );
    const database = new Kusto.Language.Symbols.DatabaseSymbol.ctor('la', tables);
    const withDatabase = Kusto.Language.GlobalState.Default?.WithDatabase(database);
    if (!withDatabase) throw new Error('The Kusto language service did not initialise its global state.');
    globalsWithSchema = withDatabase;
  }
  return globalsWithSchema;
}

/** Parse and bind `kql` against the Log Analytics schema; returns every diagnostic (empty when the query is valid). */
export function analyzeKql(kql: string): KqlDiagnostic[] {
  const code = Kusto.Language.KustoCode.ParseAndAnalyze(kql, logAnalyticsGlobals());
  return diagnosticsOf(code);
}

function diagnosticsOf(code: Kusto.Language.KustoCode | null): KqlDiagnostic[] {
  const diagnostics = code?.GetDiagnostics();
  const result: KqlDiagnostic[] = [];
  if (!diagnostics) return result;
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    result.push({
      code: d.Code ?? '',
      message: d.Message ?? '',
      start: d.Start,
      length: d.Length,
      severity: String(d.Severity),
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Syntax tree → engine AST
// ---------------------------------------------------------------------------------------------

/** The parts of a Kusto syntax element / symbol this file reads (the .d.ts types are huge unions). */
interface KNode {
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

function kindOf(node: KNode): string {
  syntaxKindNames ??= enumNames(Kusto.Language.Syntax.SyntaxKind);
  return syntaxKindNames.get(node.Kind) ?? String(node.Kind);
}

function symbolKindOf(symbol: KSymbol): string {
  symbolKindNames ??= enumNames(Kusto.Language.Symbols.SymbolKind);
  return symbolKindNames.get(symbol.Kind) ?? String(symbol.Kind);
}

/** Named child (`Expression`, `Operator`, `Left`, ...) of a syntax node. */
function child(node: KNode, name: string): KNode | null {
  for (let i = 0; i < node.ChildCount; i++) {
    if (node.GetName(i) === name) return node.GetChild(i);
  }
  return null;
}

function requireChild(node: KNode, name: string): KNode {
  const found = child(node, name);
  if (!found) throw unsupported(`this form of '${describe(node)}'`, node.TextStart);
  return found;
}

/** Elements of a (separated) syntax list, separators and missing elements dropped. */
function listElements(list: KNode | null): KNode[] {
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

function text(node: KNode): string {
  return node.ToString(INCLUDE_TRIVIA_INTERIOR) ?? '';
}

function describe(node: KNode): string {
  const first = node.GetFirstToken();
  return first?.Text ?? kindOf(node);
}

function unsupported(what: string, position: number): LogsQueryError {
  return new LogsQueryError(
    'bad-query',
    `The embedded KQL engine does not support ${what} (at position ${position}).`,
    {
      code: 'NotSupported',
      position,
    },
  );
}

function scalarTypeOf(symbol: KSymbol | null | undefined, position: number): ScalarType {
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
    case 'decimal':
    case 'guid':
      throw unsupported(`the '${name}' type`, position);
    default:
      throw unsupported(`an expression of type '${name || 'unknown'}'`, position);
  }
}

function columnsOf(symbol: KSymbol | null | undefined, position: number): ColumnSchema[] {
  const columns = symbol?.Columns;
  if (!columns) throw unsupported('this expression (it is not tabular)', position);
  const result: ColumnSchema[] = [];
  for (let i = 0; i < columns.Count; i++) {
    const column = columns.getItem(i);
    result.push({ name: column.Name ?? '', type: scalarTypeOf(column.Type, position) });
  }
  return result;
}

/**
 * The binder's output schema of an operator; when a column has a type the engine lacks, the error
 * points at the expression that makes it (converting the operator's expressions finds it first).
 */
function operatorSchema(node: KNode): ColumnSchema[] {
  try {
    return schemaOf(node);
  } catch (error) {
    for (const element of listElements(child(node, 'Expressions'))) {
      convertExpr(
        kindOf(element) === 'SimpleNamedExpression' ? requireChild(element, 'Expression') : element,
      );
    }
    throw error;
  }
}

function isTabular(node: KNode): boolean {
  const type = node.ResultType;
  return !!type && symbolKindOf(type) === 'Table';
}

function schemaOf(node: KNode): ColumnSchema[] {
  return columnsOf(node.ResultType, node.TextStart);
}

/**
 * Parses and binds `kql`; throws `LogsQueryError('bad-query')` for a syntax or binding error (with the
 * parser's message, code and position) and for anything the engine cannot run (naming it).
 */
export function parseKql(kql: string): ParsedQuery {
  const code = Kusto.Language.KustoCode.ParseAndAnalyze(kql, logAnalyticsGlobals());
  const root = code?.Syntax as unknown as KNode | null;
  const errors = diagnosticsOf(code).filter((d) => d.severity === 'Error');
  const first = errors[0];
  if (first) {
    const where = root ? enclosingConstruct(root, first.start, first.length) : '';
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    throw new LogsQueryError(
      'bad-query',
      `KQL error at position ${first.start}${where}: ${first.message} [${first.code}]${more}`,
      { code: first.code, position: first.start },
    );
  }
  if (!root) throw new LogsQueryError('bad-query', 'The query could not be parsed.', { position: 0 });
  const statements: Statement[] = [];
  for (const statement of listElements(child(root, 'Statements'))) {
    statements.push(convertStatement(statement));
  }
  if (!statements.some((s) => s.kind === 'query')) {
    throw new LogsQueryError(
      'bad-query',
      'The query has no tabular expression to run (only let statements).',
      {
        position: 0,
      },
    );
  }
  return { text: kql, statements };
}

/** ` (in 'where')` / ` (in function 'strcat')`: the operator or function around a diagnostic. */
function enclosingConstruct(root: KNode, start: number, length: number): string {
  let node: KNode | null = root.GetNodeAt(start, Math.max(length, 0));
  let fn: string | undefined;
  while (node) {
    const kind = kindOf(node);
    if (!fn && kind === 'FunctionCallExpression') fn = child(node, 'Name')?.SimpleName ?? undefined;
    if (kind.endsWith('Operator') && kind !== 'BadQueryOperator') {
      const op = describe(node);
      return fn ? ` (in function '${fn}' of '${op}')` : ` (in '${op}')`;
    }
    node = node.Parent;
  }
  return fn ? ` (in function '${fn}')` : '';
}

function convertStatement(node: KNode): Statement {
  const kind = kindOf(node);
  const pos = node.TextStart;
  if (kind === 'LetStatement') {
    const name = child(node, 'Name')?.SimpleName ?? '';
    const value = requireChild(node, 'Expression');
    const valueKind = kindOf(value);
    if (valueKind === 'FunctionDeclaration')
      throw unsupported(`user-defined functions ('let ${name} = (...) {...}')`, pos);
    if (isTabular(value)) return { kind: 'let-tabular', name, expr: convertTabular(value), pos };
    return { kind: 'let-scalar', name, expr: convertExpr(value), pos };
  }
  if (kind === 'ExpressionStatement') {
    const expression = requireChild(node, 'Expression');
    if (!isTabular(expression)) throw unsupported('a query that does not produce a table', pos);
    return { kind: 'query', expr: convertTabular(expression), pos };
  }
  throw unsupported(`the '${describe(node)}' statement`, pos);
}

function convertTabular(node: KNode): TabularExpr {
  const kind = kindOf(node);
  const pos = node.TextStart;
  switch (kind) {
    case 'ParenthesizedExpression':
      return convertTabular(requireChild(node, 'Expression'));
    case 'NameReference': {
      const symbol = node.ReferencedSymbol;
      const symbolKind = symbol ? symbolKindOf(symbol) : '';
      const name = node.SimpleName ?? '';
      if (symbolKind === 'Table') {
        if (!(name in KNOWN_TABLES)) throw unsupported(`the table '${name}'`, pos);
        return { kind: 'table', table: name as KnownTableName, schema: schemaOf(node), pos };
      }
      if (symbolKind === 'Variable') return { kind: 'table-var', name, schema: schemaOf(node), pos };
      throw unsupported(`'${name}' as a table`, pos);
    }
    case 'PipeExpression': {
      const input = convertTabular(requireChild(node, 'Expression'));
      const operator = requireChild(node, 'Operator');
      const op = convertOperator(operator, input.schema);
      if (op === null) return input;
      return { kind: 'pipe', input, op, schema: op.schema, pos };
    }
    case 'UnionOperator': {
      const { inputs, withSource } = convertUnionParts(node);
      return { kind: 'union', inputs, withSource, schema: schemaOf(node), pos };
    }
    case 'DataTableExpression':
      return convertDataTable(node);
    case 'PrintOperator': {
      const schema = operatorSchema(node);
      return {
        kind: 'print',
        items: namedItems(
          listElements(child(node, 'Expressions')),
          schema.map((c) => c.name),
        ),
        schema,
        pos,
      };
    }
    case 'MaterializeExpression':
      return convertTabular(requireChild(node, 'Expression'));
    case 'FunctionCallExpression': {
      const name = (child(node, 'Name')?.SimpleName ?? '').toLowerCase();
      if (name === 'materialize') {
        const [arg] = callArguments(node);
        if (arg) return convertTabular(arg);
      }
      throw unsupported(`the tabular function '${name}'`, pos);
    }
    default:
      throw unsupported(`'${describe(node)}' as a tabular source`, pos);
  }
}

function convertDataTable(node: KNode): TabularExpr {
  const schema = schemaOf(node);
  const values = listElements(child(node, 'Values'));
  if (schema.length === 0 || values.length % schema.length !== 0) {
    throw unsupported('a datatable whose value count does not match its columns', node.TextStart);
  }
  const rows: Value[][] = [];
  for (let i = 0; i < values.length; i += schema.length) {
    const row: Value[] = [];
    for (let c = 0; c < schema.length; c++) {
      const valueNode = values[i + c] as KNode;
      const expr = convertExpr(valueNode);
      const column = schema[c] as ColumnSchema;
      row.push(constantValue(expr, column.type));
    }
    rows.push(row);
  }
  return { kind: 'datatable', rows, schema, pos: node.TextStart };
}

/** Value of a literal (or negated literal) datatable cell, converted to the column type. */
function constantValue(expr: Expr, type: ScalarType): Value {
  let value: Value;
  if (expr.kind === 'literal') value = expr.value;
  else if (
    expr.kind === 'unary' &&
    expr.operand.kind === 'literal' &&
    typeof expr.operand.value === 'number'
  ) {
    value = expr.op === '-' ? -expr.operand.value : expr.operand.value;
  } else throw unsupported('a non-literal value in datatable', expr.pos);
  if (value === null) return type === 'string' ? '' : null;
  if ((type === 'real' || type === 'long' || type === 'int') && typeof value !== 'number') {
    throw unsupported('a datatable value of another type than its column', expr.pos);
  }
  if (type === 'string' && typeof value !== 'string')
    throw unsupported('a non-string value in a string column', expr.pos);
  return value;
}

function convertUnionParts(node: KNode): { inputs: TabularExpr[]; withSource: string | null } {
  let withSource: string | null = null;
  for (const parameter of listElements(child(node, 'Parameters'))) {
    const name = (
      child(parameter, 'Name')?.SimpleName ?? text(child(parameter, 'Name') ?? parameter)
    ).toLowerCase();
    const value = child(parameter, 'Expression');
    const valueText = value ? text(value) : '';
    if (name === 'withsource') withSource = valueText;
    else if (name === 'kind' && valueText.toLowerCase() === 'outer') continue;
    else if (name === 'isfuzzy' && valueText.toLowerCase() === 'false') continue;
    else throw unsupported(`union parameter '${name}=${valueText}'`, parameter.TextStart);
  }
  const inputs = listElements(child(node, 'Expressions')).map((e) => convertTabular(e));
  return { inputs, withSource };
}

function operatorParameters(node: KNode): Map<string, { value: string; pos: number }> {
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
function onlyHints(node: KNode, allowed: readonly string[] = []): void {
  for (const [name, { value, pos }] of operatorParameters(node)) {
    if (name.startsWith('hint.') || allowed.includes(name)) continue;
    throw unsupported(`the parameter '${name}=${value}' of '${describe(node)}'`, pos);
  }
}

/** Returns null for operators that don't change the data (`render`). */
function convertOperator(node: KNode, input: readonly ColumnSchema[]): QueryOp | null {
  const kind = kindOf(node);
  const pos = node.TextStart;
  const schema = operatorSchema(node);
  switch (kind) {
    case 'FilterOperator':
      onlyHints(node);
      return { kind: 'where', predicate: convertExpr(requireChild(node, 'Condition')), schema, pos };
    case 'ExtendOperator':
      return {
        kind: 'extend',
        items: extendItems(listElements(child(node, 'Expressions')), input, schema),
        schema,
        pos,
      };
    case 'SerializeOperator':
      onlyHints(node);
      return {
        kind: 'serialize',
        items: extendItems(listElements(child(node, 'Expressions')), input, schema),
        schema,
        pos,
      };
    case 'ProjectOperator':
      return {
        kind: 'project',
        items: namedItems(
          listElements(child(node, 'Expressions')),
          schema.map((c) => c.name),
        ),
        schema,
        pos,
      };
    case 'ProjectAwayOperator':
    case 'ProjectKeepOperator':
    case 'ProjectReorderOperator': {
      const names = new Set(input.map((c) => c.name));
      for (const c of schema)
        if (!names.has(c.name)) throw unsupported(`this form of '${describe(node)}'`, pos);
      return {
        kind: 'select',
        operator: describe(node),
        columns: schema.map((c) => ({ name: c.name, from: c.name })),
        schema,
        pos,
      };
    }
    case 'ProjectRenameOperator': {
      if (schema.length !== input.length) throw unsupported(`this form of 'project-rename'`, pos);
      return {
        kind: 'select',
        operator: 'project-rename',
        columns: schema.map((c, i) => ({ name: c.name, from: (input[i] as ColumnSchema).name })),
        schema,
        pos,
      };
    }
    case 'SummarizeOperator':
      onlyHints(node);
      return convertSummarize(node, schema);
    case 'SortOperator': {
      onlyHints(node);
      const keys = listElements(child(node, 'Expressions')).map(sortKey);
      return { kind: 'sort', keys, schema, pos };
    }
    case 'TopOperator': {
      onlyHints(node);
      const count = convertExpr(requireChild(node, 'Expression'));
      return { kind: 'top', count, keys: [sortKey(requireChild(node, 'ByExpression'))], schema, pos };
    }
    case 'TakeOperator':
      onlyHints(node);
      return { kind: 'take', count: convertExpr(requireChild(node, 'Expression')), schema, pos };
    case 'DistinctOperator': {
      onlyHints(node);
      const elements = listElements(child(node, 'Expressions'));
      if (elements.length === 1 && kindOf(elements[0] as KNode) === 'StarExpression') {
        return {
          kind: 'distinct',
          items: input.map((c) => ({
            name: c.name,
            expr: { kind: 'column', name: c.name, type: c.type, pos },
          })),
          schema,
          pos,
        };
      }
      return {
        kind: 'distinct',
        items: namedItems(
          elements,
          schema.map((c) => c.name),
        ),
        schema,
        pos,
      };
    }
    case 'CountOperator':
      return { kind: 'count', name: (schema[0] as ColumnSchema).name, schema, pos };
    case 'UnionOperator': {
      const { inputs, withSource } = convertUnionParts(node);
      return { kind: 'union', inputs, withSource, schema, pos };
    }
    case 'JoinOperator':
      return convertJoin(node, input, schema);
    case 'RenderOperator':
      return null;
    default:
      throw unsupported(`the '${describe(node)}' operator`, pos);
  }
}

function sortKey(node: KNode): SortKey {
  if (kindOf(node) !== 'OrderedExpression') {
    return { expr: convertExpr(node), descending: true, nullsFirst: false };
  }
  const expr = convertExpr(requireChild(node, 'Expression'));
  const ordering = child(node, 'Ordering');
  const direction = ordering ? child(ordering, 'AscOrDescKeyword') : null;
  const descending = !(direction && !direction.IsMissing && (direction.Text ?? '').toLowerCase() === 'asc');
  const nulls = ordering ? child(ordering, 'NullsClause') : null;
  const firstOrLast = nulls ? child(nulls, 'FirstOrLastKeyword') : null;
  const nullsFirst = firstOrLast ? (firstOrLast.Text ?? '').toLowerCase() === 'first' : !descending;
  return { expr, descending, nullsFirst };
}

/** project / distinct / print items: one output column per expression, named by the binder. */
function namedItems(elements: readonly KNode[], names: readonly string[]): NamedExpr[] {
  if (elements.length !== names.length) {
    const pos = elements[0]?.TextStart ?? 0;
    throw unsupported('this projection (it does not map one expression to one column)', pos);
  }
  return elements.map((element, i) => {
    if (kindOf(element) === 'CompoundNamedExpression')
      throw unsupported('tuple names ((a, b) = ...)', element.TextStart);
    const value = kindOf(element) === 'SimpleNamedExpression' ? requireChild(element, 'Expression') : element;
    return { name: names[i] as string, expr: convertExpr(value) };
  });
}

/** extend / serialize items: named ones keep their name; unnamed ones get the binder's new column names in order. */
function extendItems(
  elements: readonly KNode[],
  input: readonly ColumnSchema[],
  output: readonly ColumnSchema[],
): NamedExpr[] {
  const inputNames = new Set(input.map((c) => c.name));
  const newNames = output.map((c) => c.name).filter((n) => !inputNames.has(n));
  let next = 0;
  return elements.map((element) => {
    const kind = kindOf(element);
    if (kind === 'CompoundNamedExpression')
      throw unsupported('tuple names ((a, b) = ...)', element.TextStart);
    if (kind === 'SimpleNamedExpression') {
      const name = child(requireChild(element, 'Name'), 'Name');
      const declared = requireChild(element, 'Name').SimpleName ?? (name ? text(name) : '');
      if (!inputNames.has(declared)) {
        if (newNames[next] !== declared) throw unsupported(`this form of 'extend'`, element.TextStart);
        next++;
      }
      return { name: declared, expr: convertExpr(requireChild(element, 'Expression')) };
    }
    const generated = newNames[next++];
    if (generated === undefined) throw unsupported(`this form of 'extend'`, element.TextStart);
    return { name: generated, expr: convertExpr(element) };
  });
}

const AGGREGATES = new Set([
  'count',
  'countif',
  'dcount',
  'dcountif',
  'count_distinct',
  'min',
  'max',
  'minif',
  'maxif',
  'sum',
  'sumif',
  'avg',
  'avgif',
  'arg_max',
  'arg_min',
  'make_list',
  'make_set',
  'make_list_if',
  'make_set_if',
  'take_any',
  'any',
]);

function convertSummarize(node: KNode, schema: ColumnSchema[]): QueryOp {
  const pos = node.TextStart;
  const byClause = child(node, 'ByClause');
  if (byClause && child(byClause, 'BinClause'))
    throw unsupported(`'summarize ... by ... bin=' (use bin() instead)`, pos);
  const byElements = byClause ? listElements(child(byClause, 'Expressions')) : [];
  const by = namedItems(
    byElements,
    schema.slice(0, byElements.length).map((c) => c.name),
  );
  let next = byElements.length;
  const aggregates: AggregateCall[] = [];
  for (const element of listElements(child(node, 'Aggregates'))) {
    const kind = kindOf(element);
    const call =
      kind === 'SimpleNamedExpression' || kind === 'CompoundNamedExpression'
        ? requireChild(element, 'Expression')
        : element;
    if (!isAggregateCall(call)) {
      // A scalar expression over aggregates, e.g. 100.0 * countif(x) / count().
      const column = schema[next];
      if (!column) throw unsupported('this form of summarize', call.TextStart);
      const inner: AggregateCall[] = [];
      const previous = aggregateCollector;
      aggregateCollector = (aggregateCall) => {
        const name = `__agg${inner.length}`;
        inner.push(
          convertAggregateCall(aggregateCall, [
            { name, type: scalarTypeOf(aggregateCall.ResultType, aggregateCall.TextStart) },
          ]),
        );
        return {
          kind: 'column',
          name,
          type: scalarTypeOf(aggregateCall.ResultType, aggregateCall.TextStart),
          pos: aggregateCall.TextStart,
        };
      };
      let expr: Expr;
      try {
        expr = convertExpr(call);
      } finally {
        aggregateCollector = previous;
      }
      if (inner.length === 0)
        throw unsupported(`'${text(call)}' in summarize (no aggregation function in it)`, call.TextStart);
      aggregates.push({
        fn: '$expr',
        args: [expr],
        inner,
        outputs: [{ name: column.name, type: column.type, source: null }],
        pos: call.TextStart,
      });
      next += 1;
      continue;
    }
    const resultType = call.ResultType;
    const tuple =
      resultType && symbolKindOf(resultType) === 'Tuple' ? columnsOf(resultType, call.TextStart) : null;
    const width = tuple ? tuple.length : 1;
    const names = schema.slice(next, next + width);
    if (names.length !== width) throw unsupported(`this form of '${functionName(call)}'`, call.TextStart);
    next += width;
    aggregates.push(convertAggregateCall(call, names, tuple));
  }
  if (next !== schema.length) throw unsupported('this form of summarize', pos);
  return { kind: 'summarize', by, aggregates, schema, pos };
}

function functionName(call: KNode): string {
  return (call.ReferencedSymbol?.Name ?? child(call, 'Name')?.SimpleName ?? '').toLowerCase();
}

/** Is `node` a call of an aggregation function (as the parser's global state knows them)? */
function isAggregateCall(node: KNode): boolean {
  if (kindOf(node) !== 'FunctionCallExpression') return false;
  const symbol = node.ReferencedSymbol;
  if (!symbol || symbolKindOf(symbol) !== 'Function') return false;
  return logAnalyticsGlobals().IsAggregateFunction(
    symbol as unknown as Kusto.Language.Symbols.FunctionSymbol,
  );
}

function convertAggregateCall(
  call: KNode,
  names: readonly ColumnSchema[],
  tuple: ColumnSchema[] | null = null,
): AggregateCall {
  const fn = functionName(call);
  if (!AGGREGATES.has(fn)) throw unsupported(`the aggregation function '${fn}'`, call.TextStart);
  const previous = aggregateCollector;
  aggregateCollector = null;
  let args: Expr[];
  try {
    args = callArguments(call).map((a) => convertExpr(a));
  } finally {
    aggregateCollector = previous;
  }
  const outputs: AggregateOutput[] = names.map((column, i) => ({
    name: column.name,
    type: column.type,
    source:
      tuple && (((fn === 'arg_max' || fn === 'arg_min') && i > 0) || fn === 'take_any' || fn === 'any')
        ? (tuple[i] as ColumnSchema).name
        : null,
  }));
  return { fn: fn === 'any' ? 'take_any' : fn, args, outputs, pos: call.TextStart };
}

/** While converting an expression over aggregates: turns each aggregate call into a column reference. */
let aggregateCollector: ((call: KNode) => Expr) | null = null;

function convertJoin(node: KNode, _input: readonly ColumnSchema[], schema: ColumnSchema[]): QueryOp {
  const pos = node.TextStart;
  let joinKind: JoinKind = 'innerunique';
  for (const [name, { value, pos: at }] of operatorParameters(node)) {
    if (name.startsWith('hint.')) continue;
    if (name !== 'kind') throw unsupported(`the join parameter '${name}'`, at);
    const k = value.toLowerCase();
    if (k === 'inner' || k === 'innerunique' || k === 'leftouter' || k === 'leftsemi' || k === 'leftanti')
      joinKind = k;
    else if (k === 'leftantisemi') joinKind = 'leftanti';
    else throw unsupported(`join kind=${value}`, at);
  }
  const right = convertTabular(requireChild(node, 'Expression'));
  const condition = requireChild(node, 'ConditionClause');
  if (kindOf(condition) !== 'JoinOnClause')
    throw unsupported(`'join ... where' (use 'on')`, condition.TextStart);
  const leftKeys: string[] = [];
  const rightKeys: string[] = [];
  for (const element of listElements(child(condition, 'Expressions'))) {
    const kind = kindOf(element);
    if (kind === 'NameReference') {
      const name = element.SimpleName ?? '';
      leftKeys.push(name);
      rightKeys.push(name);
      continue;
    }
    if (kind === 'EqualExpression') {
      const sides = [requireChild(element, 'Left'), requireChild(element, 'Right')].map((side) => {
        if (kindOf(side) !== 'PathExpression') throw unsupported(`this join condition`, side.TextStart);
        const target = text(requireChild(side, 'Expression'));
        const column = requireChild(side, 'Selector').SimpleName ?? '';
        return { target, column };
      });
      const [a, b] = sides as [{ target: string; column: string }, { target: string; column: string }];
      if (a.target === '$left' && b.target === '$right') {
        leftKeys.push(a.column);
        rightKeys.push(b.column);
        continue;
      }
      if (a.target === '$right' && b.target === '$left') {
        leftKeys.push(b.column);
        rightKeys.push(a.column);
        continue;
      }
    }
    throw unsupported(`the join condition '${text(element)}'`, element.TextStart);
  }
  return { kind: 'join', joinKind, right, leftKeys, rightKeys, schema, pos };
}

function callArguments(call: KNode): KNode[] {
  const list = child(call, 'ArgumentList');
  return list ? listElements(child(list, 'Expressions')) : [];
}

const BINARY_KINDS: Readonly<Record<string, BinaryOp>> = {
  AddExpression: '+',
  SubtractExpression: '-',
  MultiplyExpression: '*',
  DivideExpression: '/',
  ModuloExpression: '%',
  LessThanExpression: '<',
  LessThanOrEqualExpression: '<=',
  GreaterThanExpression: '>',
  GreaterThanOrEqualExpression: '>=',
  EqualExpression: '==',
  NotEqualExpression: '!=',
  EqualTildeExpression: '=~',
  BangTildeExpression: '!~',
  AndExpression: 'and',
  OrExpression: 'or',
  MatchesRegexExpression: 'matches regex',
};

const STRING_OPERATOR_TOKENS = new Set<string>([
  'has',
  'has_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'contains',
  'contains_cs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
]);

function literal(node: KNode, type: ScalarType, value: Value): Expr {
  return { kind: 'literal', type, value, pos: node.TextStart };
}

function convertExpr(node: KNode): Expr {
  const kind = kindOf(node);
  const pos = node.TextStart;
  switch (kind) {
    case 'ParenthesizedExpression':
      return convertExpr(requireChild(node, 'Expression'));
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return literal(node, 'string', typeof node.LiteralValue === 'string' ? node.LiteralValue : '');
    case 'BooleanLiteralExpression':
      return literal(node, 'bool', /null/i.test(text(node)) ? null : /true/i.test(text(node)));
    case 'LongLiteralExpression':
    case 'IntLiteralExpression':
    case 'RealLiteralExpression':
      return literal(node, scalarTypeOf(node.ResultType, pos), numberLiteral(text(node), pos));
    case 'TimespanLiteralExpression': {
      const ms = parseTimespanText(text(node));
      if (ms === undefined) throw unsupported(`the timespan literal '${text(node)}'`, pos);
      return literal(node, 'timespan', ms);
    }
    case 'DateTimeLiteralExpression':
      return literal(node, 'datetime', datetimeLiteral(node));
    case 'NullLiteralExpression':
      return literal(node, 'dynamic', null);
    case 'DynamicExpression': {
      const raw = node.LiteralValue;
      if (typeof raw !== 'string') throw unsupported(`the dynamic literal '${text(node)}'`, pos);
      try {
        return literal(node, 'dynamic', JSON.parse(raw) as Value);
      } catch {
        throw unsupported(`the dynamic literal '${text(node)}'`, pos);
      }
    }
    case 'NameReference': {
      const symbol = node.ReferencedSymbol;
      const symbolKind = symbol ? symbolKindOf(symbol) : '';
      const name = node.SimpleName ?? '';
      const type = scalarTypeOf(node.ResultType, pos);
      if (symbolKind === 'Column') return { kind: 'column', name, type, pos };
      if (symbolKind === 'Variable') return { kind: 'var', name, type, pos };
      throw unsupported(`the name '${name}' here`, pos);
    }
    case 'BracketedExpression':
      return convertExpr(requireChild(node, 'Expression'));
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression':
      return {
        kind: 'unary',
        op: kind === 'UnaryMinusExpression' ? '-' : '+',
        operand: convertExpr(requireChild(node, 'Expression')),
        type: scalarTypeOf(node.ResultType, pos),
        pos,
      };
    case 'InExpression':
    case 'InCsExpression':
    case 'NotInExpression':
    case 'NotInCsExpression': {
      const op = (requireChild(node, 'Operator').Text ?? '').toLowerCase();
      const values = listElements(child(requireChild(node, 'Right'), 'Expressions'));
      return {
        kind: 'in',
        negated: op.startsWith('!'),
        caseInsensitive: op.endsWith('~'),
        operand: convertExpr(requireChild(node, 'Left')),
        values: values.map((v) => listValue(v)),
        type: 'bool',
        pos,
      };
    }
    case 'HasAnyExpression':
    case 'HasAllExpression': {
      const values = listElements(child(requireChild(node, 'Right'), 'Expressions'));
      return {
        kind: 'has-any',
        all: kind === 'HasAllExpression',
        operand: convertExpr(requireChild(node, 'Left')),
        values: values.map((v) => listValue(v)),
        type: 'bool',
        pos,
      };
    }
    case 'BetweenExpression':
    case 'NotBetweenExpression': {
      const couple = requireChild(node, 'Right');
      return {
        kind: 'between',
        negated: kind === 'NotBetweenExpression',
        operand: convertExpr(requireChild(node, 'Left')),
        low: convertExpr(requireChild(couple, 'First')),
        high: convertExpr(requireChild(couple, 'Second')),
        type: 'bool',
        pos,
      };
    }
    case 'FunctionCallExpression': {
      const symbol = node.ReferencedSymbol;
      const name = (symbol?.Name ?? child(node, 'Name')?.SimpleName ?? '').toLowerCase();
      if (aggregateCollector && isAggregateCall(node)) return aggregateCollector(node);
      if (symbol && symbolKindOf(symbol) !== 'Function') throw unsupported(`calling '${name}'`, pos);
      return {
        kind: 'call',
        name,
        args: callArguments(node).map((a) => convertExpr(a)),
        type: scalarTypeOf(node.ResultType, pos),
        pos,
      };
    }
    case 'PathExpression': {
      const target = requireChild(node, 'Expression');
      const selector = requireChild(node, 'Selector');
      const member = selector.SimpleName ?? text(selector);
      if (isTabular(target) || scalarTypeOf(target.ResultType, pos) !== 'dynamic') {
        throw unsupported(`the path '${text(node)}'`, pos);
      }
      return {
        kind: 'member',
        target: convertExpr(target),
        member: stripBrackets(member),
        type: 'dynamic',
        pos,
      };
    }
    case 'ElementExpression': {
      const target = requireChild(node, 'Expression');
      if (scalarTypeOf(target.ResultType, pos) !== 'dynamic')
        throw unsupported(`indexing '${text(node)}'`, pos);
      return {
        kind: 'index',
        target: convertExpr(target),
        index: convertExpr(requireChild(node, 'Selector')),
        type: 'dynamic',
        pos,
      };
    }
    case 'ToScalarExpression': {
      if (child(node, 'KindParameter')) throw unsupported(`toscalar(kind=...)`, pos);
      return {
        kind: 'toscalar',
        query: convertTabular(requireChild(node, 'Expression')),
        type: scalarTypeOf(node.ResultType, pos),
        pos,
      };
    }
    case 'StarExpression': {
      const columns = node.ResultType?.Columns ? columnsOf(node.ResultType, pos).map((c) => c.name) : [];
      return { kind: 'star', columns, type: 'dynamic', pos };
    }
    default: {
      const op = BINARY_KINDS[kind];
      if (op) return binary(node, op);
      const operatorToken = child(node, 'Operator');
      const tokenText = (operatorToken?.Text ?? '').toLowerCase();
      const bare = tokenText.startsWith('!') ? tokenText.slice(1) : tokenText;
      if (STRING_OPERATOR_TOKENS.has(bare)) return binary(node, tokenText as BinaryOp);
      throw unsupported(`'${text(node)}'`, pos);
    }
  }
}

/** An element of an `in` / `has_any` list: a scalar, or a tabular subquery whose first column is the list. */
function listValue(node: KNode): Expr {
  if (!isTabular(node)) return convertExpr(node);
  return { kind: 'column-values', query: convertTabular(node), type: 'dynamic', pos: node.TextStart };
}

function binary(node: KNode, op: BinaryOp): Expr {
  return {
    kind: 'binary',
    op,
    left: convertExpr(requireChild(node, 'Left')),
    right: convertExpr(requireChild(node, 'Right')),
    type: scalarTypeOf(node.ResultType, node.TextStart),
    pos: node.TextStart,
  };
}

function stripBrackets(member: string): string {
  const m = /^\[\s*(['"])(.*)\1\s*\]$/.exec(member);
  return m ? (m[2] ?? '') : member;
}

/** `10`, `1.5`, `1e3`, `0x1F`, `long(10)`, `int(null)`, `real(nan)`, `real(+inf)`, `double(2)`. */
function numberLiteral(literalText: string, pos: number): number | null {
  let s = literalText.trim();
  const wrapped = /^(?:long|int|real|double)\s*\((.*)\)$/is.exec(s);
  if (wrapped) s = (wrapped[1] ?? '').trim();
  const lower = s.toLowerCase();
  if (lower === 'null') return null;
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  const n = Number(s);
  if (s === '' || Number.isNaN(n)) throw unsupported(`the number literal '${literalText}'`, pos);
  return n;
}

function datetimeLiteral(node: KNode): number | null {
  const literalText = text(node);
  const inner = /^(?:datetime|date)\s*\((.*)\)$/is.exec(literalText.trim());
  const content = (inner?.[1] ?? literalText).trim().replace(/^(['"])(.*)\1$/s, '$2');
  if (content.toLowerCase() === 'null') return null;
  const parsed = parseDatetimeText(content);
  if (parsed !== null) return parsed;
  // Fall back to the parser's own value (System.DateTime boxed as { v: Date }).
  const boxed = node.LiteralValue as { v?: unknown } | null | undefined;
  if (boxed && boxed.v instanceof Date) return boxed.v.getTime();
  throw unsupported(`the datetime literal '${literalText}'`, node.TextStart);
}
