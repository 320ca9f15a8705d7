import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';
import { localeFromActivity } from './locale';

/** turnState key under which the HTTP route stores the turn's correlation id. */
export const CORRELATION_ID_KEY = Symbol('correlationId');

const APOLOGY = {
  en: (id: string) => `Sorry, something went wrong on my side. Reference: ${id}`,
  ko: (id: string) => `죄송합니다. 처리 중에 문제가 생겼어요. 참조 ID: ${id}`,
} as const;

export function correlationIdOf(context: TurnContext): string {
  const id: unknown = context.turnState.get(CORRELATION_ID_KEY);
  return typeof id === 'string' ? id : randomUUID();
}

/**
 * The adapter's last line of defence. The full error goes to the log under a correlation id; the
 * user gets one short sentence with that id, never the raw error text (it can carry query text,
 * resource ids or worse).
 */
export function createTurnErrorHandler(
  logger: Logger,
): (context: TurnContext, error: Error) => Promise<void> {
  return async function reportTurnError(context: TurnContext, error: Error): Promise<void> {
    const correlationId = correlationIdOf(context);
    logger.error(
      {
        err: error,
        correlationId,
        conversationId: context.activity.conversation?.id,
        activityId: context.activity.id,
        activityType: context.activity.type,
      },
      'Unhandled error in a turn',
    );
    if (context.activity.type !== 'message' && context.activity.type !== 'conversationUpdate') return;
    try {
      await context.sendActivity(APOLOGY[localeFromActivity(context.activity.locale)](correlationId));
    } catch (sendError) {
      logger.error({ err: sendError, correlationId }, 'Could not tell the user about the error');
    }
  };
}
