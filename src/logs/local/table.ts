/**
 * Column-oriented, typed in-memory tables.
 *
 * - strings: dictionary-encoded (Uint8/Uint16/Int32 codes + dictionary) unless most rows hold a value of
 *   their own (Category, Level, ResultType, but also properties_s, whose JSON texts repeat per device
 *   and event); plain `string[]` for mostly unique columns, judged on all rows at finish() (or, while
 *   loading, past a million distinct values). Kusto strings have no null: a missing string is "".
 * - datetime / timespan / long / int / real: `Float64Array` (epoch ms / ms / number), NaN = null.
 * - bool: `Int8Array` (-1 = null); dynamic: parsed JSON values.
 *
 * `finishLoading()` builds the accelerators the planner uses: a term index on plain string
 * columns (`term-index.ts`), the top-level fields of JSON-object string columns (`json-fields.ts`),
 * and whether each number column is sorted (time-range filters become binary searches).
 */
import type { CellValue, LogsColumn } from '../backend';
import { JsonFields } from './json-fields';
import { StringCodeTable } from './string-code-table';
import { TermIndex } from './term-index';
import { formatDatetime, parseDatetimeText, type ScalarType, type Value } from './values';

/** Row → code arrays of a dictionary column: as narrow as its dictionary allows. */
export type DictionaryCodes = Uint8Array | Uint16Array | Int32Array;
type DictionaryCodesConstructor = new (length: number) => DictionaryCodes;

export abstract class StoredColumn {
  constructor(
    readonly name: string,
    readonly type: ScalarType,
  ) {}
  abstract readonly length: number;
  abstract get(row: number): Value;
  abstract append(value: unknown): void;
  /** Called once loading is done (and again if more rows arrive later). */
  finish(): void {}
}

const INITIAL_CAPACITY = 1024;
/**
 * Past this many distinct values a string column's codes need 16 bits. Most log columns (TenantId,
 * Category, Level, ResourceType...) have a handful of values: one byte per row instead of two is
 * 10 MB less per column at 10M rows.
 */
const MAX_CODES8 = 256;
/** Past this many distinct values a string column's codes need 32 bits. */
const MAX_CODES16 = 65536;
/** Slots of a dictionary column's cache of recent values by length (a power of two). */
const RECENT_SLOTS = 64;
/**
 * A string column gives up its dictionary while loading only once it has this many distinct values
 * and more than one per two rows so far (checked at each power of two from here). Earlier checks
 * judged on a prefix: time-ordered logs of a large fleet start with every device's first, distinct
 * record, so properties_s turned plain at 3M rows and every row kept its own copy of its JSON text
 * (and finishLoading parsed every row). `finish()` still turns a column that ended up mostly
 * unique into plain strings, judged on all its rows.
 */
const PLAIN_CHECK_DISTINCT = 1 << 20;
/** Dictionaries stop here whatever the ratio (past it the code table's slots alone would be 128 MB). */
const MAX_DICTIONARY = 1 << 23;
/**
 * Dictionaries at least this large get a term index over their values. Small on purpose: a `has`
 * needle then tests the few candidate values instead of lower-casing every value per query (a
 * demo-sized properties_s dictionary of ~1000 JSON texts cost ~0.2 ms per query that way).
 */
const DICT_INDEX_MIN = 128;

