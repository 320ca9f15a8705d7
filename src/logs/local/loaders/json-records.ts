/**
 * Streams the records of a JSON log file (plain or gzip) without holding the file in memory.
 *
 * Layouts that occur in practice:
 *  - JSON Lines, one object per line: diagnostic-settings archives since 2018-11-01 (`PT1H.json`),
 *    `--format rows` output. Read line by line; one broken line costs one record.
 *  - a JSON array of objects: Log Analytics rows saved from the portal or `az monitor
 *    log-analytics query`, Event Grid and CloudEvents batches; often pretty-printed.
 *  - `{"records": [...]}`: archives before 2018-11-01, possibly one huge line or pretty-printed.
 *  - `{"tables": [{"name", "columns": [{"name","type"}], "rows": [[...]]}]}`: a saved response of
 *    the Log Analytics query API. Its rows are positional, read by the table's `columns`.
 *  - one (pretty-printed) object, or several one after the other: a single CloudEvent, a record.
 *
 * The non-line layouts go through {@link JsonDocumentScanner}, which tracks brackets, keys and
 * strings and hands each record (or row) to JSON.parse on its own: memory stays at one record
 * whatever the file size. The one limit: a single value (a record, a row, or a root object that is
 * not one of the wrappers above) may not exceed {@link MAX_VALUE_CHARS}.
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { CHUNK_BYTES, openFileChunks, peekFileText } from './file-chunks';
import type { DeclaredColumn, ItemBatches, ParsedItem } from './parsed-item';

/** Longest line of a JSON Lines file, and largest single JSON value of a document (characters). */
export const MAX_VALUE_CHARS = 64 * 1024 * 1024;
const MAX_VALUE_TEXT = '64 MiB';

export type JsonLayout = 'lines' | 'document';

/**
 * A document when the file starts with `[`, a `{"records"` or `{"tables"` wrapper (streamed even
 * when it is one huge line), or an object its first line does not close (pretty-printed); JSON
 * Lines otherwise, where each line, broken or not, is judged on its own.
 */
