import type { Request, Response, Server } from 'restify';
import type { AlertIntake } from '../alerts/intake';
import type { TokenCheck } from '../authorization';
import type { Logger } from '../logging/logger';
import { acceptBodySize, authenticateWebhook, retryLater, type WebhookWording } from './webhook-guard';

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

const ALERT_WEBHOOK: WebhookWording = {
  name: 'Alert webhook',
  sender: 'Azure Monitor',
  secretHeader: 'x-alert-secret',
  bearerName: 'secure webhook',
};

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
      if (!(await authenticateWebhook(req, res, options, ALERT_WEBHOOK, log))) return;
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
  if (!acceptBodySize(req, res, MAX_ALERT_BODY_BYTES, 'alerts')) return;
  try {
    const answer = await options.intake.accept(req.body);
    if (answer.status === 202) log.info(answer.body, 'Alert accepted');
    else log.warn({ status: answer.status, error: answer.body['error'] }, 'Alert not accepted');
    if (answer.status === 503) res.header('Retry-After', '10');
    res.send(answer.status, answer.body);
  } catch (error) {
    log.error({ err: error }, 'Alert intake failed');
    retryLater(res, 'The alert could not be processed right now; Azure Monitor will retry.');
  }
}
