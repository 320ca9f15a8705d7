import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { simulateRecords } from '../../src/logs/simulate/simulate-records';
import { FileStore } from '../../src/storage/file-store';
import { MemoryStore } from '../../src/storage/memory-store';
import { cardTexts } from '../support/cards';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { logSearchAlert, metricAlert, alertId } from './payloads';
import { isolatedEnv } from '../support/temp-dir';

const SECRET = 'alert-secret-0123456789abcdef';
const NOW = new Date('2026-03-02T10:30:00Z');

function demoLogs(): LocalLogsBackend {
  const engine = new LocalLogsEngine({ clock: () => NOW });
  for (const { table, row } of simulateRecords({
    seed: 7,
    devices: 30,
    days: 1,
    end: new Date('2026-03-02T10:00:00Z'),
  })) {
    engine.appendRow(table, row);
  }
  engine.finishLoading();
  return new LocalLogsBackend(engine);
}

describe('POST /api/alerts → incident card in a subscribed conversation → Acknowledge', () => {
  let app: RunningApp;
  let channel: LoopbackChannel;
  let serviceUrl: string;
  let base: string;
  const log = memoryLogger([SECRET]);

  beforeAll(async () => {
    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    app = await startApp(
      readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: SECRET })),
      {
        logger: log.logger,
        storage: new MemoryStore(),
        logs: demoLogs(),
        clock: () => NOW,
        alertPollInMs: 50,
      },
    );
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app?.stop();
    await channel?.stop();
  });

  const postAlert = (body: unknown, query = `?code=${SECRET}`, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/alerts${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const activity = (overrides: Record<string, unknown>) => ({
    channelId: 'msteams',
    serviceUrl,
    id: `in-${Math.random().toString(16).slice(2)}`,
    from: { id: 'user-1', name: 'Ana Oncall', aadObjectId: 'aad-ana' },
    recipient: { id: 'bot', name: 'Triage' },
    conversation: { id: 'conv-ops', conversationType: 'channel', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    ...overrides,
  });

  const toBot = (body: Record<string, unknown>) =>
    fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses no credentials with 401 and wrong ones with 403, logging neither', async () => {
    expect((await postAlert(logSearchAlert({}), '')).status).toBe(401);
    expect((await postAlert(logSearchAlert({}), '?code=not-the-secret-at-all')).status).toBe(403);
    expect((await postAlert(logSearchAlert({}), '', { 'x-alert-secret': 'wrong' })).status).toBe(403);
    expect(log.text()).not.toContain('not-the-secret-at-all');
    expect(log.text()).not.toContain(SECRET);
  });

  it('answers 400 for a payload without the common schema, naming the fix', async () => {
    const response = await postAlert({ status: 'Activated', context: {} });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/common alert schema/);
  });

  it('answers 400 naming the field for a wrong shape, and 400 for bad JSON', async () => {
    const bad = logSearchAlert({});
    (
      (bad.data as Record<string, Record<string, unknown>>).essentials as Record<string, unknown>
    ).monitorCondition = 'Maybe';
    const response = await postAlert(bad);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { field: string }).field).toBe('data.essentials.monitorCondition');
    expect((await postAlert('{"schemaId": ')).status).toBe(400);
  });

  it('answers 413 for a body over 256 KB', async () => {
    const big = logSearchAlert({});
    (big.data as Record<string, unknown>).customProperties = { padding: 'x'.repeat(300 * 1024) };
    expect((await postAlert(big)).status).toBe(413);
  });

  it('posts the diagnosed incident to the subscribed channel, once, and Acknowledge updates the card', async () => {
    const subscribe = await toBot(
      activity({ type: 'message', text: '<at>Triage</at> subscribe alerts severity Sev2' }),
    );
    expect(subscribe.status).toBeLessThan(300);
    await channel.waitForActivities(1);
    expect(JSON.stringify(channel.received[0]?.body)).toContain(
      'Subscribed: alerts for every hub and DPS, severity Sev2 or worse',
    );

    const accepted = await postAlert(logSearchAlert({ id: alertId(7), deviceId: 'camera-lobby-02' }), '', {
      'x-alert-secret': SECRET,
    });
    expect(accepted.status).toBe(202);
    const { id, duplicate } = (await accepted.json()) as { id: string; duplicate: boolean };
    expect(duplicate).toBe(false);
    expect(id).toMatch(/^[0-9a-f]{6}$/);

    const again = await postAlert(logSearchAlert({ id: alertId(7), deviceId: 'camera-lobby-02' }));
    expect(await again.json()).toEqual({ id, duplicate: true });

    await channel.waitForActivities(2);
    const post = channel.received[1];
    expect(post?.method).toBe('POST');
    expect(post?.path).toBe('/v3/conversations/conv-ops/activities');
    const card = (post?.body.attachments as { content: unknown }[])[0]?.content;
    const texts = cardTexts(card);
    expect(texts.join('\n')).toContain('Sev2 · Device disconnects (401003)');
    expect(texts).toContain('Diagnosis for device camera-lobby-02');
    expect(texts.some((t) => t.startsWith('• '))).toBe(true);

    const invoke = await toBot(
      activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: 'reply-2', // the loopback channel's id for the posted card
        value: { action: { type: 'Action.Execute', verb: 'ack', data: { cmd: 'ack', incidentId: id } } },
      }),
    );
    expect(invoke.status).toBe(200);
    const answer = (await invoke.json()) as { type: string; value: unknown };
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(answer.value)).toContain('Acknowledged');
    expect(cardTexts(answer.value).join('\n')).toMatch(/Ana Oncall · acknowledged/);

    // Everyone sees it: the posted card itself is updated in place.
    await channel.waitForActivities(3);
    const updates = channel.received.filter((r) => r.method === 'PUT');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((u) => u.path === '/v3/conversations/conv-ops/activities/reply-2')).toBe(true);
    expect(
      channel.received.filter(
        (r) => r.method === 'POST' && r.path === '/v3/conversations/conv-ops/activities',
      ),
    ).toHaveLength(1);
  });

  it('takes a metric alert and its Resolved, updating the card to resolved', async () => {
    const before = channel.received.length;
    const fired = await postAlert(metricAlert({ id: alertId(8), severity: 'Sev1' }));
    const { id } = (await fired.json()) as { id: string };
    await channel.waitForActivities(before + 1);
    const resolved = await postAlert(
      metricAlert({ id: alertId(8), condition: 'Resolved', severity: 'Sev1' }),
    );
    expect(await resolved.json()).toEqual({ id, duplicate: false });
    await channel.waitForActivities(before + 2);
    const last = channel.received[channel.received.length - 1];
    expect(last?.method).toBe('PUT');
    expect(cardTexts((last?.body.attachments as { content: unknown }[])[0]?.content).join('\n')).toMatch(
      /Resolved/,
    );
  });

  it('answers typed incident commands', async () => {
    const before = channel.received.length;
    await toBot(activity({ type: 'message', text: 'incidents' }));
    await channel.waitForActivities(before + 1);
    expect(JSON.stringify(channel.received[before]?.body)).toContain('Open incidents (1)');
  });
});

describe('POST /api/alerts when storage is down', () => {
  it('answers 503 so Azure Monitor retries', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'alerts-down-'));
    const blocker = path.join(folder, 'file');
    writeFileSync(blocker, '');
    const app = await startApp(
      readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: SECRET })),
      {
        logger: memoryLogger().logger,
        storage: new FileStore(path.join(blocker, 'data')),
        logs: demoLogs(),
      },
    );
    try {
      const response = await fetch(`http://127.0.0.1:${app.port}/api/alerts?code=${SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(logSearchAlert({})),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
    } finally {
      await app.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('/readyz with the store down', () => {
  it('reports the storage check as not ready', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'readyz-down-'));
    const blocker = path.join(folder, 'file');
    writeFileSync(blocker, '');
    const app = await startApp(readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test' })), {
      logger: memoryLogger().logger,
      storage: new FileStore(path.join(blocker, 'data')),
      logs: demoLogs(),
    });
    try {
      const response = await fetch(`http://127.0.0.1:${app.port}/readyz`);
      const body = (await response.json()) as { checks: { name: string; ok: boolean }[] };
      expect(response.status).toBe(503);
      expect(body.checks.find((c) => c.name === 'storage')?.ok).toBe(false);
    } finally {
      await app.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
