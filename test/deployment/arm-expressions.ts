/**
 * A small evaluator for the ARM template expressions the bot's templates use, so a test can
 * compute the web app's app settings the way Resource Manager would and feed them to readConfig.
 * Functions that read deployed resources (reference, listKeys, resourceId, ...) come from the
 * caller as fakes of Azure; everything else (concat, split, if, createArray, string, ...) follows
 * the ARM template function reference. Unknown functions throw, so the test can't pass silently.
 */
import type { Json, JsonObject } from './arm-template';

export type ArmValue = Json;
export type ArmFunction = (...args: ArmValue[]) => ArmValue;

export interface ArmContext {
  readonly parameters: Readonly<Record<string, ArmValue>>;
  readonly variables: JsonObject;
  /** Fakes for the functions that depend on the deployment (reference, resourceId, subscription, ...). */
  readonly functions: Readonly<Record<string, ArmFunction>>;
}

const BUILT_INS: Readonly<Record<string, ArmFunction>> = {
  concat: (...args) =>
    args.every(Array.isArray) ? (args as ArmValue[][]).flat() : args.map((a) => String(a)).join(''),
  split: (text, separator) => String(text).split(String(separator)),
  not: (value) => !value,
  and: (...values) => values.every(Boolean),
  or: (...values) => values.some(Boolean),
  equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  empty: (value) =>
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0),
  createArray: (...items) => items,
  createObject: (...pairs) => {
    const result: JsonObject = {};
    for (let i = 0; i + 1 < pairs.length; i += 2) result[String(pairs[i])] = pairs[i + 1] ?? null;
    return result;
  },
  union: (...objects) => Object.assign({}, ...objects.map((o) => (o && typeof o === 'object' ? o : {}))),
  string: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
  length: (value) =>
    Array.isArray(value) || typeof value === 'string' ? value.length : Object.keys(value ?? {}).length,
  uriComponent: (value) => encodeURIComponent(String(value)),
  format: (template, ...args) =>
    String(template).replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])),
};

/** Evaluate `text` if it is an expression (`[...]`), else return it as the literal it is. */
export function evaluateArm(text: string, context: ArmContext): ArmValue {
  if (!text.startsWith('[') || text.startsWith('[[')) return text;
  const parser = new Parser(text.slice(1, -1), context);
  const value = parser.expression();
  parser.expectEnd();
  return value;
}

class Parser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly context: ArmContext,
  ) {}

  expectEnd(): void {
    this.skipSpace();
    if (this.position !== this.text.length) throw new Error(`unexpected '${this.text.slice(this.position)}'`);
  }

  expression(): ArmValue {
    this.skipSpace();
    let value = this.text[this.position] === "'" ? this.stringLiteral() : this.numberOrCall();
    // Property access and indexing: .name, [expr]
    for (;;) {
      if (this.text[this.position] === '.') {
        this.position++;
        const name = this.identifier();
        // Like Resource Manager: a property that is not there is an error, not null.
        if (!isRecord(value) || !(name in value)) {
          throw new Error(`property '${name}' does not exist on ${JSON.stringify(value)}`);
        }
        value = value[name] ?? null;
      } else if (this.text[this.position] === '[') {
        this.position++;
        const index = this.expression();
        this.expect(']');
        if (Array.isArray(value) && Number(index) < value.length) value = value[Number(index)] ?? null;
        else if (isRecord(value) && String(index) in value) value = value[String(index)] ?? null;
        else throw new Error(`index ${JSON.stringify(index)} does not exist on ${JSON.stringify(value)}`);
      } else {
        return value;
      }
    }
  }

  private numberOrCall(): ArmValue {
    const number = /^-?\d+/.exec(this.text.slice(this.position));
    if (number) {
      this.position += number[0].length;
      return Number(number[0]);
    }
    const name = this.identifier();
    if (name === 'true' || name === 'false') {
      // true() / false() are functions too.
      if (this.text[this.position] === '(' && this.text[this.position + 1] === ')') this.position += 2;
      return name === 'true';
    }
    this.expect('(');
    // `if` evaluates only the branch it takes (ARM short-circuits it), so its arguments are parsed lazily.
    if (name === 'if') return this.ifCall();
    const args = this.argumentList();
    return this.call(name, args);
  }

  private ifCall(): ArmValue {
    const condition = this.expression();
    this.expect(',');
    const whenTrue = this.skipOrEvaluate(Boolean(condition));
    this.expect(',');
    const whenFalse = this.skipOrEvaluate(!condition);
    this.expect(')');
    return condition ? whenTrue : whenFalse;
  }

  private skipOrEvaluate(evaluate: boolean): ArmValue {
    if (evaluate) return this.expression();
    const start = this.position;
    let depth = 0;
    let inString = false;
    while (this.position < this.text.length) {
      const c = this.text[this.position];
      if (inString) {
        if (c === "'" && this.text[this.position + 1] === "'") this.position++;
        else if (c === "'") inString = false;
      } else if (c === "'") inString = true;
      else if (c === '(' || c === '[') depth++;
      else if ((c === ')' || c === ']') && depth > 0) depth--;
      else if ((c === ',' || c === ')') && depth === 0) break;
      this.position++;
    }
    if (this.position === start) throw new Error('empty if() branch');
    return null;
  }

  private argumentList(): ArmValue[] {
    const args: ArmValue[] = [];
    this.skipSpace();
    if (this.text[this.position] === ')') {
      this.position++;
      return args;
    }
    for (;;) {
      args.push(this.expression());
      this.skipSpace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect(')');
      return args;
    }
  }

  private call(name: string, args: ArmValue[]): ArmValue {
    if (name === 'parameters') {
      const key = String(args[0]);
      if (!(key in this.context.parameters)) throw new Error(`parameter ${key} has no value`);
      return this.context.parameters[key] ?? null;
    }
    if (name === 'variables') {
      const raw = this.context.variables[String(args[0])];
      if (raw === undefined) throw new Error(`variable ${String(args[0])} is not declared`);
      return resolveDeep(raw, this.context);
    }
    const fn = this.context.functions[name] ?? BUILT_INS[name];
    if (!fn) throw new Error(`ARM function ${name}() is not supported by the test evaluator`);
    return fn(...args);
  }

  private stringLiteral(): string {
    this.position++;
    let value = '';
    while (this.position < this.text.length) {
      const c = this.text[this.position];
      if (c === "'" && this.text[this.position + 1] === "'") {
        value += "'";
        this.position += 2;
      } else if (c === "'") {
        this.position++;
        return value;
      } else {
        value += c;
        this.position++;
      }
    }
    throw new Error('unterminated string');
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position));
    if (!match) throw new Error(`expected a name at '${this.text.slice(this.position)}'`);
    this.position += match[0].length;
    return match[0];
  }

  private expect(token: string): void {
    this.skipSpace();
    if (this.text[this.position] !== token)
      throw new Error(`expected '${token}' at '${this.text.slice(this.position)}'`);
    this.position++;
  }

  private skipSpace(): void {
    while (this.text[this.position] === ' ') this.position++;
  }
}

function isRecord(value: ArmValue): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Variables may hold expressions, objects and arrays of expressions: evaluate all of them. */
export function resolveDeep(value: ArmValue, context: ArmContext): ArmValue {
  if (typeof value === 'string') return evaluateArm(value, context);
  if (Array.isArray(value)) return value.map((item) => resolveDeep(item, context));
  if (isRecord(value)) {
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(value)) result[key] = resolveDeep(item, context);
    return result;
  }
  return value;
}
