/**
 * Time for the outbox: what time it is and how to wait. Injected so tests run on a virtual clock
 * (a sleep advances it instantly) instead of waiting on the wall clock.
 */
export interface Scheduler {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref()),
};
