import type { Logger } from '../logging/logger';
import { JobRunner } from '../storage/job-runner';
import type { Job, WorkQueue } from '../storage/work-queue';
import { retryDelay } from './backoff';
import type { ConversationDirectory } from './conversation-address';
import type { PostedActivities } from './posted-activities';
import { ConversationRateLimiter } from './rate-limiter';
import type { Scheduler } from './scheduler';
import {
  isGone,
  RETRYABLE_STATUSES,
  SendFailure,
  type OutboundMessage,
  type ProactiveSender,
} from './sender';
import type { Subscriptions } from './subscriptions';

/** What to (re)send: a thread in a conversation, rendered from current state at send time. */
export interface OutboxItem {
  readonly conversationKey: string;
  /** Same thread → same activity: the first send posts, later sends update it. */
  readonly thread: string;
  readonly subject: OutboxSubject;
}

export type OutboxSubject =
  | { readonly kind: 'incident'; readonly incidentId: string }
  | { readonly kind: 'digest'; readonly stormKey: string; readonly rule: string }
  /** A watch notice (live/watches.ts): the stored notice under `noticeKey`, re-rendered on update. */
  | { readonly kind: 'watch'; readonly noticeKey: string };

/**
 * Told when a subject's card first reaches a conversation, and when a message for it is dropped
 * because its conversation is gone, so an alert that reached nobody is recorded, not lost.
 */
export interface DeliveryReport {
  delivered(subject: OutboxSubject): Promise<void>;
  dropped(subject: OutboxSubject, conversationKey: string): Promise<void>;
}

/** Renders a subject from current state; undefined → nothing to send any more. */
export interface MessageSource {
  render(subject: OutboxSubject, conversationKey: string): Promise<OutboundMessage | undefined>;
}

export interface OutboxDeps {
  readonly queue: WorkQueue<OutboxItem>;
  readonly sender: ProactiveSender;
  readonly source: MessageSource;
  readonly directory: ConversationDirectory;
  readonly subscriptions: Subscriptions;
  readonly posted: PostedActivities;
  readonly scheduler: Pick<Scheduler, 'now' | 'sleep'>;
  readonly logger: Logger;
  /** Identifies this process in claims. */
  readonly workerId: string;
  readonly limiter?: ConversationRateLimiter;
  readonly maxAttempts?: number;
  readonly random?: () => number;
  /** How often an idle worker looks for due work (other instances' jobs, retries). */
  readonly pollInMs?: number;
  readonly report?: DeliveryReport;
}

/**
 * Every proactive message goes through here.
 *
 *   claim a due job (eTag: one instance wins) ─▶ wait for the conversation's rate limit
 *     ─▶ render current state ─▶ post (first time) or update (same thread) ─▶ remember activity id
 *   failure: 429/412/502/503/504 or no answer → retry later (Retry-After, else back-off + jitter)
 *            403/404 → the bot is gone there: forget the reference and the subscription
 *            anything else, or too many attempts → give up, logged
 * A post that may have reached Teams before failing (timeout after sending) is retried only
 * once: a blind retry can post twice, a missing alert is worse than one duplicate.
 */
export class Outbox {
  private readonly limiter: ConversationRateLimiter;
  private readonly maxAttempts: number;
  private readonly runner: JobRunner<OutboxItem>;

  constructor(private readonly deps: OutboxDeps) {
    this.limiter = deps.limiter ?? new ConversationRateLimiter();
    this.maxAttempts = deps.maxAttempts ?? 8;
    this.runner = new JobRunner({
      queue: deps.queue,
      workerId: deps.workerId,
      clock: deps.scheduler,
      handle: (job) => this.process(job),
      onError: (error) =>
        deps.logger.warn({ err: error }, 'Outbox: a message could not be processed; it will be retried'),
      ...(deps.pollInMs ? { pollInMs: deps.pollInMs } : {}),
    });
  }

