/**
 * Streams the rows of a CSV file exported from the Log Analytics portal (RFC 4180: a header row of
 * column names, fields quoted with `"` when they hold commas, quotes (doubled) or line breaks; the
 * portal adds a UTF-8 BOM, CRLF line ends and headers like `TimeGenerated [UTC]`).
 *
 * `properties_s` is JSON text full of commas and quotes, and error messages can contain line breaks,
 * so a line is not a record: the parser follows quotes across chunk and line boundaries and reports
 * the line where each record starts. The header comes out as a `columns` item, each record as a
 * positional `row`, so no object is built per row here.
 */
import { StringDecoder } from 'node:string_decoder';
import { openFileChunks } from './file-chunks';
import type { ItemBatches, ParsedItem } from './parsed-item';
import { normalizeColumnName } from './record-to-row';

/** Longest field the parser accepts (a field that never ends is a file that is not CSV). */
const MAX_FIELD_CHARS = 64 * 1024 * 1024;

export async function* readCsvRecords(
  filePath: string,
  onBytesRead: (bytesRead: number) => void = () => undefined,
): ItemBatches {
  const { chunks, bytesRead } = await openFileChunks(filePath);
  const decoder = new StringDecoder('utf8');
  const splitter = new CsvSplitter();
  let header: number | undefined;
  let first = true;
  const toItems = (records: CsvRecord[], items: ParsedItem[]): void => {
    for (const record of records) {
      if ('reason' in record) {
        items.push({ kind: 'malformed', line: record.line, reason: record.reason });
        continue;
      }
      const { fields, line } = record;
      if (header === undefined) {
        header = fields.length;
        items.push({
          kind: 'columns',
          line,
          columns: fields.map((name) => ({ name: normalizeColumnName(name) })),
        });
        continue;
      }
      if (fields.length === 1 && fields[0] === '') continue; // a blank line
      if (fields.length !== header) {
        items.push({
          kind: 'malformed',
          line,
          reason: `has ${fields.length} fields but the header has ${header}`,
        });
        continue;
      }
      items.push({ kind: 'row', line, values: fields });
    }
  };
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const items: ParsedItem[] = [];
    toItems(splitter.feed(text), items);
    onBytesRead(bytesRead());
    if (items.length > 0) yield items;
    if (splitter.broken) return;
  }
  const items: ParsedItem[] = [];
  toItems([...splitter.feed(decoder.end()), ...splitter.end()], items);
  if (items.length > 0) yield items;
}

type CsvRecord =
  { readonly line: number; readonly fields: string[] } | { readonly line: number; readonly reason: string };

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * The RFC 4180 state machine, fed chunk by chunk. Unquoted fields are cut with slice (never built a
 * character at a time); quoted fields jump from quote to quote with indexOf.
 */
export class CsvSplitter {
  private fields: string[] = [];
  /** Text of the current field from earlier chunks (only when a field spans chunks). */
  private pending = '';
  private inQuotes = false;
  /** The current field had a quoted section: text after the closing quote is appended to it. */
  private quoted = false;
  /** A quote ended the previous chunk inside a quoted field: the next character decides. */
  private quoteAtChunkEnd = false;
  private carriageReturn = false;
  private line = 1;
  private recordLine = 1;
  broken = false;

  feed(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    const length = text.length;
    let i = 0;
    let fieldStart = 0;
    if (this.quoteAtChunkEnd) {
      this.quoteAtChunkEnd = false;
      if (text.charCodeAt(0) === QUOTE) {
        this.pending += '"'; // a doubled quote split over two chunks
        i = 1;
        fieldStart = 1;
        this.inQuotes = true;
      } else {
        this.inQuotes = false;
      }
    }
    while (i < length) {
      if (this.inQuotes) {
        const close = text.indexOf('"', i);
        this.countLines(text, i, close < 0 ? length : close);
        if (close < 0) {
          this.pending += text.slice(fieldStart, length);
          fieldStart = length;
          break;
        }
        this.pending += text.slice(fieldStart, close);
        if (close + 1 >= length) {
          this.quoteAtChunkEnd = true;
          fieldStart = length;
          break;
        }
        if (text.charCodeAt(close + 1) === QUOTE) {
          this.pending += '"';
          i = close + 2;
          fieldStart = i;
          continue;
        }
        this.inQuotes = false;
        i = close + 1;
        fieldStart = i;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        // A quote opens a quoted section anywhere in the field (lenient, as spreadsheet tools are).
        this.pending += text.slice(fieldStart, i);
        this.inQuotes = true;
        this.quoted = true;
        i += 1;
        fieldStart = i;
        continue;
      }
      if (c === COMMA) {
        this.fields.push(this.take(text, fieldStart, i));
        i += 1;
        fieldStart = i;
        continue;
      }
      if (c === LF) {
        let end = i;
        if (end > fieldStart && text.charCodeAt(end - 1) === CR) end -= 1;
        else if (end === fieldStart && this.carriageReturn) this.pending = this.pending.slice(0, -1);
        this.fields.push(this.take(text, fieldStart, end));
        records.push({ line: this.recordLine, fields: this.fields });
        this.fields = [];
        this.line += 1;
        this.recordLine = this.line;
        i += 1;
        fieldStart = i;
        continue;
      }
      i += 1;
    }
    if (fieldStart < length) this.pending += text.slice(fieldStart, length);
    this.carriageReturn = !this.inQuotes && length > 0 && text.charCodeAt(length - 1) === CR;
    if (this.pending.length > MAX_FIELD_CHARS) {
      this.broken = true;
      records.push({
        line: this.recordLine,
        reason: 'a field longer than 64 MiB: this is not a CSV export; the rest of the file is skipped',
      });
    }
    return records;
  }

  end(): CsvRecord[] {
    if (this.broken) return [];
    if (this.inQuotes && !this.quoteAtChunkEnd) {
      return [{ line: this.recordLine, reason: 'a quoted field is never closed (truncated file?)' }];
    }
    if (this.pending.length > 0 || this.fields.length > 0) {
      const last = this.carriageReturn ? this.pending.slice(0, -1) : this.pending;
      this.fields.push(last);
      this.pending = '';
      return [{ line: this.recordLine, fields: this.fields }];
    }
    return [];
  }

  private take(text: string, start: number, end: number): string {
    const value =
      this.pending.length > 0 || this.quoted ? this.pending + text.slice(start, end) : text.slice(start, end);
    this.pending = '';
    this.quoted = false;
    return value;
  }

  private countLines(text: string, from: number, to: number): void {
    let at = text.indexOf('\n', from);
    while (at >= 0 && at < to) {
      this.line += 1;
      at = text.indexOf('\n', at + 1);
    }
  }
}
