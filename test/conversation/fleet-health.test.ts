import { Conversation, type TurnOutcome } from '../../src/conversation/conversation';
import type { ConversationMemory } from '../../src/conversation/memory';
import type { Locale } from '../../src/cards/card-data';
import { CardRenderer } from '../../src/cards/render';
import type { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { cardTexts } from '../support/cards';
import { DEMO_NOW, demoLogs } from './demo-logs';

let logs: LocalLogsBackend;
const renderer = new CardRenderer();

beforeAll(() => {
  logs = demoLogs();
});

async function ask(text: string, locale: Locale = 'en', memory?: ConversationMemory): Promise<TurnOutcome> {
  const conversation = new Conversation({
    dataSource: () => 'Embedded demo data',
    logs: async () => ({ logs, now: () => DEMO_NOW }),
    clock: () => DEMO_NOW,
  });
  return conversation.handleMessage({ text, locale, ...(memory ? { memory } : {}) });
}

function seen(outcome: TurnOutcome): string {
  const [first] = outcome.replies;
  if (!first) return '';
  return first.kind === 'text' ? first.text : cardTexts(renderer.renderRequest(first.card)).join('\n');
}

describe('fleet health in a conversation (demo data, embedded engine)', () => {
  it.each([
    ["what's broken", 'en'],
    ['what is broken right now?', 'en'],
    ['are any devices offline?', 'en'],
    ['are any devices offline right now?', 'en'],
    ["what's wrong with my fleet?", 'en'],
    ['fleet health', 'en'],
    ['which devices are offline', 'en'],
    ['지금 문제 있는 장치', 'ko'],
    ['오프라인 장치', 'ko'],
    ['오프라인 장치 있어?', 'ko'],
    ['뭐가 고장났어?', 'ko'],
  ] as const)('"%s" asks the fleet health verb', async (text, locale) => {
    const outcome = await ask(text, locale);
    expect(outcome.command).toMatchObject({ verb: 'fleet-health' });
    const [first] = outcome.replies;
    expect(first?.kind === 'card' ? first.card.template : first?.kind).toBe('fleet-health');
    const shown = seen(outcome);
    expect(shown).not.toContain('${');
    expect(shown).toContain('freezer-mapo-03');
    if (locale === 'ko') expect(shown).toMatch(/오프라인 \d+대/);
  });

  it('after a question about a device, "what\'s broken right now?" answers about the fleet, not that device', async () => {
    const first = await ask('why did device thermostat-0043 disconnect?');
    expect(first.memory.deviceId).toBe('thermostat-0043');
    const fleet = await ask("what's broken right now?", 'en', first.memory);
    expect(fleet.command).toEqual({ verb: 'fleet-health', window: expect.any(Object) });
    const shown = seen(fleet);
    expect(shown).not.toContain('thermostat-0043');
    expect(shown).toContain('camera-lobby-02');
    const korean = await ask('지금 문제 있는 장치', 'ko', first.memory);
    expect(korean.command).toMatchObject({ verb: 'fleet-health' });
    expect(korean.command).not.toHaveProperty('deviceId');
  });

  it('a question naming a device stays a device question', async () => {
    const outcome = await ask('is thermostat-0042 offline?');
    expect(outcome.command).toMatchObject({ deviceId: 'thermostat-0042' });
  });
});
