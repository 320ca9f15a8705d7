import type { CardActionData } from './card-actions';
import { cardButton, type CardButton } from './card-button';
import type { CardContext } from './card-context';
import type { CardRequest } from './card-data';
import { COMMON_TEXT } from './common-text';

/** What went wrong, in words safe to show (a user-facing error message, never a stack or secret). */
export interface ErrorCardInput {
  readonly message: string;
  /** Shown small, so the user can quote it and the on-call can find the log lines. */
  readonly correlationId?: string;
  /** What the Retry button runs again; no button without it. */
  readonly retry?: CardActionData;
}

export interface ErrorCardData {
  readonly title: string;
  readonly message: string;
  readonly hasCorrelationId: boolean;
  readonly correlationId: string;
  readonly buttons: readonly CardButton[];
}

const TEXT = {
  en: { title: "I couldn't answer that", reference: (id: string) => `Reference: ${id}` },
  ko: { title: '답하지 못했어요', reference: (id: string) => `참조 ID: ${id}` },
} as const;

/** A user-facing error, with a Retry button when the failed question can be asked again. */
export function errorCard(input: ErrorCardInput, ctx: CardContext): CardRequest {
  const text = TEXT[ctx.locale];
  return {
    template: 'error',
    data: {
      title: text.title,
      message: input.message,
      hasCorrelationId: input.correlationId !== undefined && input.correlationId !== '',
      correlationId: input.correlationId ? text.reference(input.correlationId) : '',
      buttons: input.retry ? [cardButton(COMMON_TEXT[ctx.locale].retry, input.retry)] : [],
    },
  };
}