export function detectJsonLayout(head: string): JsonLayout {
  const firstLine =
    head
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? '';
  if (firstLine.startsWith('[')) return 'document';
  if (/^\{\s*"(?:records|tables)"\s*:/.test(firstLine)) return 'document';
  if (!firstLine.startsWith('{')) return 'lines'; // not JSON at all: each line is reported on its own
  try {
    JSON.parse(firstLine);
    return 'lines';
  } catch {
    return 'document'; // an object that goes on past its first line: pretty-printed
  }
}

/** Yields the file's items in batches, in file order. */
export async function* readJsonRecords(
  filePath: string,
  onBytesRead: (bytesRead: number) => void = () => undefined,
): ItemBatches {
  const layout = detectJsonLayout(await peekFileText(filePath, CHUNK_BYTES));
  const { chunks, bytesRead } = await openFileChunks(filePath);
  const afterChunk = (): void => onBytesRead(bytesRead());
  if (layout === 'lines') yield* readJsonLines(chunks, afterChunk);
  else yield* readJsonDocument(chunks, afterChunk);
}

const NO_BYTES = Buffer.alloc(0);

/** Decodes bytes that end on a line break; pure ASCII (the usual log) takes the cheaper latin1 path. */
function decode(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * Splits on the last newline byte of each chunk (a `\n` byte never occurs inside a UTF-8
 * multi-byte character), decodes that part, and parses it line by line.
 */
async function* readJsonLines(chunks: AsyncIterable<Buffer>, afterChunk: () => void): ItemBatches {
  let carry: Buffer | null = null;
  let line = 0;
  let first = true;
  /** Past a line longer than the limit: drop bytes up to the next newline. */
  let skippingLongLine = false;
  for await (const chunk of chunks) {
    const items: ParsedItem[] = [];
    let data: Buffer = chunk;
    if (first) {
      first = false;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    }
    if (skippingLongLine) {
      const newline = data.indexOf(10);
      if (newline < 0) {
        afterChunk();
        continue;
      }
      skippingLongLine = false;
      line += 1;
      data = data.subarray(newline + 1);
    }
    if (carry) {
      // Only the partial line is joined with the start of this chunk: joining the whole chunk to
      // it copied 1 MiB per read.
      const newline = data.indexOf(10);
      if (newline < 0) {
        carry = Buffer.concat([carry, data]);
        data = NO_BYTES;
      } else {
        line = parseLines(decode(Buffer.concat([carry, data.subarray(0, newline)])), line, items);
        carry = null;
        data = data.subarray(newline + 1);
      }
    }
    const lastNewline = data.lastIndexOf(10);
    if (lastNewline < 0) {
      if (data.length > 0) carry = data;
    } else {
      line = parseLines(decode(data.subarray(0, lastNewline)), line, items);
      carry = lastNewline + 1 < data.length ? data.subarray(lastNewline + 1) : null;
    }
    if (carry && carry.length > MAX_VALUE_CHARS) {
      items.push({
        kind: 'malformed',
        line: line + 1,
        reason: `a line longer than ${MAX_VALUE_TEXT} is not a log record; skipped`,
      });
      carry = null;
      skippingLongLine = true;
    }
    afterChunk();
    if (items.length > 0) yield items;
  }
  if (carry && carry.length > 0) {
    const items: ParsedItem[] = [];
    parseLines(decode(carry), line, items);
    if (items.length > 0) yield items;
  }
}

/** Parses the lines of `text` (which has no trailing newline), numbering from `lineBefore + 1`. */
function parseLines(text: string, lineBefore: number, items: ParsedItem[]): number {
  let line = lineBefore;
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    line += 1;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop -= 1;
    if (stop > start) {
      const first = text.charCodeAt(start);
      // Skips blank lines without trimming every record line.
      if (first === 123 /* { */ || first === 91 /* [ */) parseLine(text.slice(start, stop), line, items);
      else {
        const trimmed = text.slice(start, stop).trim();
        if (trimmed.length > 0) parseLine(trimmed, line, items);
      }
    }
    start = end + 1;
  }
  return line;
}

function parseLine(text: string, line: number, items: ParsedItem[]): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    items.push({ kind: 'malformed', line, reason: `not valid JSON (${describe(error)})` });
    return;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const wrapper = value as Record<string, unknown>;
    if (Array.isArray(wrapper['records'])) {
      for (const record of wrapper['records'] as unknown[])
        items.push({ kind: 'record', line, value: record });
      return;
    }
    if (Array.isArray(wrapper['tables'])) {
      for (const table of wrapper['tables'] as unknown[]) pushTable(table, line, items);
      return;
    }
  } else if (Array.isArray(value)) {
    for (const record of value as unknown[]) items.push({ kind: 'record', line, value: record });
    return;
  }
  items.push({ kind: 'record', line, value });
}

/** One `{"name","columns","rows"}` table of a query API response already parsed (a one-line file). */
function pushTable(table: unknown, line: number, items: ParsedItem[]): void {
  const fields = typeof table === 'object' && table !== null ? (table as Record<string, unknown>) : {};
  const columns = declaredColumns(fields['columns']);
  if (!columns) {
    items.push({ kind: 'malformed', line, reason: COLUMNS_REASON });
    return;
  }
  items.push({ kind: 'columns', line, columns });
  const rows = Array.isArray(fields['rows']) ? (fields['rows'] as unknown[]) : [];
  for (const row of rows) {
    if (Array.isArray(row)) items.push({ kind: 'row', line, values: row as unknown[] });
    else items.push({ kind: 'malformed', line, reason: 'a row of a {"tables"} table is not an array' });
  }
}

const COLUMNS_REASON =
  'the "columns" of a {"tables"} table are not a list of {"name", "type"} objects; its rows are skipped';

/**
 * `[{"name","type"}]` as the Log Analytics API writes them; also `ColumnName`/`DataType`/`ColumnType`
 * as Azure Data Explorer's v1 response does, since people save both the same way.
 */
export function declaredColumns(value: unknown): DeclaredColumn[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const columns: DeclaredColumn[] = [];
  for (const column of value as unknown[]) {
    if (typeof column !== 'object' || column === null) return undefined;
    const fields = column as Record<string, unknown>;
    const name = fields['name'] ?? fields['ColumnName'];
    const type = fields['type'] ?? fields['ColumnType'] ?? fields['DataType'];
    if (typeof name !== 'string') return undefined;
    columns.push(typeof type === 'string' ? { name, type: type.toLowerCase() } : { name });
  }
  return columns;
}

