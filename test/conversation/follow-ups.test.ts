import { Conversation, type TurnOutcome } from '../../src/conversation/conversation';
import type { ConversationMemory } from '../../src/conversation/memory';
import type { Reply } from '../../src/conversation/reply';
import type { Locale } from '../../src/cards/card-data';
import { CardRenderer } from '../../src/cards/render';
import { cardTexts } from '../support/cards';
import type { CellValue } from '../../src/logs/backend';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { DEMO_END, DEMO_NOW, demoLogs } from './demo-logs';

let logs: LocalLogsBackend;
const renderer = new CardRenderer();

beforeAll(() => {
  logs = demoLogs();
});

function conversationAt(now: Date = DEMO_NOW, backend: LogsBackendLike = logs): Conversation {
  return new Conversation({
    dataSource: () => 'Embedded demo data',
    logs: async () => ({ logs: backend, now: () => now }),
    clock: () => now,
  });
}

function seen(replies: readonly Reply[]): string {
  return replies
    .map((reply) =>
      reply.kind === 'text' ? reply.text : cardTexts(renderer.renderRequest(reply.card)).join('\n'),
    )
    .join('\n');
}

function templates(outcome: TurnOutcome): string[] {
  return outcome.replies.map((reply) => (reply.kind === 'card' ? reply.card.template : reply.kind));
}

type LogsBackendLike = LocalLogsBackend;

async function ask(
  text: string,
  memory?: ConversationMemory,
  locale: Locale = 'en',
  now: Date = DEMO_NOW,
  backend: LogsBackendLike = logs,
): Promise<TurnOutcome> {
  return conversationAt(now, backend).handleMessage({ text, locale, ...(memory ? { memory } : {}) });
}

/** A real-shaped Connections record of `deviceId`, `hoursBeforeEnd` before the demo's end. */
function connectionRow(
  deviceId: string,
  operation: string,
  hoursBeforeEnd: number,
): Record<string, CellValue> {
  return {
    TimeGenerated: new Date(DEMO_END.getTime() - hoursBeforeEnd * HOUR),
    ResourceProvider: 'MICROSOFT.DEVICES',
    ResourceType: 'IOTHUBS',
    Resource: 'CONTOSO-FLEET-HUB',
    ResourceId:
      '/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/CONTOSO-FLEET-HUB',
    Category: 'Connections',
    OperationName: operation,
    Level: 'Information',
    ResultType: null,
    properties_s: JSON.stringify({ deviceId, protocol: 'Mqtt', sdkVersion: '.NET/1.42.3', errorMessage: '' }),
  };
}

const HOUR = 3_600_000;

