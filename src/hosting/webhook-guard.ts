import type { Request, Response } from 'restify';
import type { TokenCheck } from '../authorization';
import { checkAlertSecret } from '../alerts/webhook-secret';
import type { Logger } from '../logging/logger';

/** How a webhook authenticates its sender: an Entra ID bearer token, a shared secret, or both. */
export interface WebhookCredentials {
  /** The `?code=` / header shared secret; without it only Entra bearer tokens get in. */
  readonly secret?: string;
  /** Validates an Entra ID bearer token; without it bearer tokens are not accepted. */
  readonly bearer?: (authorizationHeader: string) => Promise<TokenCheck>;
}

/** The words a webhook's refusals and logs use, so each sender gets advice it can act on. */
export interface WebhookWording {
  /** Log prefix, e.g. "Alert webhook". */
  readonly name: string;
  /** Who retries a 503, e.g. "Azure Monitor". */
  readonly sender: string;
  /** The header that may carry the secret, e.g. "x-alert-secret". */
  readonly secretHeader: string;
  /** How a bearer token is called for this sender, e.g. "secure webhook". */
  readonly bearerName: string;
}

/**
 * Authentication shared by the webhooks (POST /api/alerts, POST /api/events), before any parsing
 * for strangers: an Entra ID bearer token when the request carries one and a validator is
 * configured, otherwise the shared secret (constant-time compare). Resolves true when the request
 * may go on; otherwise it has answered: 401 (no or invalid credentials), 403 (wrong secret), or
 * 503 with Retry-After when the tenant's signing keys cannot be fetched (our outage: the sender
 * should retry). The secret never reaches a log: the query string is not logged.
 */
export async function authenticateWebhook(
  req: Request,
  res: Response,
  credentials: WebhookCredentials,
  wording: WebhookWording,
  log: Logger,
): Promise<boolean> {
  const authorization = req.headers.authorization;
  if (credentials.bearer && typeof authorization === 'string' && /^bearer\s/i.test(authorization)) {
    let verdict: TokenCheck;
    try {
      verdict = await credentials.bearer(authorization);
    } catch (error) {
      log.error({ err: error }, `Could not check the ${wording.name.toLowerCase()} token`);
      retryLater(res, `Cannot verify the token right now; ${wording.sender} will retry.`);
      return false;
    }
    if (!verdict.valid) {
      log.warn({ reason: verdict.reason }, `${wording.name} token refused`);
      res.send(401, { error: 'Unauthorized.' });
      return false;
    }
    return true;
  }
  if (credentials.secret === undefined) {
    log.warn({ reason: 'missing' }, `${wording.name} refused`);
    res.send(401, { error: `Missing credentials: send an Entra ID bearer token (${wording.bearerName}).` });
    return false;
  }
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('code') ?? undefined;
  const header = req.headers[wording.secretHeader];
  const check = checkAlertSecret(credentials.secret, {
    query,
    header: Array.isArray(header) ? header[0] : header,
  });
  if (check === 'ok') return true;
  log.warn({ reason: check }, `${wording.name} refused`);
  res.send(check === 'missing' ? 401 : 403, {
    error:
      check === 'missing'
        ? `Missing credentials: add ?code=<secret> to the webhook URL or send the ${wording.secretHeader} header.`
        : 'Wrong credentials.',
  });
  return false;
}

/** Answers 413 and returns false when the body is over `maxBytes`; `noun` names what is sent. */
export function acceptBodySize(req: Request, res: Response, maxBytes: number, noun: string): boolean {
  const length = bodyLength(req);
  if (length <= maxBytes) return true;
  res.send(413, { error: `The body is ${length} bytes; ${noun} are at most ${maxBytes} bytes.` });
  return false;
}

/** 503 with Retry-After: the sender retries (both Azure Monitor and Event Grid do). */
export function retryLater(res: Response, message: string): void {
  res.header('Retry-After', '10');
  res.send(503, { error: message });
}

function bodyLength(req: Request): number {
  const raw = (req as Request & { rawBody?: string | Buffer }).rawBody;
  if (typeof raw === 'string') return Buffer.byteLength(raw);
  if (raw) return raw.length;
  return Number(req.headers['content-length'] ?? 0);
}
