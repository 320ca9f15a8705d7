import type { Request, Response } from 'restify';
import { z } from 'zod';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';
import type { AuthenticateRequestResult, AuthenticatingCloudAdapter } from './adapter';

/**
 * What `/api/messages` needs from an activity before the SDK sees it. The SDK assumes these
 * fields exist and throws a TypeError (a 500) on a body that lacks them; a malformed request is
 * the sender's mistake and gets a 400 instead. Everything else passes through untouched.
 */
const idHolder = z.looseObject({ id: z.string().min(1).max(1024) });
const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(100),
  channelId: z.string().min(1).max(100),
  serviceUrl: z
    .string()
    .max(2048)
    .regex(/^https?:\/\/[^\s]+$/i, 'must be an http(s) URL'),
  conversation: idHolder,
  from: idHolder,
  recipient: idHolder,
  id: z.string().max(1024).optional(),
  text: z.string().max(100_000).optional(),
  locale: z.string().max(100).optional(),
  timestamp: z.string().max(100).optional(),
  localTimestamp: z.string().max(100).optional(),
  expiration: z.string().max(100).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).optional(),
  membersAdded: z.array(idHolder).optional(),
  membersRemoved: z.array(idHolder).optional(),
  attachments: z.array(z.record(z.string(), z.unknown())).optional(),
  deliveryMode: z.string().max(100).optional(),
  name: z.string().max(200).optional(),
});

/** Why a request was not authenticated: the caller's fault (401) or ours (503, try again). */
type AuthenticationFailure = { readonly status: 401 | 503; readonly reason: string };

// Names of what the SDK (jsonwebtoken, node-fetch) throws when it cannot check a token at all.
const INFRASTRUCTURE_ERROR_NAMES = new Set(['FetchError', 'AbortError']);

export interface InboundActivityDependencies {
  readonly adapter: AuthenticatingCloudAdapter;
  readonly logger: Logger;
}

/**
 * `/api/messages` with the Bot Framework's inbound authentication done here rather than inside
 * `CloudAdapter.process`, because `process`:
 * - answers 500 (not 401) to a token with a bad signature, an unknown algorithm or a malformed
 *   JWT (jsonwebtoken's errors are not the SDK's `AuthenticationError`),
 * - answers 500 to a body without `type`, `conversation` or `serviceUrl`,
 * - and echoes `err.message` into the HTTP body.
 *
 * So: shape check (400), then `authenticateRequest` (401 with a fixed body; 503 when the channel's
 * signing keys cannot be fetched), then the SDK runs the turn with the authenticated result. The
 * failure reason goes to the log, never to the caller.
 */
export async function processInboundActivity(
  req: Request,
  res: Response,
  deps: InboundActivityDependencies,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const parsed = inboundActivitySchema.safeParse(req.body);
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    const where = problem ? problem.path.join('.') || 'body' : 'body';
    deps.logger.info(
      { problem: `${where}: ${problem?.message ?? 'invalid'}` },
      'Rejected a malformed activity',
    );
    res.send(400, { error: `Not a Bot Framework activity (${where} is missing or invalid).` });
    return;
  }
  const activity = withDates(parsed.data as unknown as Activity);
  const authorization = req.headers.authorization;
  const authHeader = typeof authorization === 'string' ? authorization : '';

  let authenticated: AuthenticateRequestResult;
  try {
    authenticated = await deps.adapter.authenticate(activity, authHeader);
  } catch (error) {
    const failure = classifyAuthenticationFailure(error);
    deps.logger.warn(
      {
        status: failure.status,
        reason: failure.reason,
        channelId: activity.channelId,
        activityType: activity.type,
        hasAuthorizationHeader: authHeader !== '',
      },
      'Refused an unauthenticated request to /api/messages',
    );
    if (failure.status === 503) res.header('Retry-After', '10');
    res.send(failure.status, {
      error:
        failure.status === 401 ? 'Unauthorized.' : 'Cannot verify requests right now; try again shortly.',
    });
    return;
  }

  const invokeResponse = await deps.adapter.processAuthenticated(authenticated, activity, logic);
  if (invokeResponse?.status === 501) {
    // The SDK's answer to an invoke no handler took (unknown or missing name): the sender asked
    // for something this bot does not offer, which is a 4xx, not a server failure.
    res.send(400, { error: 'This bot does not handle that invoke.' });
    return;
  }
  const status = invokeResponse?.status ?? 200;
  if (invokeResponse?.body !== undefined) res.send(status, invokeResponse.body);
  else {
    res.status(status);
    res.end();
  }
}

function classifyAuthenticationFailure(error: unknown): AuthenticationFailure {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';
  const name = error instanceof Error ? error.name : '';
  const statusCode =
    typeof error === 'object' && error !== null && 'statusCode' in error ? error.statusCode : undefined;
  // The SDK raises AuthenticationError(…, 500) when it could not load the OpenID metadata or keys.
  if (INFRASTRUCTURE_ERROR_NAMES.has(name) || statusCode === 500) return { status: 503, reason };
  return { status: 401, reason };
}

/** The SDK expects Date objects where the wire has ISO strings (as `validateAndFixActivity` does). */
function withDates(activity: Activity): Activity {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
}
