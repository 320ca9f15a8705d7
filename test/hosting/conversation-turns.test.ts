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
import { LogsQueryError, type LogsBackend } from '../../src/logs/backend';
import type { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { adaptiveCardOf, cardTexts } from '../support/cards';
import { memoryLogger } from '../support/memory-log';
import { DEMO_NOW, TWO_HUB_DEVICE, demoLogs } from '../conversation/demo-logs';
import { GatedLogsBackend } from './gated-logs';
import { ManualScheduler, eventually } from './manual-scheduler';

let demo: LocalLogsBackend;

beforeAll(() => {
  demo = demoLogs();
});

function setup(logs: LogsBackend = demo) {
  const storage = new MemoryStorage();
  const scheduler = new ManualScheduler();
  const log = memoryLogger();
  const conversation = new Conversation({
    dataSource: () => 'Embedded demo data',
    logs: async () => ({ logs, now: () => DEMO_NOW }),
    clock: () => DEMO_NOW,
  });
  const bot = new TriageBot(conversation, new CardRenderer(), new ConversationState(storage), {
    userState: new UserState(storage),
    clock: () => DEMO_NOW,
    scheduler,
    logger: log.logger,
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  return { adapter, scheduler, log };
}

function message(text: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return { type: ActivityTypes.Message, text, locale: 'en-US', ...extra };
}

/** Runs one whole turn and returns what the bot sent (typing indicators left out). */
async function turn(adapter: TestAdapter, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  await adapter.processActivity(activity);
  return adapter.activeQueue.splice(0).filter((a) => a.type !== ActivityTypes.Typing);
}

function textsOf(activity: Partial<Activity> | undefined): string[] {
  return cardTexts(adaptiveCardOf(activity));
}

describe('conversation turns (TestAdapter, real engine over the demo data)', () => {
  it.each([
    ['why did device thermostat-0042 disconnect?', 'en-US', 'Token renewal'],
    ['thermostat-0042 장치 연결이 왜 끊겼어?', 'ko-KR', '토큰'],
  ])('diagnoses: %s', async (text, locale, expected) => {
    const { adapter } = setup();
    const [reply] = await turn(adapter, message(text, { locale }));
    expect(textsOf(reply).join('\n')).toContain('thermostat-0042');
    expect(textsOf(reply).join('\n').toLowerCase()).toContain(expected.toLowerCase());
  });

  it.each([
    ['status pump-station-4', 'en-US', 'pump-station-4'],
    ['pump-station-4 상태', 'ko-KR', 'pump-station-4'],
    ['hub errors in the last 24 hours', 'en-US', '404104'],
    ['지난 24시간 허브 오류', 'ko-KR', '404104'],
    ['which devices disconnect the most?', 'en-US', 'pump-station-4'],
    ['가장 많이 끊긴 장치', 'ko-KR', 'pump-station-4'],
    ['dps errors', 'en-US', '429'],
    ['DPS 오류', 'ko-KR', '429'],
    ['explain 401003', 'en-US', '401003'],
    ['401003 뜻', 'ko-KR', '401003'],
    ['help', 'en-US', 'What I can do'],
    ['도움말', 'ko-KR', '이렇게 물어보세요'],
  ])('answers "%s" (%s) with a card', async (text, locale, expected) => {
    const { adapter } = setup();
    const replies = await turn(adapter, message(text, { locale }));
    expect(replies).toHaveLength(1);
    const shown = textsOf(replies[0]).join('\n');
    expect(shown).toContain(expected);
    if (locale === 'ko-KR') expect(shown).toMatch(/[가-힣]/);
  });

  it('sends a typing indicator at once for a question that reads logs', async () => {
    const { adapter } = setup();
    await adapter.processActivity(message('status pump-station-4'));
    expect(adapter.activeQueue[0]?.type).toBe(ActivityTypes.Typing);
  });

  it('remembers the device for follow-ups within the conversation', async () => {
    const { adapter } = setup();
    await turn(adapter, message('why did device thermostat-0042 disconnect?'));
    const [yesterday] = await turn(adapter, message('and yesterday?'));
    const shown = textsOf(yesterday).join('\n');
    expect(shown).toContain('thermostat-0042');
    expect(shown).toContain('2026-03-01 00:00 – 2026-03-02 00:00 UTC');
    // The device's DPS side: a summary line, then the diagnosis card (conversation/handlers/dps-side.ts).
    const [dpsLine, dpsCard] = await turn(adapter, message('what about the DPS side?'));
    expect(dpsLine?.text).toContain('DPS side');
    expect(textsOf(dpsCard).join('\n')).toContain('thermostat-0042');
    const [korean] = await turn(adapter, message('그럼 어제는?', { locale: 'ko-KR' }));
    expect(textsOf(korean).join('\n')).toMatch(/[가-힣]/);
  });

  it('reads times in the Teams time zone and names it', async () => {
    const { adapter } = setup();
    const [reply] = await turn(
      adapter,
      message('what happened to thermostat-0042 yesterday', {
        entities: [{ type: 'clientInfo', locale: 'en-US', timezone: 'Asia/Seoul' }],
      }),
    );
    expect(textsOf(reply).join('\n')).toContain('2026-03-01 00:00 – 2026-03-02 00:00 Asia/Seoul (UTC+09:00)');
  });

  it('keeps "language ko" per user, over the Teams locale', async () => {
    const { adapter } = setup();
    const alice = { id: 'alice', name: 'Alice' };
    const bob = { id: 'bob', name: 'Bob' };
    const [confirmation] = await turn(adapter, message('language ko', { from: alice }));
    expect(confirmation?.text).toContain('한국어로 답할게요');
    const [aliceHelp] = await turn(adapter, message('help', { from: alice }));
    expect(textsOf(aliceHelp)[0]).toBe('이렇게 물어보세요');
    const [bobHelp] = await turn(adapter, message('help', { from: bob }));
    expect(textsOf(bobHelp)[0]).toBe('What I can do');
  });

  it('keeps "time zone Asia/Seoul" per user, over the client\'s zone, for every card', async () => {
    const { adapter } = setup();
    const alice = { id: 'alice', name: 'Alice' };
    const bob = { id: 'bob', name: 'Bob' };
    const [confirmation] = await turn(adapter, message('time zone Asia/Seoul', { from: alice }));
    expect(confirmation?.text).toContain('Asia/Seoul');
    const question = 'what happened to thermostat-0042 yesterday';
    const [aliceReply] = await turn(adapter, message(question, { from: alice }));
    expect(textsOf(aliceReply).join('\n')).toContain('Asia/Seoul (UTC+09:00)');
    const [bobReply] = await turn(adapter, message(question, { from: bob }));
    expect(textsOf(bobReply).join('\n')).toContain('2026-03-01 00:00 – 2026-03-02 00:00 UTC');
  });

  it('strips the @mention in a channel and answers the question after it', async () => {
    const { adapter } = setup();
    const [reply] = await turn(
      adapter,
      message('<at>IoT triage</at> explain 404104', {
        entities: [
          { type: 'mention', text: '<at>IoT triage</at>', mentioned: { id: 'bot', name: 'IoT triage' } },
        ],
        recipient: { id: 'bot', name: 'IoT triage' },
        conversation: {
          id: '19:channel@thread.tacv2;messageid=1700000000000',
          conversationType: 'channel',
          isGroup: true,
          name: '',
        },
      }),
    );
    expect(textsOf(reply).join('\n')).toContain('404104');
  });

  it('asks which hub when the device is in two, and a click on a choice answers for that hub', async () => {
    const { adapter } = setup();
    const [choice] = await turn(adapter, message(`why did ${TWO_HUB_DEVICE} disconnect?`));
    expect(textsOf(choice)).toEqual(expect.arrayContaining(['CONTOSO-FLEET-HUB', 'CONTOSO-LAB-HUB']));
    const replies = await turn(adapter, {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      locale: 'en-US',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'diagnose',
          data: { cmd: 'diagnose', deviceId: TWO_HUB_DEVICE, hub: 'CONTOSO-LAB-HUB' },
        },
      },
    });
    const response = replies.find((a) => a.type === 'invokeResponse')?.value as {
      status: number;
      body: { statusCode: number; type: string; value: unknown };
    };
    expect(response.status).toBe(200);
    expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(response.body.value).join('\n')).toContain('CONTOSO-LAB-HUB');
  });

  it('answers an Action.Execute invoke with the card that replaces the clicked one', async () => {
    const { adapter } = setup();
    const replies = await turn(adapter, {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      locale: 'ko-KR',
      value: {
        action: { type: 'Action.Execute', verb: 'explain', data: { cmd: 'explain', code: '401003' } },
      },
    });
    expect(replies).toHaveLength(1);
    const body = (replies[0]?.value as { body: { type: string; value: unknown } }).body;
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(body.value).join('\n')).toMatch(/401003[\s\S]*[가-힣]/);
  });

  it('treats invoke data as untrusted: an invalid id gets the rules as a message, not a query', async () => {
    const { adapter } = setup();
    const replies = await turn(adapter, {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'diagnose',
          data: { cmd: 'diagnose', deviceId: 'x" or 1==1' },
        },
      },
    });
    const body = (replies[0]?.value as { body: { type: string; value: unknown } }).body;
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(body.value)).toContain('is not a valid device id');
  });

  it('answers an Action.Submit (older clients) like the typed command', async () => {
    const { adapter } = setup();
    const [reply] = await turn(adapter, {
      type: ActivityTypes.Message,
      locale: 'en-US',
      value: { cmd: 'status', deviceId: 'pump-station-4' },
    });
    expect(textsOf(reply).join('\n')).toContain('pump-station-4');
  });

  it('answers a mistyped device id with the allowed characters', async () => {
    const { adapter } = setup();
    const [reply] = await turn(adapter, message('why did device thermo/stat disconnect?'));
    expect(reply?.text).toContain('"thermo/stat" is not a valid device id');
    expect(reply?.text).toContain('ASCII letters, digits');
  });

  it('posts "Looking at the logs…" when the answer is slow, then replaces it with the card', async () => {
    const gated = new GatedLogsBackend(demo);
    const { adapter, scheduler } = setup(gated);
    const done = adapter.processActivity(message('why did device thermostat-0042 disconnect?'));
    await eventually(() => gated.batchesWaiting > 0 && scheduler.waiting.includes(3000));
    expect(adapter.activeQueue.map((a) => a.type)).toEqual([ActivityTypes.Typing]);
    scheduler.fire(3000);
    await eventually(() => adapter.activeQueue.length === 2);
    const placeholder = adapter.activeQueue[1];
    expect(placeholder?.text).toBe('Looking at the logs for thermostat-0042…');
    gated.release();
    await done;
    const updated = adapter.activeQueue[1];
    expect(updated?.id).toBe(placeholder?.id);
    expect(updated?.text).toBe('');
    expect(textsOf(updated).join('\n')).toContain('thermostat-0042');
    expect(adapter.activeQueue).toHaveLength(2);
  });

  it('replaces the placeholder with an error card with Retry when the answer times out', async () => {
    const gated = new GatedLogsBackend(demo);
    const { adapter, scheduler } = setup(gated);
    const done = adapter.processActivity(
      message('thermostat-0042 장치 연결이 왜 끊겼어?', { locale: 'ko-KR' }),
    );
    await eventually(() => scheduler.waiting.includes(3000));
    scheduler.fire(3000);
    await eventually(() => adapter.activeQueue.length === 2 && scheduler.waiting.includes(9000));
    expect(adapter.activeQueue[1]?.text).toBe('thermostat-0042 로그를 살펴보는 중이에요…');
    scheduler.fire(9000);
    await done;
    const card = adaptiveCardOf(adapter.activeQueue[1]);
    expect(cardTexts(card).join('\n')).toContain('너무 오래 걸렸어요');
    expect(JSON.stringify(card)).toContain('"cmd":"diagnose"');
    expect(JSON.stringify(card)).toContain('"deviceId":"thermostat-0042"');
    gated.release();
  });

  it('replaces the placeholder with an error card with Retry when the logs fail', async () => {
    const gated = new GatedLogsBackend(demo);
    const { adapter, scheduler } = setup(gated);
    const done = adapter.processActivity(message('hub errors in the last 2 hours'));
    await eventually(() => scheduler.waiting.includes(3000) && gated.batchesWaiting > 0);
    scheduler.fire(3000);
    await eventually(() => adapter.activeQueue.length === 2);
    expect(adapter.activeQueue[1]?.text).toBe('Looking at the errors of the hub…');
    gated.failWith(new LogsQueryError('unavailable', 'Log Analytics did not answer.'));
    await done;
    const card = adaptiveCardOf(adapter.activeQueue[1]);
    expect(cardTexts(card).join('\n')).toContain("I couldn't reach the logs. Log Analytics did not answer.");
    expect(JSON.stringify(card)).toContain('"cmd":"hub-errors"');
    expect(adapter.activeQueue).toHaveLength(2);
  });
});
