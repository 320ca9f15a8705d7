/**
 * Diagnose on a row of a list card (fleet health, top devices) over the real turn pipeline: the
 * diagnosis arrives as a new message and the invoke is answered with text, so the list card stays
 * (an Action.Execute answered with a card replaces the clicked card for the clicker).
 */
import {
  ActivityTypes,
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
} from 'botbuilder';
import { CardRenderer } from '../../src/cards/render';
import { Conversation } from '../../src/conversation/conversation';
import { TriageBot } from '../../src/hosting/triage-bot';
import type { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { adaptiveCardOf, cardTexts } from '../support/cards';
import { DEMO_NOW, demoLogs } from '../conversation/demo-logs';
import { ManualScheduler } from './manual-scheduler';

let demo: LocalLogsBackend;

beforeAll(() => {
  demo = demoLogs();
});

function setup() {
  const storage = new MemoryStorage();
  const conversation = new Conversation({
    dataSource: () => 'Embedded demo data',
    logs: async () => ({ logs: demo, now: () => DEMO_NOW }),
    clock: () => DEMO_NOW,
  });
  const bot = new TriageBot(conversation, new CardRenderer(), new ConversationState(storage), {
    userState: new UserState(storage),
    clock: () => DEMO_NOW,
    scheduler: new ManualScheduler(),
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  const updates = jest.spyOn(adapter, 'updateActivity');
  return { adapter, updates };
}

async function turn(adapter: TestAdapter, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  await adapter.processActivity(activity);
  return adapter.activeQueue.splice(0).filter((a) => a.type !== ActivityTypes.Typing);
}

/** The data of every Action.Execute in a card whose `cmd` is `cmd`. */
function executeData(card: unknown, cmd: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const data = record['data'] as Record<string, unknown> | undefined;
      if (record['type'] === 'Action.Execute' && data?.['cmd'] === cmd) found.push(data);
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

function click(data: Record<string, unknown>, locale = 'en-US'): Partial<Activity> {
  return {
    type: ActivityTypes.Invoke,
    name: 'adaptiveCard/action',
    locale,
    replyToId: 'the-clicked-card',
    value: { action: { type: 'Action.Execute', verb: String(data['cmd']), data } },
  };
}

function invokeBody(replies: Partial<Activity>[]): { type: string; value: unknown } {
  const response = replies.find((a) => a.type === 'invokeResponse')?.value as {
    body: { type: string; value: unknown };
  };
  return response.body;
}

describe('Diagnose on a list card posts a new card and keeps the list', () => {
  it.each([
    ["what's broken right now?", 'en-US', 'is posted below'],
    ['가장 많이 끊긴 장치', 'ko-KR', '아래에 올렸어요'],
    ['last 10 events of pump-station-4', 'en-US', 'is posted below'],
    ['status pump-station-4', 'en-US', 'is posted below'],
  ])('"%s": the diagnosis is a new message, the invoke answer is text', async (question, locale, said) => {
    const { adapter, updates } = setup();
    const [list] = await turn(adapter, { type: ActivityTypes.Message, text: question, locale });
    const buttons = executeData(adaptiveCardOf(list), 'diagnose');
    expect(buttons.length).toBeGreaterThan(0);
    const first = buttons[0] as Record<string, unknown>;
    const replies = await turn(adapter, click(first, locale));

    const body = invokeBody(replies);
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(body.value)).toContain(said);
    const posted = replies.filter((a) => a.type === ActivityTypes.Message);
    expect(posted).toHaveLength(1);
    const diagnosis = cardTexts(adaptiveCardOf(posted[0])).join('\n');
    expect(diagnosis).toContain(String(first['deviceId']));
    expect(updates).not.toHaveBeenCalled();
  });

  it('the diagnosis card\'s own "Diagnose again" still answers in place', async () => {
    const { adapter } = setup();
    const [card] = await turn(adapter, {
      type: ActivityTypes.Message,
      text: 'why did device thermostat-0042 disconnect?',
      locale: 'en-US',
    });
    const again = executeData(adaptiveCardOf(card), 'diagnose').find((data) => data['post'] === undefined);
    expect(again).toBeDefined();
    const replies = await turn(adapter, click(again as Record<string, unknown>));
    const body = invokeBody(replies);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(body.value).join('\n')).toContain('thermostat-0042');
    expect(replies.filter((a) => a.type === ActivityTypes.Message)).toHaveLength(0);
  });

  it('the Action.Submit fallback of a list-card Diagnose answers with the card alone', async () => {
    const { adapter } = setup();
    const [list] = await turn(adapter, {
      type: ActivityTypes.Message,
      text: "what's broken right now?",
      locale: 'en-US',
    });
    const first = executeData(adaptiveCardOf(list), 'diagnose')[0] as Record<string, unknown>;
    const replies = await turn(adapter, { type: ActivityTypes.Message, locale: 'en-US', value: first });
    expect(replies).toHaveLength(1);
    expect(cardTexts(adaptiveCardOf(replies[0])).join('\n')).toContain(String(first['deviceId']));
  });
});
