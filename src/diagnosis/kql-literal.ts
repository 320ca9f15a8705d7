/**
 * The ONE gate through which untrusted text (a device id typed in chat, a hub name from an alert)
 * enters KQL. Log Analytics has no query parameters, so the text is first checked against the
 * identifier rules of the service it names, then written as a double-quoted Kusto string literal
 * whose only escapes are `\\` and `\"` (limits-and-protocols.md, "KQL literals"). The apostrophe is
 * a legal device-id character, so single-quoted literals are never used for user text.
 */

/** Which identifier rules apply. */
export type IdentifierKind = 'device-id' | 'registration-id' | 'hub-name' | 'dps-name';

interface IdentifierRule {
  readonly label: string;
  readonly pattern: RegExp;
  readonly allowed: string;
}

const RULES: Readonly<Record<IdentifierKind, IdentifierRule>> = {
  'device-id': {
    label: 'device id',
    pattern: /^[A-Za-z0-9\-:.+%_#*?!(),=@;$']{1,128}$/,
    allowed:
      "1 to 128 characters: ASCII letters, digits and - : . + % _ # * ? ! ( ) , = @ ; $ ' (case-sensitive)",
  },
  'registration-id': {
    label: 'DPS registration id',
    pattern: /^[A-Za-z0-9\-._:]{1,128}$/,
    allowed: '1 to 128 characters: ASCII letters, digits and - . _ :',
  },
  'hub-name': {
    label: 'IoT hub name',
    pattern: /^[A-Za-z0-9-]{3,50}$/,
    allowed: '3 to 50 characters: ASCII letters, digits and hyphens',
  },
  'dps-name': {
    label: 'DPS name',
    pattern: /^[A-Za-z0-9-]{3,64}$/,
    allowed: '3 to 64 characters: ASCII letters, digits and hyphens',
  },
};

/**
 * A user typed an identifier the service would never accept. The message is safe to show as is:
 * it repeats at most 40 characters of the (printable ASCII part of the) input and names the
 * allowed characters, so the user can fix the typo.
 */
export class InvalidIdentifierError extends Error {
  override readonly name = 'InvalidIdentifierError';
  constructor(
    readonly kind: IdentifierKind,
    readonly input: string,
  ) {
    const rule = RULES[kind];
    super(`"${printable(input)}" is not a valid ${rule.label}. A ${rule.label} has ${rule.allowed}.`);
  }
}

function printable(input: string): string {
  const shown = input.replace(/[^\x20-\x7e]/g, '?');
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}

/** Whether `text` satisfies the rules for `kind` (no exception; for recognizers and suggestions). */
export function isValidIdentifier(kind: IdentifierKind, text: string): boolean {
  return RULES[kind].pattern.test(text);
}

/**
 * Validates `text` as an identifier of `kind` and returns it as a KQL string literal whose value is
 * exactly `text`, e.g. `"door-sensor'b"`.
 *
 * @throws InvalidIdentifierError when `text` breaks the identifier rules (user-facing).
 */
export function kqlIdentifierLiteral(kind: IdentifierKind, text: string): string {
  if (!isValidIdentifier(kind, text)) throw new InvalidIdentifierError(kind, text);
  return `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}
