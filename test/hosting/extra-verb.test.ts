import { appWithRoles } from '../support/role-app';
import { z } from 'zod';
import { VERB_REGISTRY } from '../../src/conversation/verb-table';
import { defineVerb } from '../../src/conversation/verbs';
import { cardTexts } from '../support/cards';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const READER = '20000000-0000-0000-0000-000000000001';
const RESPONDER = '20000000-0000-0000-0000-000000000002';

/**
 * A verb that needs no new card is one definition and one registry line: registered here (as a
 * test would a plug-in), it is typed, listed on the help card, clicked (Action.Execute and the
 * Action.Submit fallback) and guarded by the role it declares, with no other file knowing it.
 */
const pingVerb = defineVerb({
  verb: 'ping',
  permission: {
    action: 'ping',
    role: 'responder',
    changesState: true,
    words: { en: 'ping a target', ko: '대상 핑' },
  },
  help: {
    rank: 1000,
    description: { en: 'Answers pong (test verb)', ko: '퐁으로 답함 (테스트 명령)' },
    example: { en: 'ping gateway-7', ko: 'ping gateway-7' },
  },
  keywords: ['ping'],
  matches: (utterance) => /^ping\b/i.test(utterance.text.trim()),
  fromText: (utterance) => ({
    verb: 'ping' as const,
    target: utterance.text.trim().slice(4).trim() || 'nobody',
  }),
  button: {
    data: z.object({ target: z.string().min(1).max(50) }),
    toCommand: (data) => ({ verb: 'ping' as const, target: data.target }),
    fromCommand: (command) => ({ target: command.target }),
  },
  auditTarget: (command) => command.target,
  handle: async (command) => ({ replies: [{ kind: 'text', text: `pong ${command.target}` }] }),
});

describe('a verb registered once is understood, listed, clickable and guarded', () => {
  const { activity, post, click, log } = appWithRoles({
    tenantId: TENANT,
    readers: [READER, RESPONDER],
    responders: [RESPONDER],
    admins: ['20000000-0000-0000-0000-0000000000aa'],
    overrides: { extraVerbs: [pingVerb] },
  });
  const say = (objectId: string, text: string) =>
    post(activity(objectId, { deliveryMode: 'expectReplies', text }));
  const submit = (objectId: string, data: Record<string, unknown>) =>
    post(activity(objectId, { deliveryMode: 'expectReplies', value: data }));
  const replies = (body: unknown) =>
    (
      (body as { activities?: { text?: string; attachments?: { content: unknown }[] }[] }).activities ?? []
    ).map((a) => a.text ?? cardTexts(a.attachments?.[0]?.content).join('\n'));

  it('is on the help card with its example', async () => {
    const help = replies(await say(READER, 'help')).join('\n');
    expect(help).toContain('ping');
    expect(help).toContain('Answers pong (test verb)');
    expect(help).toContain('ping gateway-7');
  });

  it('is recognized when typed, and suggested for a typo', async () => {
    expect(replies(await say(RESPONDER, 'ping gateway-7'))).toEqual(['pong gateway-7']);
    expect(replies(await say(READER, 'pinng')).join('\n')).toContain('Answers pong');
  });

  it('answers its button as Action.Execute and as the Action.Submit fallback', async () => {
    expect(await click(RESPONDER, { cmd: 'ping', target: 'gateway-8' })).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'pong gateway-8',
    });
    expect(replies(await submit(RESPONDER, { cmd: 'ping', target: 'gateway-9' }))).toEqual([
      'pong gateway-9',
    ]);
  });

  it('enforces the role it declares, typed and clicked, and audits it', async () => {
    const refusal = 'Sorry, to ping a target you need the responder role in this bot.';
    expect(replies(await say(READER, 'ping gateway-7'))[0]).toContain(refusal);
    expect(JSON.stringify(await click(READER, { cmd: 'ping', target: 'gateway-8' }))).toContain(refusal);
    expect(replies(await submit(READER, { cmd: 'ping', target: 'gateway-9' }))[0]).toContain(refusal);
    const audited = log.lines().filter((l) => l['audit'] === true && l['action'] === 'ping');
    expect(audited.map((l) => [l['outcome'], l['target']])).toEqual(
      expect.arrayContaining([
        ['allowed', 'gateway-7'],
        ['denied', 'gateway-8'],
      ]),
    );
  });

  it('refuses to register a verb whose name or keyword another verb has', () => {
    const again = { ...pingVerb, keywords: ['pong'] };
    expect(() => VERB_REGISTRY.with(pingVerb, again)).toThrow(/"ping" is registered twice/);
    expect(() => VERB_REGISTRY.with({ ...pingVerb, verb: 'ping2', keywords: ['help'] })).toThrow(
      /both claim the keyword "help"/,
    );
    expect(() => VERB_REGISTRY.with(pingVerb, { ...pingVerb, verb: 'ping3', keywords: [] })).toThrow(
      /share help rank 1000/,
    );
  });
});
