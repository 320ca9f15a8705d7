/**
 * Streams the records of a JSON log file without holding the file in memory.
 *
 * Three layouts occur in practice:
 *  - one JSON object per line (diagnostic-settings archives today, `--format rows` output);
 *  - a JSON array of objects (portal / `az monitor log-analytics query` exports), possibly pretty-printed;
 *  - `{"records":[...]}` (older diagnostic-settings archives), possibly on one huge line.
 *
 * Line-per-record files are read line by line so that one broken line costs one record. The other
 * layouts go through a small scanner that tracks brackets and strings and hands each element of
 * the record array to JSON.parse on its own, so memory stays at one record regardless of file size.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ParsedItem } from './parsed-item';

const DETECTION_PEEK_BYTES = 64 * 1024;
/** A root value longer than this while looking for `"records":` is not a wrapper prefix we can still recognize. */
const WRAPPER_KEY_TAIL_CHARS = 64;

export type JsonLayout = 'lines' | 'document';

/**
 * Line-per-record when the first non-blank line is itself an object on one line; a document
 * otherwise (starts with `[`, a `{"records"` wrapper, or a pretty-printed object whose first line is `{`).
 */
export async function detectJsonLayout(filePath: string): Promise<JsonLayout> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(DETECTION_PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, DETECTION_PEEK_BYTES, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const firstLine =
      head
        .split('\n')
        .find((line) => line.trim().length > 0)
        ?.trim() ?? '';
    if (firstLine.startsWith('[')) return 'document';
    if (/^\{\s*"records"\s*:/.test(firstLine)) return 'document';
    if (firstLine === '{') return 'document';
    return 'lines';
  } finally {
    await handle.close();
  }
}

/** Yields every record of the file, and every malformed part with its line, in file order. */
export async function* readJsonRecords(
  filePath: string,
  onBytesRead: (bytesRead: number) => void = () => undefined,
): AsyncGenerator<ParsedItem> {
  const layout = await detectJsonLayout(filePath);
  const stream = createReadStream(filePath, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  if (layout === 'lines') yield* readLines(stream, onBytesRead);
  else yield* scanDocument(stream, onBytesRead);
}

async function* readLines(
  stream: ReadStream,
  onBytesRead: (bytesRead: number) => void,
): AsyncGenerator<ParsedItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const rawLine of lines) {
    lineNumber += 1;
    if (lineNumber % 1000 === 0) onBytesRead(stream.bytesRead);
    const line = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (line.trim().length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield { kind: 'malformed', line: lineNumber, reason: `not valid JSON (${describe(error)})` };
      continue;
    }
    const wrapped = recordsOfWrapper(value);
    if (wrapped) {
      for (const record of wrapped) yield { kind: 'record', line: lineNumber, value: record };
    } else {
      yield { kind: 'record', line: lineNumber, value };
    }
  }
  onBytesRead(stream.bytesRead);
}

/** `{"records":[...]}` on one line of a line-per-record file: its records, else undefined. */
function recordsOfWrapper(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const records = (value as Record<string, unknown>)['records'];
  return Array.isArray(records) ? records : undefined;
}

/**
 * Scans a JSON document and yields the elements of its record array one by one.
 *
 * ```
 * [ {..}, {..} ]                 record array = the root array            (records at depth 1)
 * { "records": [ {..}, {..} ] }  record array = the root's "records" key  (records at depth 2)
 * {..} {..}                      each root object is a record              (records at depth 0)
 * ```
 */
async function* scanDocument(
  stream: ReadStream,
  onBytesRead: (bytesRead: number) => void,
): AsyncGenerator<ParsedItem> {
  const stack: string[] = [];
  let recordDepth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let capturing = false;
  let captureDepth = 0;
  let captureLine = 0;
  let captureParts: string[] = [];
  let skippingNonObject = false;
  let first = true;

  for await (const chunkValue of stream) {
    let chunk = String(chunkValue);
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    let captureFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (char === '\n') line += 1;
      if (inString) {
        if (escaped) escaped = false;
        else if (char === '\\') escaped = true;
        else if (char === '"') inString = false;
        continue;
      }
      if (char === ' ' || char === '\n' || char === '\r' || char === '\t') continue;
      const atRecordPosition = !capturing && stack.length === recordDepth;
      if (atRecordPosition && char !== ',' && char !== ']' && char !== '}') {
        if (char === '{') {
          capturing = true;
          captureDepth = stack.length;
          captureLine = line;
          captureParts = [];
          captureFrom = i;
        } else if (char === '[' && recordDepth === 0) {
          // The root is an array: its elements are the records.
          stack.push('[');
          recordDepth = 1;
          continue;
        } else if (!skippingNonObject) {
          skippingNonObject = true;
          yield { kind: 'malformed', line, reason: `expected a JSON object, found ${JSON.stringify(char)}` };
        }
      }
      if (char === '"') {
        inString = true;
        continue;
      }
      if (char === ',') {
        if (stack.length === recordDepth) skippingNonObject = false;
        continue;
      }
      if (char === '{' || char === '[') {
        if (char === '[' && capturing && captureDepth === 0 && stack.length === 1 && recordDepth === 0) {
          const soFar = captureParts.join('') + chunk.slice(captureFrom, i);
          if (/"records"\s*:\s*$/.test(soFar.slice(-WRAPPER_KEY_TAIL_CHARS))) {
            // A {"records":[...]} wrapper: stop capturing the root, its array holds the records.
            capturing = false;
            captureParts = [];
            stack.push('[');
            recordDepth = 2;
            continue;
          }
        }
        stack.push(char);
        continue;
      }
      if (char === '}' || char === ']') {
        const open = stack.pop();
        if (open === undefined || (open === '{') !== (char === '}')) {
          yield {
            kind: 'malformed',
            line,
            reason: `unexpected ${JSON.stringify(char)}; the rest of the file is skipped`,
          };
          return;
        }
        if (stack.length < recordDepth) {
          // The record array closed; anything after it at root level is scanned as root records.
          recordDepth = stack.length === 0 ? 0 : recordDepth;
          skippingNonObject = false;
          continue;
        }
        if (capturing && stack.length === captureDepth) {
          captureParts.push(chunk.slice(captureFrom, i + 1));
          capturing = false;
          yield parseCaptured(captureParts.join(''), captureLine);
          captureParts = [];
        }
      }
    }
    if (capturing) captureParts.push(chunk.slice(captureFrom));
    onBytesRead(stream.bytesRead);
  }
  if (capturing || stack.length > 0 || inString) {
    yield {
      kind: 'malformed',
      line: capturing ? captureLine : line,
      reason: 'the file ends inside an unclosed JSON value (truncated file?)',
    };
  }
}

function parseCaptured(text: string, line: number): ParsedItem {
  try {
    return { kind: 'record', line, value: JSON.parse(text) };
  } catch (error) {
    return { kind: 'malformed', line, reason: `not valid JSON (${describe(error)})` };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
