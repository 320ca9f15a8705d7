/**
 * Scrubs secrets out of anything about to be logged.
 *
 * Field-path redaction (pino's `redact`) only catches secrets in known places; an error message
 * or a URL can carry a SAS token or a connection string anywhere. So every string that reaches the
 * log is also passed through these patterns, and every key that names a secret is blanked.
 */

export const REDACTED = '[REDACTED]';

const SECRET_PATTERNS: readonly RegExp[] = [
  /Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi,
  /SharedAccessSignature\s+[^"'\s]+(?:\s+[^"'\s]*(?:sig|se|skn)=[^"'\s]*)*/gi,
  /([?&;]sig=)[^&"'\s;]+/gi,
  /((?:AccountKey|SharedAccessKey|SharedAccessSignature|ClientSecret|Password)=)[^;"'\s]+/gi,
  /([?&]code=)[^&"'\s]+/gi,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g,
];

const SECRET_KEYS =
  /^(authorization|password|secret|clientsecret|apppassword|microsoftapppassword|accountkey|sharedaccesskey|token|access_token|x-alert-secret|cookie|set-cookie)$/i;

/** Replace every recognised secret in `text` with a marker. */
export function redactText(text: string, extraSecrets: readonly string[] = []): string {
  let result = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    result = result.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return result;
}

/** Deep copy of `value` with secret-looking keys blanked and secret patterns removed from strings. */
export function redactValue(value: unknown, extraSecrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, extraSecrets);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactText(value.message, extraSecrets),
      stack: value.stack ? redactText(value.stack, extraSecrets) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, extraSecrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEYS.test(key) ? REDACTED : redactValue(item, extraSecrets, depth + 1);
  }
  return copy;
}
