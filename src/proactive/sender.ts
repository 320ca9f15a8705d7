import type { ConversationAddress } from './conversation-address';

/** A message for a conversation: an Adaptive Card (already rendered) and its notification text. */
export interface OutboundMessage {
  readonly card: Readonly<Record<string, unknown>>;
  /** Shown in the activity feed / notification; also the fallback for clients without cards. */
  readonly summary: string;
}

/**
 * Sends to a stored conversation. Hosting implements it with the Bot Framework
 * (`continueConversationAsync`); the outbox only sees this and {@link SendFailure}.
 */
export interface ProactiveSender {
  post(address: ConversationAddress, message: OutboundMessage): Promise<{ readonly activityId: string }>;
  update(address: ConversationAddress, activityId: string, message: OutboundMessage): Promise<void>;
}

/**
 * A send that failed. `status` is the channel's HTTP status when there was an answer;
 * `maybeDelivered` is true when the request may have reached the channel before it failed
 * (a timeout or reset after sending), where a blind retry of a post could post twice.
 */
export class SendFailure extends Error {
  override readonly name = 'SendFailure';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryAfterMs: number | undefined,
    readonly maybeDelivered: boolean,
  ) {
    super(message);
  }
}

/** Statuses Teams documents as worth retrying (throttled, precondition, gateway trouble). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 412, 502, 503, 504]);

/** The bot was removed or blocked, or the conversation is gone: stop sending there. */
export function isGone(status: number | undefined): boolean {
  return status === 403 || status === 404;
}
