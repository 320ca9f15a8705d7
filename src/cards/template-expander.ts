/**
 * Adaptive Card template expansion with the semantics of `adaptivecards-templating`'s
 * `Template.expand` (2.3.x), faster for the expressions our templates are made of.
 *
 * The library evaluates every `${name}` through adaptive-expressions: a new memory object per
 * expression, a regex split of the path, and a case-insensitive search over the data object's keys
 * for each step. A diagnosis card has hundreds of them, ~0.4 ms per card. Here:
 * - the template is prepared the library's way (`Template.parseInterpolatedString` per string);
 * - the walk (arrays flattened, `$data` repeats, `$when` drops, `null`/`undefined` handling) is the
 *   library's `internalExpand`, written out;
 * - property paths (`${a.b}`, `${$root.x}`, and strings of text and paths) are resolved like the
 *   library resolves them (first key equal ignoring case, `${path}` left for a missing value), with
 *   each object's keys lower-cased once per expansion;
 * - every other expression goes to the library's own evaluation. Those that read `$`-variables
 *   cannot be handed over inside a `$data` scope through its public API, so a template holding
 *   one is expanded by the library itself.
 */
import { GlobalSettings, Template } from 'adaptivecards-templating';

/** The parts of an adaptive-expressions Expression this file reads (public fields). */
interface Expression {
  readonly type: string;
  readonly children: readonly Expression[];
  readonly value?: unknown;
  toString(): string;
}

/** A path the fast resolver handles: `$data`, `$root` or `$index` first (explicit or implied), then names. */
interface PropertyPath {
  readonly text: string;
  readonly start: '$data' | '$root' | '$index';
  /** The names after the start, lower-cased (the library matches keys ignoring case). */
  readonly lowerNames: readonly string[];
}

/** How an expression is evaluated: a path, text and paths, the two tests `$when` uses, or by the library. */
type Plan =
  | { readonly kind: 'path'; readonly path: PropertyPath }
  | { readonly kind: 'concat'; readonly parts: readonly (string | PropertyPath)[] }
  /** `path != ''` */
  | { readonly kind: 'not-empty'; readonly path: PropertyPath }
  /** `count(path) > n` */
  | { readonly kind: 'count-above'; readonly path: PropertyPath; readonly than: number }
  | { readonly kind: 'library' };

const RESERVED_FIELDS = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A value the fast resolver declines (the library evaluates the expression instead). */
const DECLINED = Symbol('declined');

/** Where the walk is: the library's EvaluationContext ($data defaults to $root). */
interface Scope {
  readonly root: unknown;
  data: unknown;
  index: unknown;
  /** Per object: lower-cased key → the first key with that lower case (Object.keys order). */
  readonly keys: WeakMap<object, Map<string, string>>;
}

/** Thrown inside a walk that met a `$`-reading expression only the library can evaluate. */
const LIBRARY_NEEDED = Symbol('library needed');

export class CardTemplate {
  private readonly prepared: unknown;
  private readonly plans = new Map<Expression, Plan>();
  /** Expressions whose text mentions `$` (`$root`, `$index`, ...): the library must evaluate them in scope. */
  private readonly readsVariables = new Set<Expression>();
  /** `$when` conditions: paths and the two tests are decided here, the rest by the library. */
  private readonly conditions = new Set<Expression>();
  private libraryTemplate: Template | undefined;
  /** Some `$`-reading expression is never fast: every expansion goes to the library. */
  private readonly alwaysLibrary: boolean;

  constructor(private readonly payload: unknown) {
    this.prepared = this.prepare(payload, undefined);
    this.alwaysLibrary = [...this.readsVariables].some((expression) => {
      const kind = this.plans.get(expression)?.kind;
      return kind === 'library' || (this.conditions.has(expression) && kind === 'concat');
    });
  }

  /** The card for `root` (what `new Template(payload).expand({ $root: root })` gives). */
  expand(root: unknown): unknown {
    if (this.alwaysLibrary) return this.library().expand({ $root: root });
    try {
      return this.expandNode(this.prepared, { root, data: undefined, index: undefined, keys: new WeakMap() });
    } catch (error) {
      if (error === LIBRARY_NEEDED) return this.library().expand({ $root: root });
      throw error;
    }
  }

  private library(): Template {
    this.libraryTemplate ??= new Template(this.payload);
    return this.libraryTemplate;
  }

