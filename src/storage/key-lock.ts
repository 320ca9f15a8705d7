/**
 * Serializes async work per key inside one process, so a check-eTag-then-write is atomic with
 * respect to other writers in the same process.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>();

  async with<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Locks several keys in a fixed order (so two multi-key writes cannot deadlock). */
  async withAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const run = (index: number): Promise<T> =>
      index >= sorted.length ? work() : this.with(sorted[index] as string, () => run(index + 1));
    return run(0);
  }
}
