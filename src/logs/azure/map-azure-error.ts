import { LogsQueryError } from '../backend';
import { parseRetryAfterInMs } from './retry-after';

/**
 * Turns whatever the Azure SDK throws (or what one failed item of a batch says) into a
 * {@link LogsQueryError} whose kind tells the caller what to do and whose message tells the user how
 * to fix it. Raw service text is only passed on where it describes the user's own KQL.
 */

/** One level of the service's nested `error` / `innererror` chain. */
export interface ServiceErrorLevel {
  readonly code?: string;
  readonly message?: string;
}

/** What the service said about one failed request, however it reached us. */
export interface ServiceFailure {
  readonly statusCode?: number;
  /** Outermost first: `BadArgumentError` → `SyntaxError` → `SYN0002`. */
  readonly errors: readonly ServiceErrorLevel[];
  readonly retryAfterInMs?: number;
}

/** Where the failure happened, for messages that name the fix. */
export interface FailureContext {
  /** What was asked, for messages: `workspace <guid>` or `resource /subscriptions/...`. */
  readonly target: string;
  /** Which setting to check when the target does not exist. */
  readonly notFoundHint?: string;
  /** Which service, for the user: "Log Analytics" or "Azure Monitor metrics". */
  readonly serviceName?: string;
  /** Who has to grant what, for 403s. */
  readonly requiredRole?: string;
  readonly nowInMs?: number;
}

const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);
const BAD_QUERY_CODES = new Set(['BadArgumentError', 'SemanticError', 'SyntaxError']);
const TIMEOUT_CODES = new Set(['GatewayTimeout', 'RequestTimeout', 'QueryTimeout']);
const MAX_SERVICE_TEXT_LENGTH = 300;

/** Maps anything a query call rejected with to a {@link LogsQueryError}. */
export function toLogsQueryError(error: unknown, context: FailureContext): LogsQueryError {
  if (error instanceof LogsQueryError) return error;
  const service = context.serviceName ?? 'Log Analytics';
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'AbortError') {
    return new LogsQueryError(
      'timeout',
      `The ${service} query was cancelled before it finished (the time allowed for this answer ran out). Try a shorter time window.`,
      { cause: error },
    );
  }
  if (name !== undefined && CREDENTIAL_ERROR_NAMES.has(name)) {
    return new LogsQueryError(
      'unavailable',
      `The bot could not get an Azure access token for ${service}. Check its managed identity (MANAGED_IDENTITY_CLIENT_ID) or, on a developer machine, sign in with \`az login\`.`,
      { code: name, cause: error },
    );
  }
  if (isRestErrorLike(error)) {
    if (error.statusCode === undefined) {
      // No HTTP answer at all: DNS, refused connection, reset socket.
      const code = typeof error.code === 'string' && /^[A-Z_]+$/.test(error.code) ? error.code : undefined;
      return new LogsQueryError(
        'unavailable',
        `Could not reach ${service}${code ? ` (${code})` : ''}. Check the network connection of the bot and try again.`,
        {
          ...(code ? { code } : {}),
          cause: error,
        },
      );
    }
    const retryAfterInMs = error.response
      ? parseRetryAfterInMs(error.response.headers, context.nowInMs ?? Date.now())
      : undefined;
    const fromDetails = errorChain(isRecord(error.details) ? error.details['error'] : undefined);
    const errors =
      fromDetails.length > 0
        ? fromDetails
        : [{ ...(typeof error.code === 'string' ? { code: error.code } : {}), message: error.message }];
    return failureToLogsQueryError(
      { statusCode: error.statusCode, errors, ...(retryAfterInMs !== undefined ? { retryAfterInMs } : {}) },
      context,
      error,
    );
  }
  return new LogsQueryError(
    'unavailable',
    `${service} could not answer because of an unexpected error. Try again; if it keeps happening, check the bot's logs.`,
    { cause: error },
  );
}

