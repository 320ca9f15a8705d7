import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** The request's Authorization header: the bot's outbound token, when it has credentials. */
  readonly authorization?: string;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for the Teams channel's connector service: the bot
 * posts its replies to `activity.serviceUrl`, so a test points serviceUrl here and reads what
 * arrived. `respond` lets a test answer with 429, 5xx, etc.
 */
export class LoopbackChannel {
  readonly received: ReceivedActivity[] = [];
  private readonly server: http.Server;
  private waiters: { count: number; resolve: () => void }[] = [];
  respond: (activity: ReceivedActivity) => {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
  } = () => ({
    status: 200,
    body: { id: `reply-${this.received.length}` },
  });

  constructor() {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        const activity: ReceivedActivity = {
          method: req.method ?? '',
          path: req.url ?? '',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        };
        this.received.push(activity);
        const answer = this.respond(activity);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body ?? {}));
        this.waiters = this.waiters.filter((w) => {
          if (this.received.length >= w.count) {
            w.resolve();
            return false;
          }
          return true;
        });
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `count` requests have arrived, or rejects after `timeoutInMs`. */
  waitForActivities(count: number, timeoutInMs = 10_000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`expected ${count} activities at the loopback channel, got ${this.received.length}`),
          ),
        timeoutInMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
