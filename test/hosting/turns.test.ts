import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { CardRenderer } from '../../src/cards/render';
import { Conversation } from '../../src/conversation/conversation';
import { TriageBot } from '../../src/hosting/triage-bot';
import { adaptiveCardOf, cardTexts } from '../support/cards';

function makeBot(): TriageBot {
  const conversation = new Conversation({ dataSource: () => 'Embedded demo data' });
  return new TriageBot(conversation, new CardRenderer(), new ConversationState(new MemoryStorage()));
}

function adapterFor(bot: TriageBot): TestAdapter {
  return new TestAdapter(async (context) => bot.run(context));
}

describe('turns (botbuilder TestAdapter)', () => {
  it('welcomes once when the bot is installed, even though Teams sends two events', async () => {
    const adapter = adapterFor(makeBot());
    const replies: Partial<Activity>[] = [];
    const conversationUpdate: Partial<Activity> = {
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'bot', name: 'bot' }],
      recipient: { id: 'bot', name: 'bot' },
      conversation: { id: 'c1', conversationType: 'personal', isGroup: false, name: '' },
    };
    await adapter.send(conversationUpdate).assertReply((a) => void replies.push(a));
    await adapter.send({ ...conversationUpdate, type: ActivityTypes.InstallationUpdate, action: 'add' });
    expect(adapter.activeQueue).toHaveLength(0);
    const card = adaptiveCardOf(replies[0]);
    expect(cardTexts(card)).toContain("Hi, I'm the IoT triage bot");
    expect(cardTexts(card)).toContain('Embedded demo data');
  });

  it('welcomes once when Teams sends both install events at the same moment', async () => {
    const bot = makeBot();
    const adapter = adapterFor(bot);
    const conversationUpdate: Partial<Activity> = {
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'bot', name: 'bot' }],
      recipient: { id: 'bot', name: 'bot' },
      conversation: { id: 'c2', conversationType: 'personal', isGroup: false, name: '' },
    };
    const installationUpdate = {
      ...conversationUpdate,
      type: ActivityTypes.InstallationUpdate,
      action: 'add',
    };
    await Promise.all([
      adapter.processActivity(conversationUpdate, (context) => bot.run(context)),
      adapter.processActivity(installationUpdate, (context) => bot.run(context)),
    ]);
    expect(adapter.activeQueue).toHaveLength(1);
  });

  it('answers a question written in Korean in Korean, even from an English Teams client', async () => {
    const adapter = adapterFor(makeBot());
    await adapter.send({ type: 'message', text: '도움말', locale: 'en-US' }).assertReply((activity) => {
      expect(cardTexts(adaptiveCardOf(activity))[0]).toBe('이렇게 물어보세요');
    });
  });

  it('answers help with the help card listing each command with an example', async () => {
    const adapter = adapterFor(makeBot());
    await adapter.send('help').assertReply((activity) => {
      const texts = cardTexts(adaptiveCardOf(activity));
      expect(texts[0]).toBe('What I can do');
      expect(texts.some((t) => t.startsWith('**help**'))).toBe(true);
      expect(texts).toContain('help');
    });
  });

  it('answers something it does not understand with help that says so', async () => {
    const adapter = adapterFor(makeBot());
    await adapter.send('make me a sandwich').assertReply((activity) => {
      expect(cardTexts(adaptiveCardOf(activity))).toContain(
        `I didn't understand "make me a sandwich". Here is what I can do:`,
      );
    });
  });

  it('speaks Korean to a Korean Teams client', async () => {
    const adapter = adapterFor(makeBot());
    await adapter.send({ type: 'message', text: '도움말', locale: 'ko-KR' }).assertReply((activity) => {
      expect(cardTexts(adaptiveCardOf(activity))[0]).toBe('이렇게 물어보세요');
    });
  });

  it('strips the @mention in channels before understanding the text', async () => {
    const adapter = adapterFor(makeBot());
    const mention = { type: 'mention', text: '<at>Triage</at>', mentioned: { id: 'bot', name: 'Triage' } };
    await adapter
      .send({
        type: 'message',
        text: '<at>Triage</at> help',
        entities: [mention],
        recipient: { id: 'bot', name: 'Triage' },
      })
      .assertReply((activity) => {
        const texts = cardTexts(adaptiveCardOf(activity));
        expect(texts[0]).toBe('What I can do');
        expect(texts.join(' ')).not.toContain("didn't understand");
      });
  });
});