/** Maps a failure the service described (status code and error chain) to a {@link LogsQueryError}. */
export function failureToLogsQueryError(
  failure: ServiceFailure,
  context: FailureContext,
  cause?: unknown,
): LogsQueryError {
  const service = context.serviceName ?? 'Log Analytics';
  const codes = failure.errors
    .map((level) => level.code)
    .filter((code): code is string => code !== undefined);
  const outerCode = codes[0];
  const withCause = { ...(cause !== undefined ? { cause } : {}) };
  const status = failure.statusCode;

  if (status === 429) {
    return throttledError(service, failure.retryAfterInMs, outerCode, cause);
  }
  if (status === 408 || status === 504 || codes.some((code) => TIMEOUT_CODES.has(code))) {
    return timeoutError(service, outerCode, cause);
  }
  if (status === 403) {
    const role = context.requiredRole ?? 'Log Analytics Reader';
    return new LogsQueryError(
      'forbidden',
      `The bot's identity is not allowed to read ${service} data of ${context.target}. Grant it the '${role}' role on ${context.target}, then try again (a new role assignment can take a few minutes to apply).`,
      { ...(outerCode ? { code: outerCode } : {}), ...withCause },
    );
  }
  if (status === 400 || codes.some((code) => BAD_QUERY_CODES.has(code))) {
    const innermost = [...failure.errors].reverse();
    const message = innermost.find((level) => level.message)?.message;
    const code = innermost.find((level) => level.code)?.code;
    return new LogsQueryError(
      'bad-query',
      `${service} rejected the query: ${safeServiceText(message ?? 'no reason given')}${code ? ` (${code})` : ''}`,
      {
        ...(code ? { code } : {}),
        ...withCause,
      },
    );
  }
  if (status === 401) {
    return new LogsQueryError(
      'unavailable',
      `${service} did not accept the bot's access token (HTTP 401). Check that the bot's identity belongs to the tenant of ${context.target}.`,
      { ...(outerCode ? { code: outerCode } : {}), ...withCause },
    );
  }
  if (status === 404) {
    return new LogsQueryError(
      'unavailable',
      `${service} found no ${context.target}.${context.notFoundHint ? ` ${context.notFoundHint}` : ''}`,
      {
        ...(outerCode ? { code: outerCode } : {}),
        ...withCause,
      },
    );
  }
  return new LogsQueryError(
    'unavailable',
    `${service} is unavailable right now${status ? ` (HTTP ${status})` : ''}. Try again in a few minutes.`,
    {
      ...(outerCode ? { code: outerCode } : {}),
      ...(failure.retryAfterInMs !== undefined ? { retryAfterInMs: failure.retryAfterInMs } : {}),
      ...withCause,
    },
  );
}

/** The service is busy; `retryAfterInMs` is when it said to come back, when it said so. */
export function throttledError(
  service: string,
  retryAfterInMs: number | undefined,
  code?: string,
  cause?: unknown,
): LogsQueryError {
  const wait =
    retryAfterInMs !== undefined ? ` in ${Math.max(1, Math.ceil(retryAfterInMs / 1000))} s` : ' in a moment';
  return new LogsQueryError('throttled', `${service} is busy (too many queries at once). Try again${wait}.`, {
    ...(retryAfterInMs !== undefined ? { retryAfterInMs } : {}),
    ...(code ? { code } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** The service gave up on the query before it finished. */
export function timeoutError(service: string, code?: string, cause?: unknown): LogsQueryError {
  return new LogsQueryError(
    'timeout',
    `${service} did not finish the query in time. Try a shorter time window or a narrower question (one device instead of the whole hub).`,
    {
      ...(code ? { code } : {}),
      ...(cause !== undefined ? { cause } : {}),
    },
  );
}

/** Flattens `{code, message, innererror: {...}}` into a list, outermost first. */
export function errorChain(error: unknown): ServiceErrorLevel[] {
  const levels: ServiceErrorLevel[] = [];
  let current: unknown = error;
  // A depth bound: the body is untrusted input.
  while (isRecord(current) && levels.length < 10) {
    const code = current['code'];
    const message = current['message'];
    levels.push({
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof message === 'string' ? { message } : {}),
    });
    current = current['innererror'];
  }
  return levels;
}

function safeServiceText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SERVICE_TEXT_LENGTH
    ? `${oneLine.slice(0, MAX_SERVICE_TEXT_LENGTH - 1)}…`
    : oneLine;
}

interface RestErrorLike {
  readonly name: 'RestError';
  readonly message: string;
  readonly code?: unknown;
  readonly statusCode?: number;
  readonly details?: unknown;
  readonly response?: { readonly headers: { get(name: string): string | undefined } };
}

function isRestErrorLike(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === 'RestError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
