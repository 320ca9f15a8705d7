import { createHash, timingSafeEqual } from 'node:crypto';

export type SecretCheck = 'ok' | 'missing' | 'wrong';

/**
 * The action group's shared secret, from `?code=` (a plain webhook can carry it nowhere else) or
 * the `x-alert-secret` header. Compared in constant time over SHA-256 digests, so neither the
 * content nor the length of the expected secret leaks through timing.
 *
 * Entra ID "secure webhook" bearer tokens are not validated here yet (hardening issue 7).
 */
export function checkAlertSecret(
  expected: string,
  presented: { readonly query?: string | undefined; readonly header?: string | undefined },
): SecretCheck {
  const candidates = [presented.query, presented.header].filter(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
  if (candidates.length === 0) return 'missing';
  const want = digest(expected);
  // Check every candidate (no early exit) so timing does not tell which one was tried.
  let matched = false;
  for (const candidate of candidates) matched = timingSafeEqual(digest(candidate), want) || matched;
  return matched ? 'ok' : 'wrong';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
