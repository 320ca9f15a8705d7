import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/azurite';
import { LoopbackChannel } from '../support/loopback-channel';
import { alertId, logSearchAlert } from './payloads';

const ROOT = path.resolve(__dirname, '..', '..');
const SECRET = 'restart-secret-0123456789abcdef';

/**
 * The real bot process (src/index.ts through tsx) on file storage: an alert accepted by one
 * process that is then killed is delivered by the next process on the same folder, once.
 */
describe('restart safety (real bot processes)', () => {
  let folder: string;
  let channel: LoopbackChannel;
  let serviceUrl: string;
  let bot: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'alerts-restart-'));
    const simulated = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'simulate',
        '--out',
        path.join(folder, 'logs'),
        '--devices',
        '5',
        '--days',
        '1',
        '--format',
        'rows',
        '--end',
        '2026-03-02T10:00:00Z',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(simulated.status).toBe(0);
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
  });
  afterAll(async () => {
    if (bot && bot.exitCode === null) bot.kill('SIGKILL');
    await channel?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  async function startBot(port: number): Promise<void> {
    bot = spawn(
      process.execPath,
      ['--disable-warning=DEP0111', '--import', 'tsx', path.join('src', 'index.ts')],
      {
        cwd: ROOT,
        env: {
          PATH: process.env['PATH'],
          HOME: folder,
          NODE_ENV: 'development',
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          STORAGE: 'file',
          STORAGE_PATH: path.join(folder, 'data'),
          LOCAL_LOGS_PATH: path.join(folder, 'logs'),
          ALERT_WEBHOOK_SECRET: SECRET,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    bot.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    bot.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      if (bot.exitCode !== null || Date.now() > deadline)
        throw new Error(`The bot did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function kill(): Promise<void> {
    const running = bot;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL'); // a crash: nothing gets to finish
    await exited;
  }

  it('delivers an accepted alert after the process is killed and restarted, once', async () => {
    const isNewPost = (p: string) => p === '/v3/conversations/conv-restart/activities';
    const delivered: string[] = [];
    let channelUp = false;
    channel.respond = (activity) => {
      if (!isNewPost(activity.path)) return { status: 200, body: { id: `reply-${channel.received.length}` } };
      if (!channelUp) return { status: 503 };
      delivered.push(activity.path);
      return { status: 200, body: { id: `card-${delivered.length}` } };
    };

    const port = await freePort();
    await startBot(port);
    const subscribed = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'm1',
        text: 'subscribe alerts',
        channelId: 'msteams',
        serviceUrl,
        from: { id: 'u1', name: 'Ana', aadObjectId: 'aad-ana' },
        recipient: { id: 'bot' },
        conversation: { id: 'conv-restart', conversationType: 'channel' },
      }),
    });
    expect(subscribed.status).toBeLessThan(300);

    const accepted = await fetch(`http://127.0.0.1:${port}/api/alerts?code=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(logSearchAlert({ id: alertId('r1'), deviceId: 'camera-lobby-02' })),
    });
    expect(accepted.status).toBe(202);

    // The first process tries and Teams is unavailable; then it dies.
    const deadline = Date.now() + 60_000;
    while (!channel.received.some((r) => isNewPost(r.path))) {
      if (Date.now() > deadline) throw new Error(`no delivery attempt:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    await kill();
    expect(delivered).toHaveLength(0);

    channelUp = true;
    await startBot(await freePort());
    const until = Date.now() + 60_000;
    while (delivered.length === 0) {
      if (Date.now() > until) throw new Error(`not delivered after the restart:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a second post would show up by now
    expect(delivered).toHaveLength(1);
    await kill();
  }, 180_000);
});
