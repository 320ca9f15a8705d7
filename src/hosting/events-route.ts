import type { Request, Response, Server } from 'restify';
import type { LiveEventIntake } from '../live/intake';
import type { Logger } from '../logging/logger';
import {
  acceptBodySize,
  authenticateWebhook,
  retryLater,
  type WebhookCredentials,
  type WebhookWording,
} from './webhook-guard';

/** Event Grid's limit: an event is at most 1 MB, a batch at most 1,024 KB (preferredBatchSizeInKilobytes). */
export const MAX_EVENTS_BODY_BYTES = 1024 * 1024;

/** The origin Event Grid names in the CloudEvents abuse-protection handshake. */
export const EVENT_GRID_ORIGIN = 'eventgrid.azure.net';

/**
 * `secret`: the `?code=` / x-events-secret shared key; `bearer`: validates Event Grid's Entra ID
 * token (app role AzureEventGridSecureWebhookSubscriber). Either or both.
 */
export interface EventsRouteOptions extends WebhookCredentials {
  readonly intake: LiveEventIntake;
  readonly logger: Logger;
  /** Senders allowed by the CloudEvents handshake; Event Grid only by default. */
  readonly allowedOrigins?: readonly string[];
}

const EVENTS_WEBHOOK: WebhookWording = {
  name: 'Events webhook',
  sender: 'Event Grid',
  secretHeader: 'x-events-secret',
  bearerName: 'Event Grid Entra ID delivery',
};

/**
 * POST /api/events and OPTIONS /api/events: IoT Hub device events from an Event Grid
 * subscription (Event Grid schema or CloudEvents 1.0), the thin HTTP face of `live/`.
 *
 * POST: authenticate (as /api/alerts does), size, then the intake, which answers the Event Grid
 * validation handshake (`{"validationResponse": code}`) or stores the events and answers 200.
 *
 * OPTIONS: the CloudEvents 1.0 abuse-protection handshake. It grants permission to send and
 * accepts no data, so it needs no credentials (the spec says it is not an authentication
 * step); only the allowed origins get `WebHook-Allowed-Origin`. The rate asked for is granted.
 */
export function eventsRoute(options: EventsRouteOptions): (server: Server) => void {
  const origins = (options.allowedOrigins ?? [EVENT_GRID_ORIGIN]).map((o) => o.toLowerCase());
  return (server) => {
    server.opts('/api/events', async (req: Request, res: Response) => {
      const origin = header(req, 'webhook-request-origin');
      if (!origin) {
        res.send(400, { error: 'The CloudEvents handshake needs a WebHook-Request-Origin header.' });
        return;
      }
      if (!origins.includes(origin.toLowerCase())) {
        options.logger.warn({ route: '/api/events', origin }, 'Events handshake refused: unknown origin');
        res.send(403, { error: 'This sender is not allowed.' });
        return;
      }
      res.header('WebHook-Allowed-Origin', origin);
      res.header('WebHook-Allowed-Rate', header(req, 'webhook-request-rate') ?? '*');
      res.header('Allow', 'POST, OPTIONS');
      res.send(200);
    });

    server.post('/api/events', async (req: Request, res: Response) => {
      const log = options.logger.child({ route: '/api/events' });
      if (!(await authenticateWebhook(req, res, options, EVENTS_WEBHOOK, log))) return;
      if (!acceptBodySize(req, res, MAX_EVENTS_BODY_BYTES, 'Event Grid deliveries')) return;
      const body = parsedBody(req);
      if (body === UNPARSABLE) {
        res.send(400, { error: 'The body is not valid JSON.' });
        return;
      }
      try {
        const answer = await options.intake.accept(body);
        if (answer.status === 200) log.info(answer.body, 'Events accepted');
        else log.warn({ status: answer.status, error: answer.body['error'] }, 'Events not accepted');
        if (answer.status === 503) res.header('Retry-After', '10');
        res.send(answer.status, answer.body);
      } catch (error) {
        log.error({ err: error }, 'Events intake failed');
        retryLater(res, 'The events could not be processed right now; Event Grid will retry.');
      }
    });
  };
}

const UNPARSABLE = Symbol('unparsable');

/**
 * restify's body parser maps `application/<letters and dots>+json` to JSON, so
 * `application/cloudevents-batch+json` (a hyphen) arrives as text: parse it here.
 */
function parsedBody(req: Request): unknown {
  const body: unknown = req.body;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
  try {
    return JSON.parse(body.toString()) as unknown;
  } catch {
    return UNPARSABLE;
  }
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.trim().length > 0 ? first.trim() : undefined;
}
