import { readConfig } from '../../src/config/config';
import { startApp, type AppOverrides, type RunningApp } from '../../src/index';
import { channelTurns, type ChannelTurns } from './channel-turns';
import { LoopbackChannel } from './loopback-channel';
import { memoryLogger } from './memory-log';
import { isolatedEnv } from './temp-dir';

/**
 * The bot as the role suites run it: role lists for one tenant, its own state folder, replies to a
 * loopback channel, started before the enclosing `describe`'s tests and stopped after them; turns
 * from the on-call channel, and the log (where the audit lines are).
 */
export function appWithRoles(options: {
  readonly tenantId: string;
  readonly readers: readonly string[];
  readonly responders: readonly string[];
  readonly admins: readonly string[];
  readonly overrides?: AppOverrides;
}): ChannelTurns & { readonly log: ReturnType<typeof memoryLogger> } {
  const log = memoryLogger();
  let app: RunningApp;
  let channel: LoopbackChannel;
  let serviceUrl: string;

  beforeAll(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    app = await startApp(
      readConfig(
        isolatedEnv({
          PORT: '0',
          NODE_ENV: 'test',
          ALLOWED_TENANT_IDS: options.tenantId,
          ROLE_READERS: options.readers.join(','),
          ROLE_RESPONDERS: options.responders.join(','),
          ROLE_ADMINS: options.admins.join(','),
        }),
      ),
      { logger: log.logger, ...options.overrides },
    );
  });
  afterAll(async () => {
    await app.stop();
    await channel.stop();
  });

  const turns = channelTurns({
    port: () => app.port,
    serviceUrl: () => serviceUrl,
    tenantId: options.tenantId,
  });
  return { ...turns, log };
}
