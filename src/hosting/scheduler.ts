/**
 * Timers the bot waits on ("post a placeholder after 3 s", "give up after 12 s"), behind an
 * interface so tests fire them by hand instead of sleeping.
 */
export interface Timer {
  /** Resolves when the time is up; never rejects. */
  readonly elapsed: Promise<void>;
  cancel(): void;
}

export interface Scheduler {
  after(delayInMs: number): Timer;
}

/** setTimeout, unref'd so a pending timer never keeps the process alive. */
export const systemScheduler: Scheduler = {
  after(delayInMs) {
    let handle: NodeJS.Timeout | undefined;
    const elapsed = new Promise<void>((resolve) => {
      handle = setTimeout(resolve, delayInMs);
      handle.unref();
    });
    return { elapsed, cancel: () => clearTimeout(handle) };
  },
};
