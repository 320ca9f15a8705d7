/**
 * The one clock-and-timers abstraction: what time it is, how to wait (the outbox, the alert
 * worker) and timers that can be cancelled (the bot's "post a placeholder after 3 s", "give up
 * after 12 s"). Injected so tests run on a virtual clock or fire timers by hand instead of
 * sleeping. Each consumer takes the part it uses (`Pick<Scheduler, …>`), so a test fakes only that.
 */
import type { RunnerClock } from '../storage/job-runner';

export interface Timer {
  /** Resolves when the time is up; never rejects. */
  readonly elapsed: Promise<void>;
  cancel(): void;
}

export interface Scheduler extends RunnerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  after(delayInMs: number): Timer;
}

/** The wall clock and setTimeout, unref'd so a pending timer never keeps the process alive. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref()),
  after(delayInMs) {
    let handle: NodeJS.Timeout | undefined;
    const elapsed = new Promise<void>((resolve) => {
      handle = setTimeout(resolve, delayInMs);
      handle.unref();
    });
    return { elapsed, cancel: () => clearTimeout(handle) };
  },
};
