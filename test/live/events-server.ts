import { ActivityHandler } from 'botbuilder';
import type { TokenCheck } from '../../src/authorization';
import { createAdapter } from '../../src/hosting/adapter';
import { eventsRoute } from '../../src/hosting/events-route';
import { BotServer } from '../../src/hosting/server';
import { LiveConnectionStore } from '../../src/live/connection-store';
import { LiveEventIntake } from '../../src/live/intake';
import type { Logger } from '../../src/logging/logger';
import type { KeyValueStore } from '../../src/storage/store';

export interface RunningEventsServer {
  readonly base: string;
  readonly states: LiveConnectionStore;
  stop(): Promise<void>;
}

/**
 * The production BotServer (JSON-only filter, body parser, shutdown tracking) with the events
 * route, on 127.0.0.1 and an ephemeral port, over the store given. The composition root will
 * wire the same pieces (src/index.ts is not ours to change yet).
 */
export async function startEventsServer(options: {
  readonly store: KeyValueStore;
  readonly logger: Logger;
  readonly secret?: string;
  readonly bearer?: (authorizationHeader: string) => Promise<TokenCheck>;
}): Promise<RunningEventsServer> {
  const states = new LiveConnectionStore(options.store);
  const server = new BotServer({
    adapter: createAdapter(
      { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' },
      options.logger,
    ),
    bot: new ActivityHandler(),
    logger: options.logger,
    extraRoutes: [
      eventsRoute({
        intake: new LiveEventIntake({ states }),
        logger: options.logger,
        ...(options.secret ? { secret: options.secret } : {}),
        ...(options.bearer ? { bearer: options.bearer } : {}),
      }),
    ],
  });
  const port = await server.listen(0, '127.0.0.1');
  return { base: `http://127.0.0.1:${port}`, states, stop: () => server.close(1_000) };
}
