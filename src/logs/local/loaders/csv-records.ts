/**
 * Streams the rows of a CSV file exported from the Log Analytics portal (RFC 4180: a header row of
 * column names, fields quoted with `"` when they hold commas, quotes (doubled) or line breaks).
 *
 * `properties_s` is JSON text full of commas and quotes, and error messages can contain line breaks,
 * so a line is not a record: the parser follows quotes across chunk and line boundaries and reports
 * the line where each record starts.
 */
import { createReadStream } from 'node:fs';
import type { ParsedItem } from './parsed-item';
import { normalizeColumnName } from './record-to-row';

interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** Yields one object per data row keyed by the header's column names, or why a row is malformed. */
export async function* readCsvRecords(
  filePath: string,
  onBytesRead: (bytesRead: number) => void = () => undefined,
): AsyncGenerator<ParsedItem> {
  const stream = createReadStream(filePath, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let header: string[] | undefined;
  for await (const item of splitCsv(stream, () => onBytesRead(stream.bytesRead))) {
    if ('reason' in item) {
      yield { kind: 'malformed', line: item.line, reason: item.reason };
      continue;
    }
    if (header === undefined) {
      header = item.fields
        .map((name, index) => (index === 0 ? name.replace(/^\uFEFF/, '') : name))
        .map(normalizeColumnName);
      continue;
    }
    if (item.fields.length === 1 && item.fields[0] === '') continue;
    if (item.fields.length !== header.length) {
      yield {
        kind: 'malformed',
        line: item.line,
        reason: `has ${item.fields.length} fields but the header has ${header.length}`,
      };
      continue;
    }
    const value: Record<string, string> = {};
    header.forEach((name, index) => {
      value[name] = item.fields[index] ?? '';
    });
    yield { kind: 'record', line: item.line, value };
  }
}

/** The RFC 4180 state machine over a stream of text chunks. */
async function* splitCsv(
  chunks: AsyncIterable<string | Buffer>,
  afterChunk: () => void,
): AsyncGenerator<CsvRecord | { readonly line: number; readonly reason: string }> {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  /** The previous character closed a quoted section: `""` inside quotes or the end of the field. */
  let quoteJustClosed = false;
  let line = 1;
  let recordLine = 1;
  let pendingCarriageReturn = false;

  for await (const chunkValue of chunks) {
    const chunk = String(chunkValue);
    let runStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (inQuotes) {
        if (char === '"') {
          field += chunk.slice(runStart, i);
          inQuotes = false;
          quoteJustClosed = true;
        } else if (char === '\n') {
          line += 1;
        }
        continue;
      }
      if (char === '"') {
        if (quoteJustClosed) field += '"'; // "" inside a quoted field is one quote
        inQuotes = true;
        quoteJustClosed = false;
        runStart = i + 1;
        continue;
      }
      quoteJustClosed = false;
      if (char === ',') {
        fields.push(field);
        field = '';
      } else if (char === '\r') {
        pendingCarriageReturn = true;
        continue;
      } else if (char === '\n') {
        fields.push(field);
        yield { line: recordLine, fields };
        fields = [];
        field = '';
        line += 1;
        recordLine = line;
      } else {
        if (pendingCarriageReturn) field += '\r';
        field += char;
      }
      pendingCarriageReturn = false;
    }
    if (inQuotes) field += chunk.slice(runStart);
    afterChunk();
  }
  if (inQuotes) {
    yield { line: recordLine, reason: 'a quoted field is never closed (truncated file?)' };
    return;
  }
  if (field.length > 0 || fields.length > 0) {
    fields.push(field);
    yield { line: recordLine, fields };
  }
}
