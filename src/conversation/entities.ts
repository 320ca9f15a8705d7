/**
 * The things a question is about: a device id (quoted, after "device" / "장치", before "장치", or
 * bare when it looks like an id), an IoT hub, a DPS, a registration id, an error code. Ids are
 * checked with the same rules the KQL literal gate applies (kql-literal.ts), so an id the
 * recognizer accepts is an id a query can embed, and an id the user clearly meant but mistyped
 * gets a message naming the allowed characters instead of a silent "not understood".
 */
import { InvalidIdentifierError, isValidIdentifier, type IdentifierKind } from '../diagnosis/kql-literal';

/** The entities, and the text with them blanked out (so their words don't trigger a verb). */
export interface ExtractedEntities {
  readonly entities: Entities;
  readonly rest: string;
}

export interface Entities {
  readonly deviceId?: string;
  readonly hub?: string;
  readonly dps?: string;
  readonly registrationId?: string;
  /** A 6-digit IoT Hub / DPS code, or `dps 401` style. */
  readonly code?: string;
  /** "it", "that device", "그 장치": the device of the previous question. */
  readonly pronoun: boolean;
  /** An id the user plainly named (quoted or after a keyword) that breaks the rules. */
  readonly invalid?: InvalidIdentifierError;
}

/** Words that follow "device" / "hub" / "dps" in a sentence without being a name. */
const NOT_A_NAME = new Set([
  'a',
  'an',
  'and',
  'any',
  'are',
  'attempts',
  'been',
  'between',
  'by',
  'connect',
  'connected',
  'connecting',
  'connection',
  'connections',
  'did',
  'disconnect',
  'disconnected',
  'disconnecting',
  'disconnects',
  'do',
  'does',
  'drop',
  'dropped',
  'dropping',
  'drops',
  'enrollment',
  'enrollments',
  'error',
  'errors',
  'fail',
  'failed',
  'failing',
  'failures',
  'for',
  'from',
  'go',
  'had',
  'has',
  'have',
  'health',
  'id',
  'ids',
  'in',
  'is',
  'it',
  'keep',
  'keeps',
  'kept',
  'last',
  'logs',
  'metrics',
  'named',
  'of',
  'offline',
  'on',
  'online',
  'over',
  'provisioning',
  'registration',
  'registrations',
  'side',
  'since',
  'status',
  'stopped',
  'summary',
  'that',
  'the',
  'this',
  'to',
  'was',
  'went',
  'which',
  'with',
]);

/** Tokens that look like ids (letters with digits or dashes) but are ordinary words here. */
const NOT_AN_ID = new Set([
  'iot-hub',
  'x509',
  'x.509',
  'e.g.',
  'i.e.',
  'etc.',
  'sas-token',
  'top-10',
  'top10',
  'utc+9',
]);

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
const QUOTE_PAIRS: Readonly<Record<string, string>> = {
  '"': '"',
  '“': '”',
  "'": "'",
  '‘': '’',
  '`': '`',
  '「': '」',
};

/** The ASCII part of a token before any Korean particle ("thermostat-0042가" → "thermostat-0042"), without trailing punctuation. */
function cleanToken(token: string): string {
  const hangulAt = token.search(HANGUL);
  const ascii = hangulAt >= 0 ? token.slice(0, hangulAt) : token;
  return ascii.replace(/^[([<]+/, '').replace(/[?!.,;:)\]>]+$/, '');
}

interface Found {
  readonly value: string;
  readonly span: readonly [number, number];
}

/** The name after a keyword (`device X`, `hub: X`), skipping sentence words. */
function afterKeyword(text: string, keyword: RegExp): Found | undefined {
  const pattern = new RegExp(
    `(?:^|[^a-z0-9-])(?:${keyword.source})(?![a-z])\\s*(?:(?:id|name|아이디|이름)(?![a-z]))?\\s*[:=]?\\s*(\\S+)`,
    'gi',
  );
  for (const match of text.matchAll(pattern)) {
    const raw = match[1] ?? '';
    const value = cleanToken(raw);
    if (value === '' || NOT_A_NAME.has(value.toLowerCase())) continue;
    const start = (match.index ?? 0) + match[0].length - raw.length;
    return { value, span: [start, start + raw.length] };
  }
  return undefined;
}

