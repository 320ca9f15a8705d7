/**
 * Parses and binds a query ({@link parseKql}) and converts its statements and tabular sources (tables,
 * let variables, pipes, union, datatable, print) into the engine's AST (`ast.ts`).
 */
import { LogsQueryError } from '../../backend';
import { KNOWN_TABLES, type KnownTableName } from '../../schema';
import type { ColumnSchema, Expr, ParsedQuery, Statement, TabularExpr } from '../ast';
import type { ScalarType, Value } from '../values';
import { convertExpr } from './expressions';
import { inlineCall, userFunctionBody } from './functions';
import { diagnosticsOf, logAnalyticsGlobals } from './load';
import { convertOperator, namedItems, operatorSchema } from './operators';
import { checkWindowFunctionsSerialized } from './serialized';
import { convertSearch } from './search';
import { findUnsupported, knownTablesSentence, unsupportedError } from './unsupported';
import {
  type KNode,
  callArguments,
  child,
  describe,
  isTabular,
  kindOf,
  listElements,
  requireChild,
  schemaOf,
  symbolKindOf,
  text,
  unsupported,
  UnsupportedKqlError,
} from './syntax';

/**
 * Parses and binds `kql`; throws `LogsQueryError('bad-query')` for a syntax or binding error (with the
 * parser's message, code and position) and for anything the engine cannot run (naming it).
 */
/** Binder codes for a name that is no table the database has (KS204: unknown table). */
const UNKNOWN_TABLE_CODES: ReadonlySet<string> = new Set(['KS204']);

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
      `KQL error at position ${first.start}${where}: ${first.message} [${first.code}]${more}${
        errors.some((e) => UNKNOWN_TABLE_CODES.has(e.code)) ? knownTablesSentence() : ''
      }`,
      { code: first.code, position: first.start },
    );
  }
  if (!root) throw new LogsQueryError('bad-query', 'The query could not be parsed.', { position: 0 });
  const unsupportedConstructs = findUnsupported(root);
  const statements: Statement[] = [];
  try {
    for (const statement of listElements(child(root, 'Statements'))) {
      const converted = convertStatement(statement);
      if (converted) statements.push(converted);
    }
  } catch (error) {
    // Name every unsupported construct at once, starting with the one conversion stopped at.
    if (error instanceof UnsupportedKqlError)
      throw unsupportedError({ what: error.what, position: error.position }, unsupportedConstructs);
    throw error;
  }
  const [firstUnsupported] = unsupportedConstructs;
  if (firstUnsupported) throw unsupportedError(firstUnsupported, unsupportedConstructs);
  checkWindowFunctionsSerialized(root);
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

function convertStatement(node: KNode): Statement | null {
  const kind = kindOf(node);
  const pos = node.TextStart;
  if (kind === 'LetStatement') {
    const name = child(node, 'Name')?.SimpleName ?? '';
    const value = requireChild(node, 'Expression');
    const valueKind = kindOf(value);
    // A function is inlined where it is called (functions.ts); its declaration runs nothing.
    if (valueKind === 'FunctionDeclaration') return null;
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

export function convertTabular(node: KNode): TabularExpr {
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
        if (!(name in KNOWN_TABLES))
          throw unsupported(
            `the table '${name}' (the tables are: ${Object.keys(KNOWN_TABLES).join(', ')})`,
            pos,
          );
        return { kind: 'table', table: name as KnownTableName, schema: schemaOf(node), pos };
      }
      if (symbolKind === 'Variable') return { kind: 'table-var', name, schema: schemaOf(node), pos };
      throw unsupported(`'${name}' as a table`, pos);
    }
    case 'PipeExpression': {
      const input = convertTabular(requireChild(node, 'Expression'));
      const operator = requireChild(node, 'Operator');
      if (kindOf(operator) === 'SearchOperator') return convertSearch(operator, input);
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
    case 'RangeOperator':
      return {
        kind: 'range',
        from: convertExpr(requireChild(node, 'From')),
        to: convertExpr(requireChild(node, 'To')),
        step: convertExpr(requireChild(node, 'Step')),
        schema: schemaOf(node),
        pos,
      };
    case 'SearchOperator':
      return convertSearch(node, null);
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
      const body = userFunctionBody(node);
      if (body) return inlineCall(node, body, convertExpr, convertTabular);
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

export function convertUnionParts(node: KNode): { inputs: TabularExpr[]; withSource: string | null } {
  let withSource: string | null = null;
  let fuzzy = false;
  for (const parameter of listElements(child(node, 'Parameters'))) {
    const name = (
      child(parameter, 'Name')?.SimpleName ?? text(child(parameter, 'Name') ?? parameter)
    ).toLowerCase();
    const value = child(parameter, 'Expression');
    const valueText = value ? text(value) : '';
    if (name === 'withsource') withSource = valueText;
    else if (name === 'kind' && valueText.toLowerCase() === 'outer') continue;
    else if (name === 'isfuzzy') fuzzy = valueText.toLowerCase() === 'true';
    else throw unsupported(`union parameter '${name}=${valueText}'`, parameter.TextStart);
  }
  const elements = listElements(child(node, 'Expressions'));
  // isfuzzy=true: the binder only warns of a name that is no table; the union skips it.
  const present = fuzzy ? elements.filter((e) => !isUnknownTableName(e)) : elements;
  if (present.length === 0) {
    throw new LogsQueryError(
      'bad-query',
      `None of the tables of this 'union isfuzzy=true' exists (at position ${node.TextStart}).${knownTablesSentence()}`,
      { position: node.TextStart },
    );
  }
  return { inputs: present.map((e) => convertTabular(e)), withSource };
}

function isUnknownTableName(node: KNode): boolean {
  return kindOf(node) === 'NameReference' && !node.ReferencedSymbol;
}