  private prepare(node: unknown, key: string | undefined): unknown {
    if (typeof node === 'string') {
      const parsed = Template.parseInterpolatedString(node);
      if (typeof parsed === 'string') return parsed;
      const expression = parsed as unknown as Expression;
      this.plans.set(expression, planOf(expression));
      if (expression.toString().includes('$')) this.readsVariables.add(expression);
      if (key === '$when') this.conditions.add(expression);
      return expression;
    }
    if (Array.isArray(node)) return node.map((item: unknown) => this.prepare(item, undefined));
    if (typeof node === 'object' && node !== null) {
      const result: Record<string, unknown> = {};
      for (const field of Object.keys(node))
        result[field] = this.prepare((node as Record<string, unknown>)[field], field);
      return result;
    }
    return node;
  }

  private isExpression(node: unknown): node is Expression {
    return typeof node === 'object' && node !== null && this.plans.has(node as Expression);
  }

  /** The library's internalExpand. */
  private expandNode(node: unknown, scope: Scope): unknown {
    if (Array.isArray(node)) {
      let items: unknown[] = [];
      for (const item of node as unknown[]) {
        const expanded = this.expandNode(item, scope);
        if (expanded !== null) {
          if (Array.isArray(expanded)) items = items.concat(expanded);
          else items.push(expanded);
        }
      }
      return items;
    }
    if (this.isExpression(node)) return this.evaluate(node, scope, true);
    if (typeof node !== 'object' || node === null) return node;

    const savedData = scope.data;
    const savedIndex = scope.index;
    const fields = node as Record<string, unknown>;
    const when = fields['$when'];
    let dataContext = fields['$data'];
    let dataContexts: unknown[];
    let repeated = false;
    if (dataContext === undefined) dataContexts = [undefined];
    else {
      if (this.isExpression(dataContext)) dataContext = this.evaluate(dataContext, scope, true);
      if (Array.isArray(dataContext)) {
        dataContexts = dataContext as unknown[];
        repeated = true;
      } else dataContexts = [dataContext];
    }
    const results: unknown[] = [];
    for (let i = 0; i < dataContexts.length; i++) {
      if (repeated) scope.index = i;
      if (dataContexts[i] !== undefined) scope.data = dataContexts[i];
      let drop = false;
      if (this.isExpression(when)) drop = !this.holds(when, scope);
      else if (when) drop = true;
      if (!drop) results.push(this.expandObject(fields, scope));
    }
    scope.data = savedData;
    scope.index = savedIndex;
    if (results.length === 0) return null;
    return results.length === 1 ? results[0] : results;
  }

  /** The library's expandSingleObject. */
  private expandObject(fields: Record<string, unknown>, scope: Scope): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(fields)) {
      if (RESERVED_FIELDS.has(key)) continue;
      const value = this.expandNode(fields[key], scope);
      if (value !== undefined) result[key] = value;
    }
    return result;
  }

  /** Whether a `$when` condition holds: its value is `true` and evaluating it gave no error. */
  private holds(condition: Expression, scope: Scope): boolean {
    const plan = this.plans.get(condition);
    // A missing path is "${path}" here and undefined in the library: neither is `true`.
    const fast = plan && plan.kind !== 'concat' ? fastValue(plan, scope) : DECLINED;
    if (fast !== DECLINED) return fast === true;
    const { value, error } = this.libraryEvaluation(condition, scope, false);
    return !error && value === true;
  }

  /** An expression's value; throws what the library throws for an evaluation error. */
  private evaluate(expression: Expression, scope: Scope, allowSubstitutions: boolean): unknown {
    const plan = this.plans.get(expression);
    if (plan && allowSubstitutions) {
      const fast = fastValue(plan, scope);
      if (fast !== DECLINED) return fast;
    }
    const { value, error } = this.libraryEvaluation(expression, scope, allowSubstitutions);
    if (error) throw new Error(error);
    return value;
  }

  /**
   * The library's evaluation of an expression that reads no `$`-variable: with `$root` set to the
   * current data, its names resolve against the current data, as inside the library's walk.
   */
  private libraryEvaluation(
    expression: Expression,
    scope: Scope,
    allowSubstitutions: boolean,
  ): { value: unknown; error: string | undefined } {
    if (this.readsVariables.has(expression)) throw LIBRARY_NEEDED;
    const data = scope.data === undefined ? scope.root : scope.data;
    const result = Template.tryEvaluateExpression(
      expression as unknown as Parameters<typeof Template.tryEvaluateExpression>[0],
      { $root: data },
      allowSubstitutions,
    ) as { value: unknown; error: string | undefined };
    return result;
  }
}

