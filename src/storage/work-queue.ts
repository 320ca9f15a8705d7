import { IF_ABSENT, StorageConflictError, type KeyValueStore, type StoreItem } from './store';
import { updateItem, withoutETag } from './update-item';

/**
 * A durable job queue on a KeyValueStore, safe for several processes sharing one store.
 *
 *   enqueue ──▶ job/<id> (create-only) + id in the queue's index
 *   claim   ──▶ write {claimedBy, leaseUntil} with the job's eTag: one claimer wins
 *   complete──▶ delete job, drop id from the index      release ──▶ pending again, notBefore later
 *
 * A job whose claimer died (lease expired) is claimable again, which is what delivers an accepted
 * alert after a restart. Enqueueing an id that is already queued does nothing, or, when the job
 * is being worked on, marks it to run once more afterwards (so the latest state is always sent).
 */
export interface Job<P> {
  readonly id: string;
  readonly payload: P;
  readonly attempts: number;
  /** Epoch ms before which the job is not handed out (back-off, Retry-After). */
  readonly notBefore: number;
  readonly claimedBy?: string;
  readonly leaseUntil?: number;
  /** Enqueued again while claimed: run again after this run completes. */
  readonly rerun?: boolean;
  readonly enqueuedAt: number;
}

interface QueueIndex {
  readonly ids: readonly string[];
}

export interface WorkQueueOptions {
  /** Key prefix; one queue per prefix. */
  readonly name: string;
  readonly now: () => number;
  /** How long a claim holds before another worker may take the job over. */
  readonly leaseInMs?: number;
}

export class WorkQueue<P> {
  private readonly leaseInMs: number;

  constructor(
    private readonly store: KeyValueStore,
    private readonly options: WorkQueueOptions,
  ) {
    this.leaseInMs = options.leaseInMs ?? 60_000;
  }

  /** Returns false when the job was already queued (then at most a re-run is requested). */
  async enqueue(id: string, payload: P, options: { readonly notBefore?: number } = {}): Promise<boolean> {
    const now = this.options.now();
    const job: Job<P> = { id, payload, attempts: 0, notBefore: options.notBefore ?? now, enqueuedAt: now };
    let created = true;
    try {
      await this.store.write({ [this.jobKey(id)]: { ...job, eTag: IF_ABSENT } });
    } catch (error) {
      if (!(error instanceof StorageConflictError)) throw error;
      created = false;
      await updateItem<Job<P>>(this.store, this.jobKey(id), (current) =>
        current && current.claimedBy && !current.rerun ? { ...current, rerun: true, payload } : undefined,
      );
    }
    // Always (re)index: a crash between the two writes must not leave a job nobody can find.
    await updateItem<QueueIndex>(this.store, this.indexKey(), (index) =>
      index?.ids.includes(id) ? undefined : { ids: [...(index?.ids ?? []), id] },
    );
    return created;
  }

  /** Claims the first job that is due and not held by a live lease, or returns undefined. */
  async claimNext(
    worker: string,
    accept: (job: Job<P>) => boolean = () => true,
  ): Promise<{ job: Job<P>; eTag: string } | undefined> {
    const index = (await this.store.read([this.indexKey()]))[this.indexKey()] as
      (StoreItem & QueueIndex) | undefined;
    const ids = index?.ids ?? [];
    if (ids.length === 0) return undefined;
    const items = await this.store.read(ids.map((id) => this.jobKey(id)));
    const now = this.options.now();
    const orphans: string[] = [];
    for (const id of ids) {
      const item = items[this.jobKey(id)];
      if (!item) {
        orphans.push(id);
        continue;
      }
      const job = withoutETag<Job<P>>(item);
      const held = job.claimedBy !== undefined && (job.leaseUntil ?? 0) > now;
      if (held || job.notBefore > now || !accept(job)) continue;
      const claimed: Job<P> = { ...job, claimedBy: worker, leaseUntil: now + this.leaseInMs, rerun: false };
      try {
        await this.store.write({ [this.jobKey(id)]: { ...claimed, eTag: item.eTag } });
      } catch (error) {
        if (error instanceof StorageConflictError) continue; // another worker got it first
        throw error;
      }
      const eTag = (await this.store.read([this.jobKey(id)]))[this.jobKey(id)]?.eTag ?? '';
      if (orphans.length > 0) await this.dropFromIndex(orphans);
      return { job: claimed, eTag };
    }
    if (orphans.length > 0) await this.dropFromIndex(orphans);
    return undefined;
  }

  /** The job is done: remove it, unless it was enqueued again while running. */
  async complete(job: Job<P>, worker: string): Promise<void> {
    let removed = false;
    await updateItem<Job<P>>(this.store, this.jobKey(job.id), (current) => {
      if (!current || current.claimedBy !== worker) return undefined;
      if (current.rerun) {
        const { claimedBy: _c, leaseUntil: _l, ...rest } = current;
        return { ...rest, rerun: false, attempts: 0, notBefore: this.options.now() };
      }
      removed = true;
      return undefined;
    });
    if (removed) {
      await this.store.delete([this.jobKey(job.id)]);
      await this.dropFromIndex([job.id]);
    }
  }

  /** Give the job back to run again at `notBefore` (a retry). */
  async release(job: Job<P>, worker: string, notBefore: number): Promise<void> {
    await updateItem<Job<P>>(this.store, this.jobKey(job.id), (current) => {
      if (!current || current.claimedBy !== worker) return undefined;
      const { claimedBy: _c, leaseUntil: _l, ...rest } = current;
      return {
        ...rest,
        attempts: current.attempts + 1,
        notBefore: current.rerun ? this.options.now() : notBefore,
      };
    });
  }

  /** Give up on a job (logged by the caller): it leaves the queue. */
  async discard(job: Job<P>): Promise<void> {
    await this.store.delete([this.jobKey(job.id)]);
    await this.dropFromIndex([job.id]);
  }

  /** Ids in the queue (pending or claimed): for tests, readiness and shutdown. */
  async pendingIds(): Promise<readonly string[]> {
    const index = (await this.store.read([this.indexKey()]))[this.indexKey()] as
      (StoreItem & QueueIndex) | undefined;
    return index?.ids ?? [];
  }

  /** The earliest `notBefore` among waiting jobs, so a worker knows how long it may sleep. */
  async nextDueAt(): Promise<number | undefined> {
    const ids = await this.pendingIds();
    if (ids.length === 0) return undefined;
    const items = await this.store.read(ids.map((id) => this.jobKey(id)));
    const times = Object.values(items).map((item) => {
      const job = withoutETag<Job<P>>(item);
      return job.claimedBy ? (job.leaseUntil ?? 0) : job.notBefore;
    });
    return times.length === 0 ? undefined : Math.min(...times);
  }

  private async dropFromIndex(ids: readonly string[]): Promise<void> {
    await updateItem<QueueIndex>(this.store, this.indexKey(), (index) =>
      index && index.ids.some((id) => ids.includes(id))
        ? { ids: index.ids.filter((id) => !ids.includes(id)) }
        : undefined,
    );
  }

  private jobKey(id: string): string {
    return `${this.options.name}/job/${id}`;
  }

  private indexKey(): string {
    return `${this.options.name}/index`;
  }
}
