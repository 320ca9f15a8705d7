import type { Job, WorkQueue } from './work-queue';

/** Time as the runner sees it; tests pass a virtual clock whose sleep returns at once. */
export interface RunnerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface JobRunnerOptions<P> {
  readonly queue: WorkQueue<P>;
  readonly workerId: string;
  readonly clock: RunnerClock;
  /** Does the job; must complete, release or discard it. Errors are reported and the job retried after its lease. */
  readonly handle: (job: Job<P>) => Promise<void>;
  readonly onError: (error: unknown) => void;
  /** How often an idle runner looks for due work (retries, other instances' expired claims). */
  readonly pollInMs?: number;
}

/**
 * The loop around a WorkQueue: claim, handle, repeat; when idle, wait for a kick (new work
 * here) or the poll interval (work from elsewhere, retries coming due).
 */
export class JobRunner<P> {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: JobRunnerOptions<P>) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Stop after the job in hand (if any) is done. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  kick(): void {
    this.wake?.();
  }

  /** Claim and handle one due job; false when none was due. */
  async runOnce(): Promise<boolean> {
    const claimed = await this.options.queue.claimNext(this.options.workerId);
    if (!claimed) return false;
    try {
      await this.options.handle(claimed.job);
    } catch (error) {
      this.options.onError(error);
    }
    return true;
  }

  /** Work until the queue is empty, sleeping on the clock until retries are due (tests, CLI). */
  async drain(): Promise<void> {
    for (;;) {
      if (await this.runOnce()) continue;
      const due = await this.options.queue.nextDueAt();
      if (due === undefined) return;
      await this.options.clock.sleep(Math.max(1, due - this.options.clock.now()));
    }
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (error) {
        this.options.onError(error);
      }
      if (worked || !this.running) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void this.options.clock.sleep(this.options.pollInMs ?? 1_000).then(resolve);
      });
      this.wake = undefined;
    }
  }
}
