import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { adaptiveCardOf, cardTexts } from '../support/cards';
import { memoryLogger } from '../support/memory-log';
import { isolatedEnv } from '../support/temp-dir';

/*
 * The embedded engine over the user's own files: a broken file (not JSON, truncated, binary,
 * wrong shape) costs an answer that says so, never the process.
 */
describe.each([
  ['not JSON at all', 'this is not a log export\n\u0000\u0001\u0002'],
  [
    'truncated JSON',
    '{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"}],"rows":[["2026-',
  ],
  ['the wrong shape', '{"hello":"world","tables":42}'],
  [
    'rows with garbage cells',
    '[{"TimeGenerated":"yesterday","Category":7,"properties_s":{"a":[1,2,{"b":null}]}}]',
  ],
])('a local log file that is %s', (_name, content) => {
  let app: RunningApp;
  let log: ReturnType<typeof memoryLogger>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-logs-'));
    const file = join(dir, 'export.json');
    writeFileSync(file, content);
    log = memoryLogger();
    app = await startApp(readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', LOCAL_LOGS_PATH: file })), {
      logger: log.logger,
      loadLogsAtStart: true,
    });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('is skipped with a warning naming the file, and the bot stays up and answers', async () => {
    const response = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'a-1',
        text: 'diagnose sensor-001',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        locale: 'en-US',
        deliveryMode: 'expectReplies',
        from: { id: 'user-1' },
        recipient: { id: 'bot-1' },
        conversation: { id: 'conversation-1', conversationType: 'personal' },
      }),
    });
    expect(response.status).toBe(200);
    const { activities } = (await response.json()) as { activities: unknown[] };
    const texts = activities.flatMap((a) => {
      const card = adaptiveCardOf(a);
      return card ? cardTexts(card) : [(a as { text?: string }).text ?? ''];
    });
    expect(texts).toContain('No records for sensor-001');
    // (The question waited for the load, so its report is in the log by now.)
    const warning = log
      .lines()
      .find((l) => l['msg'] === 'Some log records could not be read and were skipped');
    expect(warning).toMatchObject({ level: 'warn' });
    expect(JSON.stringify(warning)).toContain('export.json');
    expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
  });
});
