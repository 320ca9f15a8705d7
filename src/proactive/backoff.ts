/**
 * Delay before retry number `attempt` (1-based). With the channel's Retry-After: that long plus
 * a little jitter (never sooner). Without: exponential back-off from `baseInMs` with jitter
 * ("equal jitter": half fixed, half random), capped. `random` is injectable for tests.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  options: { readonly baseInMs?: number; readonly maxInMs?: number; readonly random?: () => number } = {},
): number {
  const random = options.random ?? Math.random;
  if (retryAfterMs !== undefined) return Math.round(retryAfterMs + 250 * random());
  const base = options.baseInMs ?? 1_000;
  const exponential = Math.min(options.maxInMs ?? 60_000, base * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
