import { familyOf } from './load-catalog';
import type { CodeEntry, CodeFamily, CodeSource } from './schema';

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
  const digits = /^(\d{3}|\d{6})\b/.exec(rest);
  if (digits) return { source, code: digits[1], name: undefined };
  if (/^\d/.test(rest)) return { source, code: undefined, name: undefined };
  return { source, code: undefined, name: rest.length > 0 ? rest : undefined };
}

/**
 * The service a code belongs to when the query did not say: six digits are IoT Hub (DPS 6-digit
 * detail codes such as 404201 are only found when IoT Hub has no such code), three digits are a
 * DPS HTTP status (IoT Hub has no 3-digit codes).
 */
function servicesToTry(query: CodeQuery): readonly CodeSource[] {
  if (query.source !== undefined) return [query.source];
  return query.code !== undefined && query.code.length === 3 ? ['dps'] : ['iothub', 'dps'];
}

/** Finds the code entry an `explain` query names exactly, or `undefined` when none matches. */
export function findCodeEntry(codes: readonly CodeEntry[], text: string): CodeEntry | undefined {
  const query = parseCodeQuery(text);
  if (query.code === undefined && query.name === undefined) return undefined;
  for (const source of servicesToTry(query)) {
    const entry = codes.find(
      (candidate) =>
        candidate.source === source &&
        (query.code !== undefined
          ? candidate.code === query.code
          : candidate.name.toLowerCase() === query.name),
    );
    if (entry) return entry;
  }
  return undefined;
}

/**
 * The explanation of a code the catalog does not list one by one, from its own service and family:
 * an IoT Hub code from its family (404999 → 404xxx NotFound errors), a DPS detail code or an
 * unlisted status from its HTTP status (dps 404203 → 404, dps 503 → 500). Never across services:
 * a 6-digit code without `dps` before it is IoT Hub, so 404103 never gets a DPS meaning.
 */
export function findCodeFamily(
  codes: readonly CodeEntry[],
  families: readonly CodeFamily[],
  text: string,
): CodeEntry | undefined {
  const query = parseCodeQuery(text);
  const code = query.code;
  if (code === undefined) return undefined;
  const source: CodeSource = query.source ?? (code.length === 3 ? 'dps' : 'iothub');
  if (source === 'iothub') {
    const family = code.length === 6 ? familyOf(families, code) : undefined;
    if (!family) return undefined;
    return {
      code,
      source,
      name: family.name,
      family: `${family.prefix}${'x'.repeat(6 - family.prefix.length)}`,
      match: 'family',
      findingIds: family.findingIds ?? [],
      text: family.text,
    };
  }
  const status = code.slice(0, 3);
  const entry =
    codes.find((candidate) => candidate.source === 'dps' && candidate.code === status) ??
    (status.startsWith('5')
      ? codes.find((candidate) => candidate.source === 'dps' && candidate.code === '500')
      : undefined);
  return entry ? { ...entry, code, match: 'family' } : undefined;
}