  /** `key` tells apart jobs for the same thread (a delayed refresh besides an immediate one). */
  async enqueue(
    item: OutboxItem,
    options: { readonly notBefore?: number; readonly key?: string } = {},
  ): Promise<void> {
    const id = options.key ? `${jobId(item)}~${options.key}` : jobId(item);
    await this.deps.queue.enqueue(
      id,
      item,
      options.notBefore === undefined ? {} : { notBefore: options.notBefore },
    );
    this.runner.kick();
  }

  /** Start the background loop (the bot process). */
  start(): void {
    this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }

  /** Process until nothing is queued, sleeping (on the scheduler) until retries are due. */
  drain(): Promise<void> {
    return this.runner.drain();
  }

  private async process(job: Job<OutboxItem>): Promise<void> {
    const { queue, directory, scheduler, logger, workerId } = this.deps;
    const item = job.payload;
    const log = logger.child({ job: job.id, conversation: item.conversationKey, attempt: job.attempts + 1 });
    const address = await directory.get(item.conversationKey);
    if (!address) {
      log.warn('Outbox: no stored conversation reference; dropping the message');
      await this.deps.report?.dropped(item.subject, item.conversationKey);
      await queue.discard(job);
      return;
    }
    const message = await this.deps.source.render(item.subject, item.conversationKey);
    if (!message) {
      await queue.complete(job, workerId);
      return;
    }
    const wait = this.limiter.delayFor(item.conversationKey, scheduler.now());
    if (wait > 0) await scheduler.sleep(wait);

    const activityId = await this.deps.posted.get(item.thread);
    try {
      this.limiter.record(item.conversationKey, scheduler.now());
      if (activityId) {
        await this.deps.sender.update(address, activityId, message);
      } else {
        const posted = await this.deps.sender.post(address, message);
        await this.deps.posted.set(item.thread, posted.activityId);
        await this.deps.report?.delivered(item.subject);
      }
      await queue.complete(job, workerId);
      log.debug({ updated: activityId !== undefined }, 'Outbox: delivered');
    } catch (error) {
      await this.failed(job, error, activityId !== undefined, log);
    }
  }

  private async failed(
    job: Job<OutboxItem>,
    error: unknown,
    wasUpdate: boolean,
    log: OutboxDeps['logger'],
  ): Promise<void> {
    const { queue, scheduler, workerId } = this.deps;
    const item = job.payload;
    const failure =
      error instanceof SendFailure
        ? error
        : new SendFailure(
            error instanceof Error ? error.message : String(error),
            undefined,
            undefined,
            false,
          );
    const attempt = job.attempts + 1;

    if (isGone(failure.status)) {
      if (wasUpdate && failure.status === 404) {
        // The card was deleted, not the conversation: post it anew.
        await this.deps.posted.forget(item.thread);
        await queue.release(job, workerId, scheduler.now());
        return;
      }
      log.warn(
        { status: failure.status },
        'Outbox: the bot can no longer post here; removing the conversation',
      );
      await this.deps.directory.forget(item.conversationKey);
      await this.deps.subscriptions.remove(item.conversationKey);
      await this.deps.report?.dropped(item.subject, item.conversationKey);
      await queue.discard(job);
      return;
    }
    const retryable =
      (failure.status !== undefined && RETRYABLE_STATUSES.has(failure.status)) ||
      (failure.status === undefined && (!failure.maybeDelivered || wasUpdate || attempt < 2));
    if (!retryable || attempt >= this.maxAttempts) {
      log.error({ status: failure.status, err: failure }, 'Outbox: giving up on this message');
      await queue.discard(job);
      return;
    }
    const delay = retryDelay(
      attempt,
      failure.retryAfterMs,
      this.deps.random ? { random: this.deps.random } : {},
    );
    log.info({ status: failure.status, retryInMs: delay }, 'Outbox: send failed; will retry');
    await queue.release(job, workerId, scheduler.now() + delay);
  }
}

function jobId(item: OutboxItem): string {
  return item.thread.replace(/[^A-Za-z0-9:_-]/g, '_');
}