export class StringColumn extends StoredColumn {
  length = 0;
  /** Row → dictionary code, widened (8 → 16 → 32 bits) as the dictionary grows; null once plain. */
  private codeArray: DictionaryCodes | null = new Uint8Array(INITIAL_CAPACITY);
  /**
   * The dictionary as strings: `dictionary[code]` for the codes decoded so far. The code table
   * holds the values while rows load; they are decoded when first read ({@link decodeDictionary}),
   * at the latest by finish(), so loading a million distinct values doesn't keep a million strings
   * on the heap for each major GC to mark.
   */
  private dictionary: string[] = [];
  private codeTable: StringCodeTable | null = new StringCodeTable();
  /** Rows per dictionary code. */
  private codeCounts: number[] = [];
  private plain: string[] | null = null;
  /** Plain columns: term → row ids. */
  termIndex: TermIndex | null = null;
  /** Plain columns: top-level JSON fields per row. */
  jsonFields: JsonFields | null = null;
  /** Dictionary columns with many values: term → dictionary codes. */
  dictTermIndex: TermIndex | null = null;
  /** Dictionary columns of JSON objects: top-level JSON fields per dictionary code. */
  dictJsonFields: JsonFields | null = null;
  /** Dictionary columns with many values: the rows of each code (CSR: rows[offsets[c] .. offsets[c+1]), sorted). */
  private codeRowOffsets: Int32Array | null = null;
  private codeRowIds: Int32Array | null = null;
  private parsedDictionary: (Value | undefined)[] = [];
  private finishedAt = -1;
  /**
   * Dictionary columns: the value last appended of each length (modulo {@link RECENT_SLOTS}) and
   * its code. Log columns repeat a few values in turn (OperationName, Category, two resource ids
   * of 145 characters), and those mostly differ in length, so one `===` against the slot of the
   * value's length usually finds its code without hashing it; the last value is always there.
   */
  private recentValues: (string | null)[] = new Array<string | null>(RECENT_SLOTS).fill(null);
  private readonly recentCodes = new Int32Array(RECENT_SLOTS);

  constructor(name: string) {
    super(name, 'string');
  }

  get isDictionary(): boolean {
    return this.plain === null;
  }

  /** Dictionary codes (row → code); only while {@link isDictionary}. */
  get codes(): DictionaryCodes {
    return this.codeArray as DictionaryCodes;
  }

  get dict(): readonly string[] {
    if (this.dictionary.length !== this.codeCounts.length) this.decodeDictionary();
    return this.dictionary;
  }

  /** Decodes the codes added since the last call into {@link dictionary}. */
  private decodeDictionary(): void {
    const table = this.codeTable as StringCodeTable;
    for (let code = this.dictionary.length; code < this.codeCounts.length; code++) {
      this.dictionary.push(table.valueOf(code));
    }
  }

  get values(): readonly string[] {
    return this.plain ?? [];
  }

  /** Rows holding dictionary value `code`. */
  countOf(code: number): number {
    return this.codeCounts[code] ?? 0;
  }

  /** Whether {@link rowsOf} is available (large dictionaries, after finish()). */
  get hasCodeRows(): boolean {
    return this.codeRowIds !== null;
  }

  /**
   * Sorted ids of the rows holding dictionary code `code` (needs {@link hasCodeRows}), for a code
   * held by at most half the rows: the planner starts from a code's row list only when it is that
   * selective, so the one code that may hold more (Level's "Informational", ResourceType's
   * "IOTHUBS") keeps no list. That list would be most of the column's row-id bytes (40 MB of the
   * 40 MB per column at 10M rows when one value dominates).
   */
  rowsOf(code: number): Int32Array {
    if (!this.hasRowsOf(code)) throw new Error(`no row list for code ${code} of ${this.name}`);
    const offsets = this.codeRowOffsets as Int32Array;
    return (this.codeRowIds as Int32Array).subarray(offsets[code] as number, offsets[code + 1] as number);
  }

  /** Whether {@link rowsOf} has the rows of `code` (after finish(), for codes of at most half the rows). */
  hasRowsOf(code: number): boolean {
    return this.codeRowIds !== null && (this.codeCounts[code] as number) * 2 <= this.length;
  }

  private buildCodeRows(): void {
    const dictSize = this.codeCounts.length;
    const half = this.length / 2;
    const offsets = new Int32Array(dictSize + 1);
    for (let c = 0; c < dictSize; c++) {
      const count = this.codeCounts[c] as number;
      offsets[c + 1] = (offsets[c] as number) + (count <= half ? count : 0);
    }
    const next = offsets.slice(0, dictSize);
    const rows = new Int32Array(offsets[dictSize] as number);
    const codes = this.codes;
    const counts = this.codeCounts;
    // Marks the codes without a list (at most one: it holds more than half the rows).
    const listed = new Uint8Array(dictSize);
    for (let c = 0; c < dictSize; c++) listed[c] = (counts[c] as number) <= half ? 1 : 0;
    for (let r = 0; r < this.length; r++) {
      const c = codes[r] as number;
      if (listed[c] === 0) continue;
      const at = next[c] as number;
      rows[at] = r;
      next[c] = at + 1;
    }
    this.codeRowOffsets = offsets;
    this.codeRowIds = rows;
  }

