import type { Request, Response, Server } from 'restify';
import type { AlertIntake } from '../alerts/intake';
import type { TokenCheck } from '../authorization';
import { checkAlertSecret } from '../alerts/webhook-secret';
import type { Logger } from '../logging/logger';

/** Azure Monitor's documented payload limit. */
export const MAX_ALERT_BODY_BYTES = 256 * 1024;

export interface AlertRouteOptions {
  readonly intake: AlertIntake;
  /** The `?code=` / x-alert-secret shared secret; without it only Entra bearer tokens get in. */
  readonly secret?: string;
  /** Validates an Entra ID bearer token (secure webhook); without it bearer tokens are not accepted. */
  readonly bearer?: (authorizationHeader: string) => Promise<TokenCheck>;
  readonly logger: Logger;
}

/**
 * POST /api/alerts: the thin HTTP face of `alerts/`. Order matters: authenticate first (no
 * parsing for strangers), then size, then the intake (validate, dedupe, persist). The secret
 * never reaches a log: the query string is not logged, and the logger scrubs `code=` anyway.
 *
 * An Entra ID bearer token ("secure webhook") is validated instead of the secret when the request
 * carries one and ALERT_WEBHOOK_AUDIENCE is configured (authorization/entra-token.ts).
 */
export function alertRoute(options: AlertRouteOptions): (server: Server) => void {
  return (server) => {
    server.post('/api/alerts', async (req: Request, res: Response) => {
      const log = options.logger.child({ route: '/api/alerts' });
      const authorization = req.headers.authorization;
      if (options.bearer && typeof authorization === 'string' && /^bearer\s/i.test(authorization)) {
        let verdict: TokenCheck;
        try {
          verdict = await options.bearer(authorization);
        } catch (error) {
          // The tenant's signing keys could not be fetched: our outage, so Azure Monitor should retry.
          log.error({ err: error }, 'Could not check the alert webhook token');
          res.header('Retry-After', '10');
          res.send(503, { error: 'Cannot verify the token right now; Azure Monitor will retry.' });
          return;
        }
        if (!verdict.valid) {
          log.warn({ reason: verdict.reason }, 'Alert webhook token refused');
          res.send(401, { error: 'Unauthorized.' });
          return;
        }
        await acceptAlert(req, res, options, log);
        return;
      }
      if (options.secret === undefined) {
        log.warn({ reason: 'missing' }, 'Alert webhook refused');
        res.send(401, { error: 'Missing credentials: send an Entra ID bearer token (secure webhook).' });
        return;
      }
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('code') ?? undefined;
      const header = req.headers['x-alert-secret'];
      const check = checkAlertSecret(options.secret, {
        query,
        header: Array.isArray(header) ? header[0] : header,
      });
      if (check !== 'ok') {
        log.warn({ reason: check }, 'Alert webhook refused');
        res.send(check === 'missing' ? 401 : 403, {
          error:
            check === 'missing'
              ? 'Missing credentials: add ?code=<secret> to the webhook URL or send the x-alert-secret header.'
              : 'Wrong credentials.',
        });
        return;
      }
      await acceptAlert(req, res, options, log);
    });
  };
}

/** Size check, then the intake (validate, dedupe, persist), for a request that authenticated. */
async function acceptAlert(
  req: Request,
  res: Response,
  options: AlertRouteOptions,
  log: Logger,
): Promise<void> {
  const length = bodyLength(req);
  if (length > MAX_ALERT_BODY_BYTES) {
    res.send(413, {
      error: `The body is ${length} bytes; alerts are at most ${MAX_ALERT_BODY_BYTES} bytes.`,
    });
    return;
  }
  try {
    const answer = await options.intake.accept(req.body);
    if (answer.status === 202) log.info(answer.body, 'Alert accepted');
    else log.warn({ status: answer.status, error: answer.body['error'] }, 'Alert not accepted');
    if (answer.status === 503) res.header('Retry-After', '10');
    res.send(answer.status, answer.body);
  } catch (error) {
    log.error({ err: error }, 'Alert intake failed');
    res.header('Retry-After', '10');
    res.send(503, { error: 'The alert could not be processed right now; Azure Monitor will retry.' });
  }
}

function bodyLength(req: Request): number {
  const raw = (req as Request & { rawBody?: string | Buffer }).rawBody;
  if (typeof raw === 'string') return Buffer.byteLength(raw);
  if (raw) return raw.length;
  return Number(req.headers['content-length'] ?? 0);
}
