/**
 * Reads how long a throttled caller should wait, from the headers Azure services send.
 *
 * Log Analytics answers 429 with `Retry-After` in seconds; other Azure front doors send an HTTP
 * date or the millisecond variants. The SDK's own retry policy reads the same headers, so we agree
 * with it about when "later" is.
 */
export function parseRetryAfterInMs(
  headers: { get(name: string): string | undefined },
  nowInMs: number,
): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const milliseconds = parseNonNegativeNumber(headers.get(name));
    if (milliseconds !== undefined) return milliseconds;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === undefined) return undefined;
  const seconds = parseNonNegativeNumber(retryAfter);
  if (seconds !== undefined) return seconds * 1000;
  // An HTTP date starts with the day name; anything else (e.g. "-3") is not one.
  if (!/^[A-Za-z]/.test(retryAfter.trim())) return undefined;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - nowInMs) : undefined;
}

function parseNonNegativeNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
