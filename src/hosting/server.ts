import { randomUUID } from 'node:crypto';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { AuthenticatingCloudAdapter } from './adapter';
import { processInboundActivity } from './inbound-activity';
import { jsonOnly } from './json-only';
import type { Logger } from '../logging/logger';
import { CORRELATION_ID_KEY } from './turn-error';

/** One dependency's readiness, for /readyz. */
/** Adds routes beside /api/messages (alerts, events): hosting's own type, so wiring code needs no restify import. */
export type RouteRegistration = (server: Server) => void;

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<{ readonly ok: boolean; readonly detail?: string }>;
}

export interface BotServerOptions {
  readonly adapter: AuthenticatingCloudAdapter;
  readonly bot: ActivityHandler;
  readonly logger: Logger;
  readonly readiness?: readonly ReadinessCheck[];
  /** More routes on the same server (POST /api/alerts), registered after the built-in ones. */
  readonly extraRoutes?: readonly RouteRegistration[];
  /** Largest accepted request body; Teams activities are far smaller than this. */
  readonly maxBodyBytes?: number;
}

/**
 * How long an idle keep-alive connection stays open. Node's 5 s default is shorter than the idle
 * timeouts of the proxies in front of the bot (Azure's front ends keep connections for minutes), so
 * a proxy, Event Grid or Azure Monitor could reuse a socket at the moment the bot closes it and get
 * "other side closed" instead of an answer. Outlasting them leaves closing to the client side.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The HTTP face of the bot: `/api/messages` for the Bot Framework, `/healthz` (alive) and
 * `/readyz` (dependencies usable) for the platform. Counts turns in flight so shutdown can wait
 * for them.
 */
export class BotServer {
  readonly server: Server;
  private inFlight = 0;
  private readonly drainWaiters: (() => void)[] = [];
  private closing = false;

  constructor(private readonly options: BotServerOptions) {
    this.server = restify.createServer({ name: 'iot-triage-bot', handleUncaughtExceptions: false });
    this.server.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    // Headers must be allowed to arrive for longer than an idle socket lives, or Node cuts reused sockets.
    this.server.server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
    // Count every POST from its first byte, so shutdown waits for alerts as well as turns.
    this.server.pre((req, res, next) => this.track(req, res, next));
    this.server.use(jsonOnly);
    this.server.use(
      restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes ?? 1024 * 1024, mapParams: false }),
    );
    this.routes();
    for (const register of options.extraRoutes ?? []) register(this.server);
  }

  /** Resolves with the bound port (useful with port 0 in tests). */
  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.removeListener('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    return address.port;
  }

  /** Stop accepting, let turns in flight finish (up to `graceInMs`), then close. */
  async close(graceInMs = 10_000): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.server.closeIdleConnections();
    if (this.inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => this.drainWaiters.push(resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, graceInMs).unref()),
      ]);
    }
    this.server.server.closeAllConnections();
    await closed;
  }

  /** New POSTs get 503 once closing starts; accepted ones count until their response is done. */
  private track(req: Request, res: Response, next: Next): void {
    if (req.method !== 'POST') {
      next();
      return;
    }
    if (this.closing) {
      res.header('Retry-After', '5');
      res.send(503, { error: 'The bot is restarting; try again in a few seconds.' });
      next(false);
      return;
    }
    this.inFlight++;
    res.once('close', () => {
      this.inFlight--;
      if (this.inFlight === 0) this.drainWaiters.splice(0).forEach((resolve) => resolve());
    });
    next();
  }

  /** Requests (turns and alerts) being handled right now. */
  get turnsInFlight(): number {
    return this.inFlight;
  }

  private routes(): void {
    const { adapter, bot, logger } = this.options;

    this.server.post('/api/messages', async (req, res) => {
      if (this.closing) {
        res.header('Retry-After', '5');
        res.send(503, { error: 'The bot is restarting; try again in a few seconds.' });
        return;
      }
      const correlationId = randomUUID();
      try {
        await processInboundActivity(req, res, { adapter, logger }, async (context) => {
          context.turnState.set(CORRELATION_ID_KEY, correlationId);
          const turnLogger = logger.child({
            correlationId,
            conversationId: context.activity.conversation?.id,
            activityId: context.activity.id,
          });
          turnLogger.debug({ type: context.activity.type }, 'turn');
          await bot.run(context);
        });
      } catch (error) {
        logger.error({ err: error, correlationId }, 'Request to /api/messages failed');
        if (!res.headersSent) res.send(500, { error: `Internal error. Reference: ${correlationId}` });
      }
    });

    this.server.get('/healthz', async (_req, res) => {
      res.send(200, { status: 'ok' });
    });

    this.server.get('/readyz', async (_req, res) => {
      const results = await Promise.all(
        (this.options.readiness ?? []).map(async (check) => {
          try {
            return { name: check.name, ...(await check.check()) };
          } catch (error) {
            return {
              name: check.name,
              ok: false,
              detail: error instanceof Error ? error.message : 'check failed',
            };
          }
        }),
      );
      const ready = !this.closing && results.every((r) => r.ok);
      res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: results });
    });
  }
}