async function* readJsonDocument(chunks: AsyncIterable<Buffer>, afterChunk: () => void): ItemBatches {
  const decoder = new StringDecoder('utf8');
  const scanner = new JsonDocumentScanner();
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const items: ParsedItem[] = [];
    const stop = scanner.feed(text, items);
    afterChunk();
    if (items.length > 0) yield items;
    if (stop) return;
  }
  const items: ParsedItem[] = [];
  scanner.feed(decoder.end(), items);
  scanner.end(items);
  if (items.length > 0) yield items;
}

/** What a container is to the scanner: where records, tables and rows are found. */
type Role =
  | 'recordArray' // its elements are records (root array, `records`)
  | 'rootObject' // a root object: a record itself, unless it turns out to wrap `records`/`tables`
  | 'tableList' // `tables`
  | 'table' // one element of `tables`
  | 'rowArray' // a table's `rows`
  | 'other';

interface Frame {
  readonly close: number;
  readonly role: Role;
  /** Objects: the key whose value comes next (or came last). */
  key: string | null;
  expectKey: boolean;
}

interface Capture {
  readonly kind: 'record' | 'row' | 'columns' | 'root';
  /** Frames below the captured value: it ends when the stack is back to this depth. */
  readonly depth: number;
  readonly line: number;
  readonly parts: string[];
  /** Index in the current chunk where the uncopied part of the capture starts. */
  from: number;
  size: number;
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;

/**
 * An incremental scanner over the text of a JSON document, fed chunk by chunk. It parses nothing
 * but the structure: each record, row or column list is cut out whole and given to JSON.parse.
 */
export class JsonDocumentScanner {
  private readonly frames: Frame[] = [];
  private line = 1;
  private inString = false;
  private escaped = false;
  private keyParts: string[] | null = null;
  private keyFrom = 0;
  private capture: Capture | null = null;
  /** A scalar where a record belongs was reported; quiet until the next element. */
  private reportedScalar = false;

  /** Scans `text`, pushing completed items; true when the rest of the document cannot be read. */
  feed(text: string, items: ParsedItem[]): boolean {
    const length = text.length;
    let i = 0;
    if (this.capture) this.capture.from = 0;
    if (this.keyParts) this.keyFrom = 0;
    while (i < length) {
      if (this.inString) {
        i = this.skipString(text, i);
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === NEWLINE) {
        this.line += 1;
      } else if (c === QUOTE) {
        this.inString = true;
        const top = this.frames[this.frames.length - 1];
        if (top && top.close === CLOSE_BRACE && top.expectKey) {
          this.keyParts = [];
          this.keyFrom = i + 1;
        }
      } else if (c === COLON) {
        const top = this.frames[this.frames.length - 1];
        if (top) top.expectKey = false;
      } else if (c === COMMA) {
        const top = this.frames[this.frames.length - 1];
        if (top && top.close === CLOSE_BRACE) top.expectKey = true;
        this.reportedScalar = false;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.open(c, i);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.close(c, text, i, items)) return true;
      } else if (c !== 32 && c !== 9 && c !== 13) {
        this.scalar(c, items);
      }
      i += 1;
    }
    const capture = this.capture;
    if (capture) {
      capture.parts.push(text.slice(capture.from));
      capture.size += length - capture.from;
      if (capture.size > MAX_VALUE_CHARS) return this.tooLarge(capture, items);
    }
    if (this.keyParts) this.keyParts.push(text.slice(this.keyFrom));
    return false;
  }

  /** At the end of the text: an unclosed value means a truncated file. */
  end(items: ParsedItem[]): void {
    if (this.frames.length > 0 || this.inString) {
      items.push({
        kind: 'malformed',
        line: this.capture?.line ?? this.line,
        reason: 'the file ends inside an unclosed JSON value (truncated file?)',
      });
    }
  }

