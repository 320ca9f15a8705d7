import { MemoryStore } from '../../src/storage/memory-store';
import { WorkQueue } from '../../src/storage/work-queue';

describe('WorkQueue (durable jobs, claimed with eTags)', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('hands a job to exactly one of two workers claiming at once', async () => {
    const store = new MemoryStore();
    const queue = new WorkQueue<{ n: number }>(store, { name: 'q', now: clock });
    await queue.enqueue('a', { n: 1 });
    const [first, second] = await Promise.all([queue.claimNext('w1'), queue.claimNext('w2')]);
    expect([first, second].filter((c) => c !== undefined)).toHaveLength(1);
  });

  it('enqueueing an id twice keeps one job', async () => {
    const queue = new WorkQueue<{ n: number }>(new MemoryStore(), { name: 'q', now: clock });
    expect(await queue.enqueue('a', { n: 1 })).toBe(true);
    expect(await queue.enqueue('a', { n: 2 })).toBe(false);
    expect(await queue.pendingIds()).toEqual(['a']);
  });

  it('gives a job whose worker died to another worker once the lease ran out', async () => {
    const store = new MemoryStore();
    const queue = new WorkQueue<{ n: number }>(store, { name: 'q', now: clock, leaseInMs: 30_000 });
    await queue.enqueue('a', { n: 1 });
    expect(await queue.claimNext('dead-worker')).toBeDefined();
    expect(await queue.claimNext('w2')).toBeUndefined();
    now += 30_001;
    const taken = await queue.claimNext('w2');
    expect(taken?.job.claimedBy).toBe('w2');
    await queue.complete(taken!.job, 'w2');
    expect(await queue.pendingIds()).toEqual([]);
  });

  it('holds a released job until its notBefore, counting the attempt', async () => {
    const queue = new WorkQueue<{ n: number }>(new MemoryStore(), { name: 'q', now: clock });
    await queue.enqueue('a', { n: 1 });
    const claimed = await queue.claimNext('w1');
    await queue.release(claimed!.job, 'w1', now + 5_000);
    expect(await queue.claimNext('w1')).toBeUndefined();
    expect(await queue.nextDueAt()).toBe(now + 5_000);
    now += 5_000;
    expect((await queue.claimNext('w1'))?.job.attempts).toBe(1);
  });

  it('runs a job again when it was enqueued while being worked on', async () => {
    const queue = new WorkQueue<{ n: number }>(new MemoryStore(), { name: 'q', now: clock });
    await queue.enqueue('a', { n: 1 });
    const claimed = await queue.claimNext('w1');
    await queue.enqueue('a', { n: 2 });
    await queue.complete(claimed!.job, 'w1');
    const again = await queue.claimNext('w1');
    expect(again?.job.payload).toEqual({ n: 2 });
  });

  it('does not let a worker complete a job another worker has taken over', async () => {
    const queue = new WorkQueue<{ n: number }>(new MemoryStore(), { name: 'q', now: clock, leaseInMs: 10 });
    await queue.enqueue('a', { n: 1 });
    const slow = await queue.claimNext('slow');
    now += 11;
    await queue.claimNext('fast');
    await queue.complete(slow!.job, 'slow');
    expect(await queue.pendingIds()).toEqual(['a']);
  });
});