  /** Dictionary code of a value, or undefined when no row holds it. */
  codeOf(value: string): number | undefined {
    if (!this.codeTable) return undefined;
    const code = this.codeTable.codeOf(value);
    return code >= 0 ? code : undefined;
  }

  get(row: number): string {
    if (this.plain) return this.plain[row] as string;
    const code = (this.codeArray as DictionaryCodes)[row] as number;
    const value = this.dictionary[code];
    return value !== undefined ? value : (this.dict[code] as string);
  }

  /** parse_json of dictionary value `code`, parsed once. */
  parsedDictValue(code: number, parse: (s: string) => Value): Value {
    let v = this.parsedDictionary[code];
    if (v === undefined) {
      v = parse(this.dict[code] as string);
      this.parsedDictionary[code] = v;
    }
    return v;
  }

  append(value: unknown): void {
    if (this.finishedAt >= 0) this.dropIndexes();
    const s = coerceString(value);
    if (this.plain) {
      this.plain.push(s);
      this.length++;
      return;
    }
    const recent = s.length & (RECENT_SLOTS - 1);
    const code =
      s === this.recentValues[recent]
        ? (this.recentCodes[recent] as number)
        : (this.codeTable as StringCodeTable).codeOrAdd(s);
    if (code === this.codeCounts.length) {
      this.codeCounts.push(0);
      if (code === MAX_CODES8 || code === MAX_CODES16) this.widenCodes(code);
      if (
        code >= PLAIN_CHECK_DISTINCT &&
        (code & (code - 1)) === 0 &&
        (code >= MAX_DICTIONARY || code * 2 > this.length)
      ) {
        this.toPlain();
        (this.plain as unknown as string[]).push(s);
        this.length++;
        return;
      }
    }
    this.recentValues[recent] = s;
    this.recentCodes[recent] = code;
    this.codeCounts[code] = (this.codeCounts[code] as number) + 1;
    this.pushCode(code);
  }

  /** The dictionary reached `size` codes: copy the codes into the next wider array type. */
  private widenCodes(size: number): void {
    const old = this.codeArray as DictionaryCodes;
    const wider = size === MAX_CODES8 ? new Uint16Array(old.length) : new Int32Array(old.length);
    wider.set(old.subarray(0, this.length));
    this.codeArray = wider;
  }

  private pushCode(code: number): void {
    let codes = this.codeArray as DictionaryCodes;
    if (this.length === codes.length) {
      const bigger = new (codes.constructor as DictionaryCodesConstructor)(codes.length * 2);
      bigger.set(codes);
      codes = bigger;
      this.codeArray = codes;
    }
    codes[this.length++] = code;
  }

  /** Rows arrived after finish(): indexes no longer cover every row, so queries scan until the next finish(). */
  private dropIndexes(): void {
    this.finishedAt = -1;
    this.termIndex = null;
    this.jsonFields = null;
    this.dictTermIndex = null;
    this.dictJsonFields = null;
    this.codeRowOffsets = null;
    this.codeRowIds = null;
  }

  private toPlain(): void {
    const codes = this.codes;
    const dict = this.dict;
    const plain: string[] = new Array<string>(this.length);
    for (let i = 0; i < this.length; i++) plain[i] = dict[codes[i] as number] as string;
    this.plain = plain;
    this.codeArray = null;
    this.dictionary = [];
    this.codeCounts = [];
    this.codeTable = null;
    this.recentValues = [];
    this.parsedDictionary = [];
  }

  override finish(): void {
    if (this.finishedAt === this.length) return;
    this.finishedAt = this.length;
    if (!this.plain) {
      // Trim code arrays; a column that ended up (nearly) unique is cheaper as plain strings.
      if (this.length > 4096 && this.codeCounts.length * 2 > this.length) this.toPlain();
      else if (this.codeArray && this.codeArray.length !== this.length)
        this.codeArray = this.codeArray.slice(0, Math.max(this.length, 1));
    }
    this.termIndex = null;
    this.jsonFields = null;
    this.dictTermIndex = null;
    this.dictJsonFields = null;
    this.codeRowOffsets = null;
    this.codeRowIds = null;
    if (!this.plain) this.decodeDictionary();
    if (!this.plain && this.dictionary.length >= DICT_INDEX_MIN) {
      const dict = this.dictionary;
      this.dictTermIndex = TermIndex.build(
        dict.length,
        (c) => dict[c] as string,
        Math.max(200_000, dict.length >>> 1),
      );
    }
    if (!this.plain && this.dictionary.length >= 2) this.buildCodeRows();
    if (!this.plain && this.dictionary.length >= 16 && JsonFields.looksLikeJsonObjects(this.dictionary)) {
      this.dictJsonFields = JsonFields.build(this.dictionary);
    }
    if (this.plain) {
      const plain = this.plain;
      this.termIndex = TermIndex.build(
        this.length,
        (r) => plain[r] as string,
        Math.max(200_000, this.length >>> 1),
      );
      if (JsonFields.looksLikeJsonObjects(plain)) this.jsonFields = JsonFields.build(plain);
    }
  }
}

