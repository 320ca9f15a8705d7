import { Conversation, type TurnOutcome } from '../../src/conversation/conversation';
import type { ConversationMemory } from '../../src/conversation/memory';
import type { Reply } from '../../src/conversation/reply';
import type { Locale } from '../../src/cards/card-data';
import { CardRenderer } from '../../src/cards/render';
import type { LogsBackend } from '../../src/logs/backend';
import type { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { cardTexts } from '../support/cards';
import { DEMO_NOW, TWO_HUB_DEVICE, demoLogs } from './demo-logs';

let logs: LocalLogsBackend;
const renderer = new CardRenderer();

beforeAll(() => {
  logs = demoLogs();
});

function conversationOver(backend: LogsBackend = logs): Conversation {
  return new Conversation({
    dataSource: () => 'Embedded demo data',
    logs: async () => ({ logs: backend, now: () => DEMO_NOW }),
    clock: () => DEMO_NOW,
  });
}

/** What a reader sees: the text of a text reply, or every string of the rendered card. */
function seen(reply: Reply | undefined): string {
  if (!reply) return '';
  return reply.kind === 'text' ? reply.text : cardTexts(renderer.renderRequest(reply.card)).join('\n');
}

function templateOf(outcome: TurnOutcome): string | undefined {
  const [first] = outcome.replies;
  return first?.kind === 'card' ? first.card.template : first?.kind;
}

async function ask(
  text: string,
  locale: Locale = 'en',
  memory?: ConversationMemory,
  conversation = conversationOver(),
): Promise<TurnOutcome> {
  return conversation.handleMessage({ text, locale, ...(memory ? { memory } : {}) });
}

describe('Conversation over the demo data (real embedded engine)', () => {
  it('finds the token-renewal pattern for "why did device thermostat-0042 disconnect?"', async () => {
    const outcome = await ask('why did device thermostat-0042 disconnect?');
    expect(outcome.command).toMatchObject({ verb: 'diagnose', deviceId: 'thermostat-0042' });
    expect(outcome.diagnosis?.findings[0]?.id).toBe('iothub.401003.token-renewal');
    expect(templateOf(outcome)).toBe('diagnosis');
    expect(seen(outcome.replies[0])).toContain('thermostat-0042');
    expect(outcome.memory).toMatchObject({ deviceId: 'thermostat-0042', hub: 'CONTOSO-FLEET-HUB' });
  });

  it('answers the Korean question with a Korean card', async () => {
    const outcome = await ask('thermostat-0042 장치 연결이 왜 끊겼어?', 'ko');
    expect(outcome.diagnosis?.findings[0]?.id).toBe('iothub.401003.token-renewal');
    expect(seen(outcome.replies[0])).toMatch(/[가-힣]/);
  });

  it.each([
    ['status of pump-station-4', 'en', 'device-status'],
    ['pump-station-4 상태', 'ko', 'device-status'],
    ['hub errors in the last 24 hours', 'en', 'hub-errors'],
    ['지난 24시간 허브 오류', 'ko', 'hub-errors'],
    ['which devices disconnect the most?', 'en', 'top-devices'],
    ['가장 많이 끊긴 장치', 'ko', 'top-devices'],
    ['dps errors in the last 24 hours', 'en', 'dps-summary'],
    ['지난 24시간 DPS 오류', 'ko', 'dps-summary'],
    ['explain 401003', 'en', 'explain-code'],
    ['401003 뜻', 'ko', 'explain-code'],
    ['help', 'en', 'help'],
    ['도움말', 'ko', 'help'],
  ] as const)('%s → %s card', async (text, locale, template) => {
    const outcome = await ask(text, locale);
    expect(templateOf(outcome)).toBe(template);
    const shown = seen(outcome.replies[0]);
    if (locale === 'ko') expect(shown).toMatch(/[가-힣]/);
    expect(shown).not.toContain('${');
  });

  it('shows the fleet facts: the mass disconnect devices top the list, the DPS 429 burst is there', async () => {
    const top = await ask('top disconnecting devices');
    expect(seen(top.replies[0])).toContain('pump-station-4');
    // The renewals of the whole fleet, though none of the listed devices renews.
    expect(seen(top.replies[0])).toMatch(/\d+ SAS token renewals on 3 devices .* not as disconnects\./);
    const dps = await ask('dps errors');
    expect(seen(dps.replies[0])).toContain('429');
  });

  it('answers hub errors without the renewal noise: renewals counted apart, top devices one click from a diagnosis', async () => {
    for (const [text, locale, expected] of [
      [
        'hub errors in the last 24 hours',
        'en',
        /^\d+ SAS token renewals on 3 devices .* counted apart, not as errors\.$/,
      ],
      ['지난 24시간 허브 오류', 'ko', /^장치 3대의 SAS 토큰 갱신 \d+회.*오류에서 빼고 따로 셌습니다\.$/],
    ] as const) {
      const outcome = await ask(text, locale);
      const [reply] = outcome.replies;
      if (reply?.kind !== 'card') throw new Error('expected a card');
      const card = renderer.renderRequest(reply.card);
      expect(cardTexts(card).filter((line) => expected.test(line))).toHaveLength(1);
      // The renewal devices are named under no code: their 401003 and 404104 are no errors.
      const json = JSON.stringify(card);
      for (const renewing of ['thermostat-0042', 'meter-gangnam-118', 'thermostat-0117'])
        expect(json).not.toContain(`"deviceId":"${renewing}"`);
      const diagnose = /"data":(\{"cmd":"diagnose"[^}]*\})/.exec(json)?.[1];
      if (diagnose === undefined) throw new Error('no Diagnose button');
      const payload = JSON.parse(diagnose) as Record<string, unknown>;
      expect(payload).toMatchObject({ post: 'new', hub: 'CONTOSO-FLEET-HUB' });
      const clicked = await conversationOver().handleAction({ locale, payload });
      expect(clicked.command).toMatchObject({
        verb: 'diagnose',
        deviceId: payload['deviceId'],
        asNewCard: true,
      });
      expect(templateOf(clicked)).toBe('diagnosis');
    }
  });

  it('switches the language per user with "language ko" and says so in that language', async () => {
    const outcome = await ask('language ko');
    expect(outcome.userLocale).toBe('ko');
    expect(seen(outcome.replies[0])).toContain('한국어로 답할게요');
    expect((await ask('language en', 'ko')).userLocale).toBe('en');
  });

  it('follows up: "and yesterday?", "what about the DPS side?", "widen to 7 days"', async () => {
    const first = await ask('why did device thermostat-0042 disconnect?');
    const yesterday = await ask('and yesterday?', 'en', first.memory);
    expect(yesterday.command).toEqual({
      verb: 'diagnose',
      deviceId: 'thermostat-0042',
      hub: 'CONTOSO-FLEET-HUB',
      window: { start: '2026-03-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
    });
    expect(yesterday.diagnosis?.findings[0]?.id).toBe('iothub.401003.token-renewal');
    const dps = await ask('what about the DPS side?', 'en', yesterday.memory);
    // After a device question, the DPS side is that device's (follow-ups.test.ts).
    expect(dps.command).toMatchObject({ verb: 'diagnose', focus: 'dps', window: yesterday.memory.window });
    const wider = await ask('widen to 7 days', 'en', dps.memory);
    expect(wider.command).toMatchObject({
      verb: 'diagnose',
      window: { start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
    });
    const korean = await ask('그럼 어제는?', 'ko', first.memory);
    expect(korean.command).toMatchObject({ verb: 'diagnose', deviceId: 'thermostat-0042' });
  });

  it('asks back which hub when the device has records in two (a choice card, not a guess)', async () => {
    const outcome = await ask(`why did ${TWO_HUB_DEVICE} disconnect?`);
    expect(templateOf(outcome)).toBe('choice');
    const [reply] = outcome.replies;
    if (reply?.kind !== 'card') throw new Error('expected a card');
    const card = renderer.renderRequest(reply.card);
    const texts = cardTexts(card);
    expect(texts.join('\n')).toContain('2 IoT hubs');
    expect(texts).toEqual(expect.arrayContaining(['CONTOSO-FLEET-HUB', 'CONTOSO-LAB-HUB']));
    // Each choice is a button that diagnoses the device in that hub.
    const json = JSON.stringify(card);
    expect(json).toContain('"hub":"CONTOSO-LAB-HUB"');
    const chosen = await conversationOver().handleAction({
      locale: 'en',
      payload: { cmd: 'diagnose', deviceId: TWO_HUB_DEVICE, hub: 'CONTOSO-LAB-HUB' },
    });
    expect(chosen.diagnosis?.hub).toBe('CONTOSO-LAB-HUB');
  });

  it('answers a mistyped device id with the allowed characters, in both languages', async () => {
    const english = await ask('why did device thermo/stat disconnect?');
    expect(english.command).toBeUndefined();
    expect(seen(english.replies[0])).toContain('"thermo/stat" is not a valid device id');
    const korean = await ask('장치 thermo/stat 연결이 왜 끊겼어?', 'ko');
    expect(seen(korean.replies[0])).toContain('ID 형식이 올바르지 않아요');
  });

  it('answers what it does not understand with the help card, closest commands first', async () => {
    const outcome = await ask('hub eror');
    expect(templateOf(outcome)).toBe('help');
    const shown = seen(outcome.replies[0]);
    expect(shown).toContain(`I didn't understand "hub eror"`);
    expect(shown.indexOf('hub-errors')).toBeGreaterThan(-1);
    expect(shown).not.toContain('**top-disconnects**');
  });

  it('routes a card button to the same handler as the typed command', async () => {
    const typed = await ask('explain 404104');
    const clicked = await conversationOver().handleAction({
      locale: 'en',
      payload: { cmd: 'explain', code: '404104' },
    });
    expect(clicked.command).toEqual(typed.command);
    expect(clicked.replies).toEqual(typed.replies);
    const invalid = await conversationOver().handleAction({
      locale: 'en',
      payload: { cmd: 'status', deviceId: 'a b' },
    });
    expect(seen(invalid.replies[0])).toContain('is not a valid device id');
    const unknown = await conversationOver().handleAction({ locale: 'en', payload: { cmd: 'format-disk' } });
    expect(unknown.command).toBeUndefined();
  });

  it('turns a failed query into an error card with a Retry button that asks again', async () => {
    // A cancelled query fails in the real backend exactly like a timed-out one in Azure.
    const cancelled = new AbortController();
    cancelled.abort();
    const outcome = await conversationOver()
      .understand({ text: 'top disconnects', locale: 'en' })
      .answer({ abortSignal: cancelled.signal });
    expect(templateOf(outcome)).toBe('error');
    const [reply] = outcome.replies;
    const card = JSON.stringify(reply?.kind === 'card' ? renderer.renderRequest(reply.card) : reply);
    expect(card).toContain('The query took too long.');
    expect(card).toContain('"cmd":"top-disconnects"');
  });
});
