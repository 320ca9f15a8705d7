import type { CodeEntry, CodeSource } from './schema';

interface CodeQuery {
  readonly source: CodeSource | undefined;
  /** Digits when the query names a code, otherwise the lower-cased error name. */
  readonly code: string | undefined;
  readonly name: string | undefined;
}

const sourcePrefix = /^(dps|iot\s*hub|iothub|hub)\b[\s:/_-]*|^(dps)(?=\d)/;

/**
 * Reads what an engineer types after `explain`: `401003`, ` 401003 `, `IoTHubUnauthorized`,
 * `dps 401`, `DPS:404201`, `iothub 404104`, or a code followed by its name as the
 * logs print it (`401003 IoTHubUnauthorized`).
 */
function parseCodeQuery(text: string): CodeQuery {
  let rest = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let source: CodeSource | undefined;
  const prefix = sourcePrefix.exec(rest);
  if (prefix) {
    source = prefix[0].startsWith('dps') ? 'dps' : 'iothub';
    rest = rest.slice(prefix[0].length).trim();
  }
  const digits = /^(\d{3,6})\b/.exec(rest);
  if (digits) return { source, code: digits[1], name: undefined };
  return { source, code: undefined, name: rest.length > 0 ? rest : undefined };
}

/** Finds the code entry an `explain` query means, or `undefined` when none matches. */
export function findCodeEntry(codes: readonly CodeEntry[], text: string): CodeEntry | undefined {
  const query = parseCodeQuery(text);
  return codes.find(
    (entry) =>
      (query.source === undefined || entry.source === query.source) &&
      (query.code !== undefined ? entry.code === query.code : entry.name.toLowerCase() === query.name),
  );
}