  /** Moves past string content from `i`; returns the index after the closing quote or the chunk end. */
  private skipString(text: string, start: number): number {
    const length = text.length;
    let i = start;
    if (this.escaped) {
      this.escaped = false;
      i += 1;
    }
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        if (i + 1 >= length) {
          this.escaped = true;
          return length;
        }
        i += 2;
        continue;
      }
      if (c === QUOTE) {
        this.inString = false;
        if (this.keyParts) {
          const top = this.frames[this.frames.length - 1];
          if (top) top.key = this.keyParts.join('') + text.slice(this.keyFrom, i);
          this.keyParts = null;
        }
        return i + 1;
      }
      i += 1;
    }
    return length;
  }

  private open(c: number, i: number): void {
    const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    const depth = this.frames.length;
    const parent = this.frames[depth - 1];
    let role: Role = 'other';
    if (this.capture && this.capture.kind !== 'root') {
      role = 'other';
    } else if (!parent) {
      if (c === OPEN_BRACKET) role = 'recordArray';
      else {
        role = 'rootObject';
        this.startCapture('root', depth, i);
      }
    } else if (parent.role === 'recordArray') {
      if (c === OPEN_BRACE) this.startCapture('record', depth, i);
    } else if (parent.role === 'rootObject' && c === OPEN_BRACKET && depth === 1) {
      if (parent.key === 'records') role = 'recordArray';
      else if (parent.key === 'tables') role = 'tableList';
      // The root wraps records or tables: it is not a record itself.
      if (role !== 'other') this.capture = null;
    } else if (parent.role === 'tableList' && c === OPEN_BRACE) {
      role = 'table';
    } else if (parent.role === 'table' && c === OPEN_BRACKET) {
      if (parent.key === 'rows') role = 'rowArray';
      else if (parent.key === 'columns') this.startCapture('columns', depth, i);
    } else if (parent.role === 'rowArray' && c === OPEN_BRACKET) {
      this.startCapture('row', depth, i);
    }
    this.frames.push({ close, role, key: null, expectKey: c === OPEN_BRACE });
  }

  private startCapture(kind: Capture['kind'], depth: number, from: number): void {
    this.capture = { kind, depth, line: this.line, parts: [], from, size: 0 };
  }

  /** Returns true when the document is broken beyond this point. */
  private close(c: number, text: string, i: number, items: ParsedItem[]): boolean {
    const frame = this.frames.pop();
    if (!frame || frame.close !== c) {
      items.push({
        kind: 'malformed',
        line: this.line,
        reason: `unexpected ${String.fromCharCode(c)}; the rest of the file is skipped`,
      });
      return true;
    }
    const capture = this.capture;
    if (capture && this.frames.length === capture.depth) {
      capture.parts.push(text.slice(capture.from, i + 1));
      this.capture = null;
      this.emit(capture, items);
    }
    return false;
  }

  private emit(capture: Capture, items: ParsedItem[]): void {
    let value: unknown;
    try {
      value = JSON.parse(capture.parts.length === 1 ? (capture.parts[0] ?? '') : capture.parts.join(''));
    } catch (error) {
      items.push({ kind: 'malformed', line: capture.line, reason: `not valid JSON (${describe(error)})` });
      return;
    }
    if (capture.kind === 'row') {
      items.push({ kind: 'row', line: capture.line, values: value as unknown[] });
    } else if (capture.kind === 'columns') {
      const columns = declaredColumns(value);
      items.push(
        columns
          ? { kind: 'columns', line: capture.line, columns }
          : { kind: 'malformed', line: capture.line, reason: COLUMNS_REASON },
      );
    } else {
      items.push({ kind: 'record', line: capture.line, value });
    }
  }

  private scalar(c: number, items: ParsedItem[]): void {
    const top = this.frames[this.frames.length - 1];
    if (this.capture || this.reportedScalar) return;
    if (!top || top.role === 'recordArray' || top.role === 'rowArray') {
      this.reportedScalar = true;
      items.push({
        kind: 'malformed',
        line: this.line,
        reason: `expected a JSON object, found ${JSON.stringify(String.fromCharCode(c))}`,
      });
    }
  }

  private tooLarge(capture: Capture, items: ParsedItem[]): boolean {
    items.push({
      kind: 'malformed',
      line: capture.line,
      reason:
        capture.kind === 'root'
          ? `a JSON object larger than ${MAX_VALUE_TEXT} that is neither {"records": [...]} nor {"tables": [...]}; the file is not loaded (save it as JSON Lines, one record per line)`
          : `a single JSON value larger than ${MAX_VALUE_TEXT}; the rest of the file is skipped`,
    });
    return true;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
