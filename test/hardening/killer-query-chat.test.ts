import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { writeSimulation } from '../../src/logs/simulate/write-simulation';
import { adaptiveCardOf, cardTexts } from '../support/cards';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';

/*
 * The exit-134 incident through the whole bot: the app as `npm start` runs it (the engine in two
 * worker threads, over exported files), one conversation typing the self-join that once ran the
 * process out of heap, another asking for a diagnosis at the same moment. The killer gets a limit
 * error it can act on; the other conversation gets its diagnosis; the bot keeps answering.
 */
const END = new Date('2026-03-02T10:00:00Z');
const KILLER = 'kql AzureDiagnostics | join kind=inner (AzureDiagnostics) on Category';

let app: RunningApp;

beforeAll(async () => {
  const logs = mkdtempSync(join(tmpdir(), 'killer-logs-'));
  await writeSimulation({ seed: 7, devices: 60, days: 2, end: END, outDir: logs, format: 'rows' });
  app = await startApp(
    readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', LOCAL_LOGS_PATH: logs, ENGINE_WORKERS: '2' })),
    { logger: memoryLogger().logger, loadLogsAtStart: true, clock: () => END },
  );
}, 300_000);

afterAll(async () => {
  await app?.stop();
});

async function ask(conversationId: string, text: string): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `m-${conversationId}`,
      text,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      locale: 'en-US',
      deliveryMode: 'expectReplies',
      from: { id: `user-${conversationId}` },
      recipient: { id: 'bot-1' },
      conversation: { id: conversationId, conversationType: 'personal' },
    }),
  });
  expect(response.status).toBe(200);
  const { activities } = (await response.json()) as { activities: unknown[] };
  return activities.flatMap((activity) => {
    const card = adaptiveCardOf(activity);
    return card ? cardTexts(card) : [(activity as { text?: string }).text ?? ''];
  });
}

it('answers the killer query with a limit error while another conversation gets its diagnosis', async () => {
  const heapBefore = process.memoryUsage().heapUsed;
  const [killer, diagnosis] = await Promise.all([
    ask('conversation-killer', KILLER),
    ask('conversation-on-call', 'why did pump-station-4 disconnect?'),
  ]);
  const killerText = killer.join('\n');
  expect(killerText).toMatch(/join produced more than/);
  expect(killerText).toMatch(/where before the join|summarize first/);
  expect(diagnosis.join('\n')).toMatch(/pump-station-4/);
  expect(diagnosis.join('\n')).not.toMatch(/No records for pump-station-4/);
  // The rows the join would have made never reached this thread.
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
  expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
  expect((await ask('conversation-later', 'status pump-station-4')).join('\n')).toMatch(/pump-station-4/);
}, 300_000);
