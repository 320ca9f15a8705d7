import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/storage/memory-store';
import { alertId, logSearchAlert } from '../alerts/payloads';
import { demoLogs } from '../support/demo-logs';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { releaseNockAfterThisFile } from '../support/nock-lifetime';
import { isolatedEnv } from '../support/temp-dir';

releaseNockAfterThisFile();

const SECRET = 'alert-secret-serviceurl-0123456789';
const NOW = new Date('2026-03-02T10:30:00Z');

/*
 * The SDK sends the bot's bearer token to whatever service URL it is handed. Alerts are the one
 * input that does not come from Teams, so an alert naming URLs (in any field) must never make the
 * bot call them: it posts only to the service URL stored from the conversation's own turn.
 */
describe('only service URLs from stored conversation references are called', () => {
  let app: RunningApp;
  let channel: LoopbackChannel;
  let channelUrl: string;
  let trap: http.Server;
  let trapUrl: string;
  const trapped: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
    nock.emitter.on('no match', (req: { href?: string; host?: string }) => {
      if (!(req.href ?? req.host ?? '').includes('127.0.0.1')) outside.push(req.href ?? req.host ?? '?');
    });
    channel = new LoopbackChannel();
    channelUrl = await channel.start();
    // A second local server standing in for an attacker's endpoint named in the alert.
    trap = http.createServer((req, res) => {
      trapped.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/`;
    app = await startApp(
      readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: SECRET })),
      {
        logger: memoryLogger([SECRET]).logger,
        storage: new MemoryStore(),
        logs: demoLogs(new Date('2026-03-02T10:00:00Z'), NOW),
        clock: () => NOW,
        alertPollInMs: 20,
      },
    );
  });

  afterAll(async () => {
    await app.stop();
    await channel.stop();
    trap.closeAllConnections();
    await new Promise<void>((resolve) => trap.close(() => resolve()));
    nock.enableNetConnect();
  });

  it('posts the alert to the subscribed conversation only, whatever URLs the alert carries', async () => {
    const subscribe = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'a-1',
        text: 'subscribe alerts',
        channelId: 'msteams',
        serviceUrl: channelUrl,
        locale: 'en-US',
        from: { id: 'user-1', aadObjectId: '00000000-0000-0000-0000-000000000001' },
        recipient: { id: 'bot-1' },
        conversation: { id: 'conv-ops', conversationType: 'personal' },
      }),
    });
    expect(subscribe.status).toBe(200);
    await channel.waitForActivities(1);

    const alert = logSearchAlert({ id: alertId(4242), deviceId: 'thermostat-0042' });
    const data = alert['data'] as Record<string, unknown>;
    data['customProperties'] = { serviceUrl: trapUrl, conversation: { id: 'conv-evil' } };
    const essentials = data['essentials'] as Record<string, unknown>;
    essentials['description'] = `see ${trapUrl}`;
    essentials['alertTargetIDs'] = [trapUrl, ...(essentials['alertTargetIDs'] as string[])];
    const accepted = await fetch(`http://127.0.0.1:${app.port}/api/alerts?code=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-service-url': trapUrl },
      body: JSON.stringify({ ...alert, serviceUrl: trapUrl }),
    });
    expect(accepted.status).toBe(202);
    await channel.waitForActivities(2);
    // Give any stray delivery (a second post, a retry) time to happen before checking none did.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(channel.received[1]?.path).toBe('/v3/conversations/conv-ops/activities');
    expect(trapped).toEqual([]);
    expect(outside).toEqual([]);
  });
});