/** datetime / timespan / long / int / real. NaN marks null. */
export class NumberColumn extends StoredColumn {
  length = 0;
  private buffer = new Float64Array(INITIAL_CAPACITY);
  /** Non-decreasing and without nulls (set by finish()). */
  sorted = false;

  get data(): Float64Array {
    return this.buffer;
  }

  /**
   * Per block of {@link ZONE_ROWS} rows (after finish(), until more rows arrive): the smallest and
   * largest non-null value (+∞/−∞ when all are null) and whether the block holds a null, so a
   * range filter skips or takes whole blocks of a column that is only roughly in order.
   */
  zones: { readonly min: Float64Array; readonly max: Float64Array; readonly hasNull: Uint8Array } | null =
    null;

  get(row: number): number | null {
    const v = this.buffer[row] as number;
    return v !== v ? null : v;
  }

  append(value: unknown): void {
    if (this.length === this.buffer.length) {
      const bigger = new Float64Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    const n = this.type === 'datetime' ? coerceDatetime(value) : coerceNumber(value, this.type);
    this.buffer[this.length++] = n === null ? NaN : n;
    this.sorted = false;
    this.zones = null;
  }

  override finish(): void {
    if (this.buffer.length !== this.length) this.buffer = this.buffer.slice(0, Math.max(this.length, 1));
    const data = this.buffer;
    let sorted = true;
    let prev = -Infinity;
    for (let i = 0; i < this.length; i++) {
      const v = data[i] as number;
      if (!(v >= prev)) {
        sorted = false;
        break;
      }
      prev = v;
    }
    this.sorted = sorted;
    this.zones = buildZones(data, this.length);
  }

  private cachedRange: { min: number; max: number } | null | undefined;

  /** Min and max non-null values (null when there are none). */
  range(): { min: number; max: number } | null {
    if (this.cachedRange !== undefined && this.cachedRangeAt === this.length) return this.cachedRange;
    let min = Infinity;
    let max = -Infinity;
    const data = this.buffer;
    for (let i = 0; i < this.length; i++) {
      const v = data[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.cachedRange = min === Infinity ? null : { min, max };
    this.cachedRangeAt = this.length;
    return this.cachedRange;
  }
  private cachedRangeAt = -1;
}

/** Rows per zone of a number column (see {@link NumberColumn.zones}). */
export const ZONE_ROWS = 256;

function buildZones(data: Float64Array, length: number): NonNullable<NumberColumn['zones']> {
  const count = Math.ceil(length / ZONE_ROWS);
  const min = new Float64Array(count).fill(Infinity);
  const max = new Float64Array(count).fill(-Infinity);
  const hasNull = new Uint8Array(count);
  for (let r = 0; r < length; r++) {
    const zone = (r / ZONE_ROWS) | 0;
    const v = data[r] as number;
    if (v !== v) hasNull[zone] = 1;
    else {
      if (v < (min[zone] as number)) min[zone] = v;
      if (v > (max[zone] as number)) max[zone] = v;
    }
  }
  return { min, max, hasNull };
}

export class BoolColumn extends StoredColumn {
  length = 0;
  private buffer = new Int8Array(INITIAL_CAPACITY);

  get(row: number): boolean | null {
    const v = this.buffer[row] as number;
    return v < 0 ? null : v === 1;
  }

  append(value: unknown): void {
    if (this.length === this.buffer.length) {
      const bigger = new Int8Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    const b = coerceBool(value);
    this.buffer[this.length++] = b === null ? -1 : b ? 1 : 0;
  }
}

export class DynamicColumn extends StoredColumn {
  /**
   * The values, once a row holds one. Until then only the count of leading nulls: exports often
   * leave a dynamic column (AdditionalFields) empty, and 10M nulls were an 80 MB array that every
   * full garbage collection of the load walked.
   */
  private items: Value[] | null = null;
  private nulls = 0;

  get length(): number {
    return this.items ? this.items.length : this.nulls;
  }

  get(row: number): Value {
    return this.items ? (this.items[row] ?? null) : null;
  }

  append(value: unknown): void {
    const v = coerceDynamic(value);
    if (this.items) this.items.push(v);
    else if (v === null) this.nulls++;
    else {
      const items = new Array<Value>(this.nulls + 1).fill(null);
      items[this.nulls] = v;
      this.items = items;
    }
  }
}

export function createColumn(name: string, type: ScalarType): StoredColumn {
  switch (type) {
    case 'string':
      return new StringColumn(name);
    case 'bool':
      return new BoolColumn(name, type);
    case 'dynamic':
      return new DynamicColumn(name, type);
    default:
      return new NumberColumn(name, type);
  }
}

export class StoredTable {
  readonly columns: StoredColumn[];
  private readonly byName = new Map<string, StoredColumn>();
  /** The column of each key position of the rows appended so far (null: a key with no column). */
  private readonly keyPlan: { readonly key: string; readonly column: StoredColumn | null }[] = [];
  rowCount = 0;
  private finishedAt = -1;

  constructor(
    readonly name: string,
    schema: readonly LogsColumn[],
  ) {
    this.columns = schema.map((c) => createColumn(c.name, c.type as ScalarType));
    for (const c of this.columns) this.byName.set(c.name, c);
  }

  column(name: string): StoredColumn | undefined {
    return this.byName.get(name);
  }

  /**
   * Appends one row: each column gets the row's value under its name, null when the row has none;
   * keys without a column are ignored.
   *
   * Walks the row's own keys (`for...in`, where V8 reads each value straight from the object's
   * layout) rather than looking every column name up in the row, which was a fifth of a 10M-row
   * load's profile. A loader's rows share one key order, so the column of the i-th key is
   * remembered in {@link keyPlan} and checked with one string comparison.
   */
  appendRow(row: Readonly<Record<string, CellValue>>): void {
    const plan = this.keyPlan;
    let position = 0;
    let appended = 0;
    for (const key in row) {
      let step = plan[position];
      if (step === undefined || step.key !== key) {
        step = { key, column: this.byName.get(key) ?? null };
        plan[position] = step;
      }
      position++;
      const column = step.column;
      if (column === null) continue;
      const v = row[key];
      column.append(v === undefined ? null : v);
      appended++;
    }
    if (appended !== this.columns.length) {
      // The row lacks some columns: those are still one value short.
      for (const column of this.columns) if (column.length === this.rowCount) column.append(null);
    }
    this.rowCount++;
  }

  /** True when rows arrived since the last finishLoading(). */
  get needsFinish(): boolean {
    return this.finishedAt !== this.rowCount;
  }

  finishLoading(): void {
    if (!this.needsFinish) return;
    for (const column of this.columns) column.finish();
    this.finishedAt = this.rowCount;
  }
}

// ---------------------------------------------------------------------------------------------
// Coercion of loader values (already mostly typed: Date, number, string or null).
// ---------------------------------------------------------------------------------------------

function coerceString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : formatDatetime(value.getTime());
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function coerceDatetime(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? null : t;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return parseDatetimeText(value);
  return null;
}

function coerceNumber(value: unknown, type: ScalarType): number | null {
  if (value === null || value === undefined || value === '') return null;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') n = Number(value.trim());
  else if (typeof value === 'boolean') n = value ? 1 : 0;
  else return null;
  if (Number.isNaN(n)) return null;
  if (type === 'long' || type === 'int') return Number.isFinite(n) ? Math.trunc(n) : null;
  return n;
}

function coerceBool(value: unknown): boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return null;
}

function coerceDynamic(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : formatDatetime(value.getTime());
  if (typeof value === 'object') return value as Value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return null;
    try {
      return JSON.parse(trimmed) as Value;
    } catch {
      return value;
    }
  }
  return value as Value;
}
