import type { Scheduler, Timer } from '../../src/proactive/scheduler';

interface PendingTimer {
  readonly delayInMs: number;
  readonly fire: () => void;
  cancelled: boolean;
}

/** Timers that only go off when a test says so: the slow-answer path without sleeping. */
export class ManualScheduler implements Pick<Scheduler, 'after'> {
  private readonly timers: PendingTimer[] = [];

  after(delayInMs: number): Timer {
    let fire: () => void = () => undefined;
    const elapsed = new Promise<void>((resolve) => (fire = resolve));
    const timer: PendingTimer = { delayInMs, fire, cancelled: false };
    this.timers.push(timer);
    return { elapsed, cancel: () => void (timer.cancelled = true) };
  }

  /** Delays of the timers still waiting, oldest first. */
  get waiting(): number[] {
    return this.timers.filter((t) => !t.cancelled).map((t) => t.delayInMs);
  }

  /** Fires the oldest live timer of this delay; fails the test when there is none. */
  fire(delayInMs: number): void {
    const index = this.timers.findIndex((t) => !t.cancelled && t.delayInMs === delayInMs);
    if (index < 0)
      throw new Error(`no ${delayInMs} ms timer is waiting (waiting: ${this.waiting.join(', ')})`);
    const [timer] = this.timers.splice(index, 1);
    timer?.fire();
  }
}

/** Lets queued promise callbacks and I/O run until `condition` holds (no wall-clock waiting). */
export async function eventually(condition: () => boolean, rounds = 5000): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not reached');
}