describe('follow-ups over the demo data', () => {
  it('a fleet question after a device question does not borrow the device', async () => {
    const device = await ask('why did device thermostat-0042 disconnect?');
    const fleet = await ask('which devices keep failing?', device.memory);
    expect(fleet.command).toMatchObject({ verb: 'top-disconnects' });
    expect(fleet.command).not.toHaveProperty('deviceId');
    const korean = await ask('전체 장치 중 왜 끊겼어?', device.memory, 'ko');
    expect(JSON.stringify(korean.command ?? {})).not.toContain('thermostat-0042');
  });

  it('a "why" question about many devices is not a question about the remembered one', async () => {
    const device = await ask('why did device thermostat-0042 disconnect?');
    const fleet = await ask('why are all devices offline?', device.memory);
    expect(JSON.stringify(fleet.command ?? {})).not.toContain('thermostat-0042');
  });

  it('a follow-up reuses only what the new question leaves open', async () => {
    const device = await ask('why did device thermostat-0042 disconnect?');
    const other = await ask('and pump-station-4?', device.memory);
    expect(other.command).toMatchObject({ verb: 'diagnose', deviceId: 'pump-station-4' });
    expect(other.command).not.toHaveProperty('hub', 'CONTOSO-FLEET-HUB');
  });

  it('remembers whether a window was relative; widening a relative one keeps ending at now', async () => {
    const first = await ask('why did device thermostat-0042 disconnect?');
    expect(first.memory.windowRelative).toBe(true);
    const later = new Date(DEMO_NOW.getTime() + 2 * HOUR);
    const wider = await ask('widen to 7 days', first.memory, 'en', later);
    expect(wider.command).toMatchObject({
      verb: 'diagnose',
      window: {
        start: new Date(later.getTime() - 7 * 24 * HOUR).toISOString(),
        end: later.toISOString(),
      },
    });
    const yesterday = await ask('and yesterday?', first.memory);
    expect(yesterday.memory.windowRelative).toBe(false);
    const widerAbsolute = await ask('widen to 7 days', yesterday.memory, 'en', later);
    expect(widerAbsolute.command).toMatchObject({ window: { end: '2026-03-02T00:00:00.000Z' } });
  });

  it('says the data covers less than a widened window (the demo covers 3 days)', async () => {
    const first = await ask('last 10 events of thermostat-0042');
    const wider = await ask('widen to 30 days', first.memory);
    expect(seen(wider.replies)).toMatch(/The data covers only .* of this window/);
  });

  it('"and yesterday?" on a known device with a quiet day names its first and last record', async () => {
    const first = await ask('why did device thermostat-0042 disconnect?');
    // Three days before the demo ends, the device has no records: that day is quiet, not a typo.
    const quiet = await ask('and on February 25?', first.memory);
    expect(quiet.command).toMatchObject({ verb: 'diagnose', deviceId: 'thermostat-0042' });
    const shown = seen(quiet.replies);
    expect(shown).toContain('No events for thermostat-0042 in this window');
    expect(shown).toMatch(/Its first record: .*; its last: /);
    expect(shown).not.toContain('Did you mean');
    expect(JSON.stringify(quiet.replies)).toContain('"cmd":"diagnose"');
    const korean = await ask('그럼 2월 25일은?', first.memory, 'ko');
    expect(seen(korean.replies)).toContain('알려진 장치예요');
  });

  it('"and yesterday?" over small real-shaped rows: quiet yesterday, busy today', async () => {
    const engine = new LocalLogsEngine({ clock: () => DEMO_NOW });
    // Today (the last 10 hours) the device connects; yesterday (UTC) nothing; other devices talk.
    engine.appendRow('AzureDiagnostics', connectionRow('quiet-meter-7', 'deviceConnect', 2));
    engine.appendRow('AzureDiagnostics', connectionRow('quiet-meter-7', 'deviceConnect', 40));
    engine.appendRow('AzureDiagnostics', connectionRow('busy-meter-1', 'deviceConnect', 20));
    engine.finishLoading();
    const small = new LocalLogsBackend(engine);
    const first = await ask('status of quiet-meter-7', undefined, 'en', DEMO_NOW, small);
    expect(first.command).toMatchObject({ verb: 'status', deviceId: 'quiet-meter-7' });
    const yesterday = await ask('and yesterday?', first.memory, 'en', DEMO_NOW, small);
    const shown = seen(yesterday.replies);
    expect(shown).toContain('No events for quiet-meter-7 in this window');
    expect(shown).toContain('2 records in the last 30 days');
    expect(shown).toContain('Its first record: 2026-02-28 18:00; its last: 2026-03-02 08:00');
    expect(shown).not.toContain('misspelled');
  });

  it('an unknown device still gets the no-records card', async () => {
    const unknown = await ask('why did device no-such-device-9 disconnect?');
    expect(seen(unknown.replies)).toContain('No records for no-such-device-9');
  });

  it('"what about the DPS side?" after a device question answers for that device', async () => {
    const device = await ask('why did device thermostat-0042 disconnect?');
    const dps = await ask('what about the DPS side?', device.memory);
    expect(dps.command).toMatchObject({ verb: 'diagnose', deviceId: 'thermostat-0042', focus: 'dps' });
    expect(templates(dps)).toEqual(['text', 'diagnosis']);
    expect(seen(dps.replies)).toMatch(/DPS side.*registration id thermostat-0042/);
    const korean = await ask('그럼 DPS 쪽은?', device.memory, 'ko');
    expect(korean.command).toMatchObject({ verb: 'diagnose', focus: 'dps' });
    expect(seen(korean.replies)).toContain('DPS 측');
    // Without a device question before, DPS words still mean the fleet's DPS errors.
    const fleet = await ask('what about the DPS side?', { last: { verb: 'hub-errors' } });
    expect(fleet.command).toMatchObject({ verb: 'dps-errors' });
  });

  it('a device id that differs only in case gets a did-you-mean that says ids are case-sensitive', async () => {
    const outcome = await ask('why did device THERMOSTAT-0042 disconnect?');
    const shown = seen(outcome.replies);
    expect(shown).toContain('case-sensitive');
    expect(shown).toContain('thermostat-0042');
    const korean = await ask('THERMOSTAT-0042 장치 연결이 왜 끊겼어?', undefined, 'ko');
    expect(seen(korean.replies)).toContain('대소문자를 구분해요');
  });
});

describe('recent events', () => {
  it.each([
    ['last 10 events of thermostat-0042', 'en', 10],
    ['thermostat-0042 최근 이벤트 10개', 'ko', 10],
    ['recent events thermostat-0042', 'en', 10],
    ['show events for thermostat-0042', 'en', 10],
    ['last 5 events of thermostat-0042', 'en', 5],
    ['last 500 events of thermostat-0042', 'en', 50],
  ] as const)('%s → %d newest events', async (text, locale, count) => {
    const outcome = await ask(text, undefined, locale);
    expect(outcome.command).toMatchObject({ verb: 'recent-events', deviceId: 'thermostat-0042', count });
    expect(templates(outcome)).toEqual(['recent-events']);
    const [reply] = outcome.replies;
    if (reply?.kind !== 'card') throw new Error('expected a card');
    const rows = (reply.card.data as unknown as { rows: readonly { time: string }[] }).rows;
    expect(rows).toHaveLength(count);
    const times = rows.map((row) => row.time);
    expect([...times].sort().reverse()).toEqual(times);
    const shown = seen(outcome.replies);
    if (locale === 'ko') expect(shown).toContain('최근 이벤트');
    expect(shown).not.toContain('${');
    expect(JSON.stringify(reply.card)).toContain('"cmd":"diagnose"');
  });

  it('reads every category that names a device, not only Connections', async () => {
    const outcome = await ask('last 50 events of thermostat-0042');
    const [reply] = outcome.replies;
    if (reply?.kind !== 'card') throw new Error('expected a card');
    expect(JSON.stringify(reply.card.data)).toContain('DeviceTelemetry');
  });

  it('follows up: "and yesterday?" keeps the device and the count', async () => {
    const first = await ask('last 5 events of thermostat-0042');
    const yesterday = await ask('and yesterday?', first.memory);
    expect(yesterday.command).toMatchObject({
      verb: 'recent-events',
      deviceId: 'thermostat-0042',
      window: { start: '2026-03-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
    });
  });
});
