/**
 * Top-level fields of a string column that holds JSON objects (`properties_s`), extracted once at
 * load time so that `parse_json(properties_s).deviceId` does not re-parse JSON on every query.
 *
 * Each row is parsed with the same function `parse_json` uses at query time; for each top-level key
 * with a scalar value (string, number, bool, null) the value is dictionary-encoded per row. Anything
 * else — a row that is not a JSON object, a nested object/array value, a key past the cap — is
 * marked so the evaluator falls back to parsing that row, so results are identical either way.
 */
import { parseJsonText } from './json';
import type { Value } from './values';

/** Code for "the row's object has no such key" (member access gives null). */
export const FIELD_ABSENT = -1;
/** Code for "look at the parsed row" (nested value, or a row that is not an object). */
export const FIELD_FALLBACK = -2;

const MAX_KEYS = 32;

export class JsonField {
  readonly codes: Int32Array;
  readonly dict: Value[] = [];
  private lookup: Map<Value, number> | null = new Map();

  constructor(rowCount: number) {
    this.codes = new Int32Array(rowCount).fill(FIELD_ABSENT);
  }

  /** False once the field has too many distinct values to be worth a dictionary. */
  get usable(): boolean {
    return this.lookup !== null;
  }

  set(row: number, value: Value, maxDistinct: number): void {
    const lookup = this.lookup;
    if (!lookup) return;
    if (value !== null && typeof value === 'object') {
      this.codes[row] = FIELD_FALLBACK;
      return;
    }
    let code = lookup.get(value);
    if (code === undefined) {
      code = this.dict.length;
      if (code >= maxDistinct) {
        this.lookup = null;
        return;
      }
      this.dict.push(value);
      lookup.set(value, code);
    }
    this.codes[row] = code;
  }

  /** Frees the lookup map once loading is done (codes and dict stay). */
  seal(): void {
    if (this.lookup) this.lookup = new Map();
  }
}

export class JsonFields {
  private constructor(
    /** 1 where the row parsed to a JSON object (its fields are in {@link fields}). */
    readonly isObject: Uint8Array,
    readonly fields: ReadonlyMap<string, JsonField>,
  ) {}

  field(key: string): JsonField | undefined {
    const f = this.fields.get(key);
    return f && f.usable ? f : undefined;
  }

  /** Do most of a sample of the non-empty values look like JSON objects? */
  static looksLikeJsonObjects(values: readonly string[]): boolean {
    let seen = 0;
    let objects = 0;
    const step = Math.max(1, Math.floor(values.length / 200));
    for (let i = 0; i < values.length && seen < 200; i += step) {
      const v = values[i] as string;
      if (v.length === 0) continue;
      seen++;
      if (v.charCodeAt(0) === 123 /* { */ && v.charCodeAt(v.length - 1) === 125 /* } */) objects++;
    }
    return seen >= 10 && objects >= seen * 0.9;
  }

  static build(values: readonly string[]): JsonFields {
    const rowCount = values.length;
    const isObject = new Uint8Array(rowCount);
    const fields = new Map<string, JsonField>();
    const maxDistinct = Math.max(65536, rowCount >>> 2);
    for (let r = 0; r < rowCount; r++) {
      const parsed = parseJsonText(values[r] as string);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
      isObject[r] = 1;
      for (const key in parsed) {
        let field = fields.get(key);
        if (!field) {
          if (fields.size >= MAX_KEYS) {
            // No room for this key: rows that have it must be parsed when it is asked for.
            isObject[r] = 0;
            continue;
          }
          field = new JsonField(rowCount);
          fields.set(key, field);
        }
        field.set(r, (parsed as Record<string, Value>)[key] as Value, maxDistinct);
      }
    }
    for (const f of fields.values()) f.seal();
    return new JsonFields(isObject, fields);
  }
}
