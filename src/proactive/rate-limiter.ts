/** One sliding-window limit: at most `count` sends per `windowInMs`. */
export interface RateLimit {
  readonly count: number;
  readonly windowInMs: number;
}

/**
 * Kept under Teams' per-bot, per-conversation limits (7 / 1 s, 8 / 2 s, 60 / 30 s, 1800 / h)
 * with a margin, because other sends of this bot (replies in turns) count too.
 */
export const TEAMS_CONVERSATION_LIMITS: readonly RateLimit[] = [
  { count: 5, windowInMs: 1_000 },
  { count: 6, windowInMs: 2_000 },
  { count: 45, windowInMs: 30_000 },
  { count: 1_500, windowInMs: 3_600_000 },
];

/**
 * Per-conversation sliding windows: `delayFor(key, now)` says how long to wait before the next
 * send there, `record(key, at)` notes a send. In-process: with several instances, each keeps
 * its own count (the margin above absorbs a second instance's occasional send; heavy traffic
 * relies on the 429 handling).
 */
export class ConversationRateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly limits: readonly RateLimit[] = TEAMS_CONVERSATION_LIMITS) {
    this.longest = Math.max(...limits.map((l) => l.windowInMs));
  }

  delayFor(key: string, now: number): number {
    const times = this.sent.get(key) ?? [];
    let wait = 0;
    for (const limit of this.limits) {
      const inWindow = times.filter((t) => t > now - limit.windowInMs);
      if (inWindow.length >= limit.count) {
        // The oldest send that must leave the window before one more fits.
        const blocking = inWindow[inWindow.length - limit.count] as number;
        wait = Math.max(wait, blocking + limit.windowInMs - now);
      }
    }
    return wait;
  }

  record(key: string, at: number): void {
    const times = (this.sent.get(key) ?? []).filter((t) => t > at - this.longest);
    times.push(at);
    this.sent.set(key, times);
  }
}
