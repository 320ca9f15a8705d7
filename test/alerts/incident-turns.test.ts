import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/storage/memory-store';
import { cardTexts } from '../support/cards';
import { demoLogs } from '../support/demo-logs';
import { memoryLogger } from '../support/memory-log';
import { alertId, logSearchAlert } from './payloads';
import { isolatedEnv } from '../support/temp-dir';

const SECRET = 'turns-secret-0123456789abcdef';
const NOW = new Date('2026-03-02T10:30:00Z');

interface Reply {
  type: string;
  text?: string;
  attachments?: { content: unknown }[];
}

describe('typed incident and subscription commands, and card buttons', () => {
  let app: RunningApp;
  let base: string;
  let incidentId: string;

  beforeAll(async () => {
    app = await startApp(
      readConfig(isolatedEnv({ PORT: '0', NODE_ENV: 'test', ALERT_WEBHOOK_SECRET: SECRET })),
      {
        logger: memoryLogger().logger,
        storage: new MemoryStore(),
        logs: demoLogs(new Date('2026-03-02T10:00:00Z'), NOW),
        clock: () => NOW,
        alertPollInMs: 25,
      },
    );
    base = `http://127.0.0.1:${app.port}`;
    const response = await fetch(`${base}/api/alerts?code=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(logSearchAlert({ id: alertId('t1'), deviceId: 'camera-lobby-02' })),
    });
    incidentId = ((await response.json()) as { id: string }).id;
  });
  afterAll(async () => app?.stop());

  /** One turn with deliveryMode expectReplies: the replies come back in the HTTP answer. */
  async function turn(
    body: Record<string, unknown>,
    from = { id: 'u1', name: 'Ana Oncall', aadObjectId: 'aad-ana' },
  ) {
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/unused',
        deliveryMode: 'expectReplies',
        id: `m-${Math.random()}`,
        from,
        recipient: { id: 'bot', name: 'Triage' },
        conversation: { id: 'conv-turns', conversationType: 'groupChat' },
        ...body,
      }),
    });
    return (await response.json()) as { activities?: Reply[]; type?: string; value?: unknown };
  }
  const say = async (text: string, extra: Record<string, unknown> = {}) =>
    ((await turn({ type: 'message', text, ...extra })).activities ?? []) as Reply[];
  const textOf = (replies: Reply[]) =>
    replies.map((r) => r.text ?? cardTexts(r.attachments?.[0]?.content).join('\n')).join('\n');

  it('lists the alert commands in help', async () => {
    const help = textOf(await say('help'));
    expect(help).toContain('subscribe alerts');
    expect(help).toContain('ack 3fa2c1');
  });

  it('subscribes, says what it subscribed to, and unsubscribes', async () => {
    expect(textOf(await say('subscribe alerts severity Sev9'))).toContain(
      'Severity must be one of Sev0, Sev1, Sev2, Sev3, Sev4',
    );
    expect(textOf(await say('subscribe alerts for hub CONTOSO-FLEET-HUB severity Sev1'))).toContain(
      'alerts for hub CONTOSO-FLEET-HUB, severity Sev1 or worse',
    );
    expect(textOf(await say('subscriptions'))).toContain('by Ana Oncall');
    expect(textOf(await say('unsubscribe'))).toContain('Unsubscribed');
    expect(textOf(await say('subscriptions'))).toContain('not subscribed');
  });

  it('acknowledges, assigns and resolves by typed command, recording who on the timeline', async () => {
    await app.alerting.drain();
    expect(textOf(await say('incidents'))).toContain(incidentId);
    expect(textOf(await say(`ack ${incidentId}`))).toContain('Ana Oncall · acknowledged');

    const mention = {
      type: 'mention',
      text: '<at>Ben</at>',
      mentioned: { id: 'u2', name: 'Ben Builder', aadObjectId: 'aad-ben' },
    };
    const assigned = textOf(await say(`assign ${incidentId} <at>Ben</at>`, { entities: [mention] }));
    expect(assigned).toContain('Acknowledged · Ben Builder');
    expect(assigned).toContain('Ana Oncall · assigned to Ben Builder');

    const resolved = textOf(await say(`resolve ${incidentId.toUpperCase()} rotated the device key`));
    expect(resolved).toContain('Resolved 2026-03-02 10:30 UTC');
    expect(resolved).toContain('rotated the device key');
    expect(textOf(await say('incidents'))).toContain('No open incidents');
  });

  it('answers a stale button with the current card, not an error', async () => {
    const answer = await turn({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'ack', data: { cmd: 'ack', incidentId } } },
    });
    const invokeResponse = (answer.activities ?? []).find((a) => a.type === 'invokeResponse') as
      { value?: { body?: { type?: string; value?: unknown } } } | undefined;
    const body = invokeResponse?.value?.body ?? (answer as { type?: string; value?: unknown });
    expect(body?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(body?.value).join('\n')).toContain('Resolved');
  });

  it('answers a card refresh with the current card, and "Open" on a digest with a new message', async () => {
    const refresh = await turn({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        trigger: 'automatic',
        action: { type: 'Action.Execute', verb: 'incident', data: { cmd: 'incident', incidentId } },
      },
    });
    const refreshBody = (refresh.activities ?? []).find((a) => a.type === 'invokeResponse') as
      { value?: { body?: { type?: string } } } | undefined;
    expect((refreshBody?.value?.body ?? (refresh as { type?: string }))?.type).toBe(
      'application/vnd.microsoft.card.adaptive',
    );

    const open = await turn({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        trigger: 'manual',
        action: { type: 'Action.Execute', verb: 'incident', data: { cmd: 'incident', incidentId } },
      },
    });
    const activities = open.activities ?? [];
    const posted = activities.find((a) => a.type === 'message');
    expect(cardTexts(posted?.attachments?.[0]?.content).join('\n')).toContain(incidentId);
    const body =
      (
        activities.find((a) => a.type === 'invokeResponse') as
          { value?: { body?: { type?: string; value?: unknown } } } | undefined
      )?.value?.body ?? (open as { type?: string; value?: unknown });
    expect(body?.type).toBe('application/vnd.microsoft.activity.message');
  });

  it('diagnoses again from the button, recording it on the timeline', async () => {
    const answer = await turn({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: { type: 'Action.Execute', verb: 'rediagnose', data: { cmd: 'rediagnose', incidentId } },
      },
    });
    const body =
      (
        (answer.activities ?? []).find((a) => a.type === 'invokeResponse') as
          { value?: { body?: { value?: unknown } } } | undefined
      )?.value?.body ?? (answer as { value?: unknown });
    const texts = cardTexts(body?.value).join('\n');
    expect(texts).toContain('Diagnosis for device camera-lobby-02');
    expect(texts).toContain('Ana Oncall · diagnosis made');
  });

  it('says so for an unknown incident and asks for an id when there is none', async () => {
    expect(textOf(await say('ack abcdef99'))).toContain('There is no incident abcdef99');
    expect(textOf(await say('ack'))).toContain('Which incident?');
  });

  it('forgets the subscription when the bot is uninstalled', async () => {
    await say('subscribe alerts');
    await turn({ type: 'installationUpdate', action: 'remove' });
    expect(textOf(await say('subscriptions'))).toContain('not subscribed');
  });
});