function planOf(expression: Expression): Plan {
  const path = propertyPath(expression);
  if (path) return { kind: 'path', path };
  const [left, right] = expression.children;
  if (expression.type === '!=' && expression.children.length === 2 && left && right) {
    const operand = propertyPath(left);
    if (operand && right.type === 'Constant' && right.value === '')
      return { kind: 'not-empty', path: operand };
  }
  if (expression.type === '>' && expression.children.length === 2 && left && right) {
    const [counted] = left.children;
    const operand =
      left.type === 'count' && left.children.length === 1 && counted ? propertyPath(counted) : undefined;
    if (
      operand &&
      right.type === 'Constant' &&
      typeof right.value === 'number' &&
      Number.isFinite(right.value)
    )
      return { kind: 'count-above', path: operand, than: right.value };
  }
  if (expression.type === 'concat') {
    const parts: (string | PropertyPath)[] = [];
    for (const child of expression.children) {
      if (child.type === 'Constant' && typeof child.value === 'string') parts.push(child.value);
      else {
        const childPath = propertyPath(child);
        if (!childPath) return { kind: 'library' };
        parts.push(childPath);
      }
    }
    return { kind: 'concat', parts };
  }
  return { kind: 'library' };
}

/** `a.b.c` as an Accessor chain of plain names, with an optional `$data`/`$root`/`$index` start. */
function propertyPath(expression: Expression): PropertyPath | undefined {
  const names: string[] = [];
  let node: Expression | undefined = expression;
  while (node) {
    if (node.type !== 'Accessor' || node.children.length < 1 || node.children.length > 2) return undefined;
    const [name, parent] = node.children as [Expression, Expression | undefined];
    if (name.type !== 'Constant' || typeof name.value !== 'string') return undefined;
    names.unshift(name.value);
    node = parent;
  }
  const [first, ...rest] = names;
  if (first === undefined) return undefined;
  const start = first === '$root' || first === '$data' || first === '$index' ? first : undefined;
  const properties = start ? rest : names;
  if (!properties.every((name) => NAME.test(name))) return undefined;
  return {
    text: names.join('.'),
    start: start ?? '$data',
    lowerNames: properties.map((name) => name.toLowerCase()),
  };
}

/** The value of a plan, or DECLINED when the library must decide. */
function fastValue(plan: Plan, scope: Scope): unknown {
  if (plan.kind === 'path') return resolve(plan.path, scope);
  if (plan.kind === 'not-empty') {
    // adaptive-expressions' commonEquals(x, '') is x === '' for every x but the ones declined here.
    const value = resolve(plan.path, scope);
    return value === DECLINED ? DECLINED : value !== '';
  }
  if (plan.kind === 'count-above') {
    // count() of a list or text is its length; other operands make count() fail (the library decides).
    const value = resolve(plan.path, scope, false);
    return Array.isArray(value) || typeof value === 'string' ? value.length > plan.than : DECLINED;
  }
  if (plan.kind === 'concat') {
    let text = '';
    for (const part of plan.parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const value = resolve(part, scope);
      // The library writes value.toString(); for anything but text, numbers and booleans it decides.
      if (typeof value === 'string') text += value;
      else if (typeof value === 'number' || typeof value === 'boolean') text += value.toString();
      else return DECLINED;
    }
    return text;
  }
  return DECLINED;
}

/**
 * Like adaptive-expressions' memory lookup, with the templating library's null substitution
 * (`${path}` for a missing value) unless `substitute` is false (comparisons and functions read it raw).
 */
function resolve(path: PropertyPath, scope: Scope, substitute = true): unknown {
  let value: unknown =
    path.start === '$root'
      ? scope.root
      : path.start === '$index'
        ? scope.index
        : scope.data === undefined
          ? scope.root
          : scope.data;
  for (const lowerName of path.lowerNames) {
    if (!value) {
      value = undefined;
      continue;
    }
    if (typeof value !== 'object' || value instanceof Map) return DECLINED;
    const key = keysOf(value, scope).get(lowerName);
    value = key === undefined ? undefined : (value as Record<string, unknown>)[key];
  }
  if (value !== undefined || !substitute) return value;
  const substitution = GlobalSettings.getUndefinedFieldValueSubstitutionString?.(path.text);
  return substitution ? substitution : `\${${path.text}}`;
}

function keysOf(value: object, scope: Scope): Map<string, string> {
  let keys = scope.keys.get(value);
  if (!keys) {
    keys = new Map();
    for (const key of Object.keys(value)) {
      const lower = key.toLowerCase();
      if (!keys.has(lower)) keys.set(lower, key);
    }
    scope.keys.set(value, keys);
  }
  return keys;
}