function quoted(text: string): Found | undefined {
  const pattern = /(?:^|[\s(:=])(["“'‘`「])(.+?)(["”'’`」])(?=$|[\s?!.,)]|[\uac00-\ud7af])/g;
  for (const match of text.matchAll(pattern)) {
    const [, open, value, close] = match;
    if (!open || value === undefined || QUOTE_PAIRS[open] !== close) continue;
    const start = (match.index ?? 0) + match[0].length - value.length - 2;
    return { value, span: [start, start + value.length + 2] };
  }
  return undefined;
}

function blank(text: string, span: readonly [number, number]): string {
  return text.slice(0, span[0]) + ' '.repeat(span[1] - span[0]) + text.slice(span[1]);
}

/** Looks like a device id when bare: valid, has a letter, and a digit or a separator. */
function looksLikeDeviceId(token: string): boolean {
  return (
    isValidIdentifier('device-id', token) &&
    /[A-Za-z]/.test(token) &&
    /[0-9\-_.:]/.test(token) &&
    !NOT_AN_ID.has(token.toLowerCase()) &&
    !/^\d+[a-z]{1,3}$/i.test(token) // 24h, 7d, 9am
  );
}

/** A named resource after its keyword, or a bare token that names its kind (`contoso-fleet-hub`). */
function resourceName(
  text: string,
  kind: Extract<IdentifierKind, 'hub-name' | 'dps-name'>,
  keyword: RegExp,
  marker: RegExp,
): { found?: Found; invalid?: InvalidIdentifierError } {
  const named = afterKeyword(text, keyword);
  if (named) {
    // "hub eror" is a typo of a command, "hub contoso-fleet-hub" a name: names have a dash, a digit or capitals.
    if (isValidIdentifier(kind, named.value) && /[-0-9A-Z]/.test(named.value)) return { found: named };
    // "is the hub ok": a short sentence word is not a name; something with name-ish characters is.
    if (/[0-9\-_.]/.test(named.value)) return { invalid: new InvalidIdentifierError(kind, named.value) };
  }
  for (const match of text.matchAll(/\S+/g)) {
    const value = cleanToken(match[0]);
    if (marker.test(value) && value.includes('-') && isValidIdentifier(kind, value)) {
      const start = match.index ?? 0;
      return { found: { value, span: [start, start + match[0].length] } };
    }
  }
  return {};
}

/**
 * Finds the entities in `input` (window phrases already blanked out by the caller).
 */
export function extractEntities(input: string): ExtractedEntities {
  let text = input;
  let invalid: InvalidIdentifierError | undefined;

  const registration = afterKeyword(text, /registration(?:\s*id)?|reg\s*id|등록\s*(?:id|아이디)/);
  let registrationId: string | undefined;
  if (registration) {
    if (isValidIdentifier('registration-id', registration.value)) registrationId = registration.value;
    else invalid ??= new InvalidIdentifierError('registration-id', registration.value);
    text = blank(text, registration.span);
  }

  const hub = resourceName(text, 'hub-name', /iot\s*hub|iothub|hub|허브/, /hub/i);
  if (hub.found) text = blank(text, hub.found.span);
  invalid ??= hub.invalid;
  const dps = resourceName(text, 'dps-name', /dps|프로비저닝\s*서비스/, /dps/i);
  if (dps.found) text = blank(text, dps.found.span);
  invalid ??= dps.invalid;

  let deviceId: string | undefined;
  const explicit = quoted(text) ?? afterKeyword(text, /device|dev|장치|디바이스|기기|단말/);
  if (explicit) {
    if (isValidIdentifier('device-id', explicit.value)) deviceId = explicit.value;
    else invalid ??= new InvalidIdentifierError('device-id', explicit.value);
    text = blank(text, explicit.span);
  }
  if (deviceId === undefined && !invalid) {
    // "thermostat-0042 장치": Korean puts the name before the noun.
    const before = /(\S+)\s*(?:장치|디바이스|기기|단말)/.exec(text);
    const value = before ? cleanToken(before[1] ?? '') : '';
    if (before && value !== '' && !HANGUL.test(before[1]?.slice(0, 1) ?? '')) {
      if (isValidIdentifier('device-id', value)) deviceId = value;
      else invalid = new InvalidIdentifierError('device-id', value);
      text = blank(text, [before.index, before.index + (before[1]?.length ?? 0)]);
    }
  }
  if (deviceId === undefined && !invalid) {
    for (const match of text.matchAll(/\S+/g)) {
      const value = cleanToken(match[0]);
      if (looksLikeDeviceId(value)) {
        deviceId = value;
        const start = match.index ?? 0;
        text = blank(text, [start, start + match[0].length]);
        break;
      }
    }
  }

  const code = /(?:^|\D)(\d{6})(?!\d)/.exec(input)?.[1] ?? /\b(dps\s*:?\s*\d{3})(?!\d)/i.exec(input)?.[1];
  const pronoun =
    /\b(it|its|that device|this device|the device|that one|same device)\b/i.test(input) ||
    /(그|이|해당|같은)\s*(장치|기기|디바이스)/.test(input);

  const entities: Entities = {
    ...(deviceId !== undefined ? { deviceId } : {}),
    ...(hub.found ? { hub: hub.found.value } : {}),
    ...(dps.found ? { dps: dps.found.value } : {}),
    ...(registrationId !== undefined ? { registrationId } : {}),
    ...(code !== undefined ? { code } : {}),
    pronoun,
    ...(invalid ? { invalid } : {}),
  };
  return { entities, rest: text };
}
