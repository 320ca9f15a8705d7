/**
 * Which alerts a conversation gets: `subscribe alerts [for hub H] [severity Sev2] [language ko]`,
 * `unsubscribe`, `subscriptions`. The subscriber's language (or the one named) becomes the
 * conversation's alert language: its incident cards follow it from then on.
 */
import { PERMISSIONS } from '../../authorization/protected-actions';
import type { Locale } from '../../cards/card-data';
import { describeSubscription, languageName, parseSubscribe } from '../../proactive/subscription-commands';
import { alertLanguageOf, alertTimeZoneOf } from '../../proactive/subscriptions';
import { defineVerb, type HandlerContext } from '../verbs';
import { INCIDENT_REPLY_TEXT } from './incident-replies';

const NOT_HERE: Readonly<Record<Locale, string>> = {
  en: 'Alert subscriptions belong to a Teams conversation with the bot.',
  ko: '경고 구독은 봇이 있는 Teams 대화에서만 할 수 있어요.',
};

function notHere(context: HandlerContext) {
  return { replies: [{ kind: 'text' as const, text: NOT_HERE[context.locale] }] };
}

export const subscribeVerb = defineVerb<{ readonly verb: 'subscribe'; readonly args: string }>({
  verb: 'subscribe',
  permission: PERMISSIONS.subscribe,
  help: {
    rank: 90,
    name: 'subscribe alerts',
    description: {
      en: 'Post Azure Monitor alerts here, optionally only for one hub or from a severity up; the cards use your language (or add language en|ko)',
      ko: 'Azure Monitor 경고를 이 대화에 게시 (허브나 심각도로 거를 수 있음). 카드는 구독한 사람의 언어로 (language en|ko로 지정 가능)',
    },
    example: {
      en: 'subscribe alerts for hub contoso-hub severity Sev2',
      ko: 'subscribe alerts severity Sev2 language ko',
    },
  },
  needsAlerts: true,
  keywords: ['subscribe'],
  matches: (utterance) => /^subscribe(\s|$)/.test(utterance.text.trim().toLowerCase()),
  fromText: (utterance) => ({
    verb: 'subscribe',
    args: utterance.text.trim().split(/\s+/).slice(1).join(' '),
  }),
  async handle(command, context) {
    const { alerts, party } = context;
    if (!alerts || !party) return notHere(context);
    const reply = context.locale;
    const parsed = parseSubscribe(command.args, reply);
    if (parsed.kind === 'usage') return { replies: [{ kind: 'text', text: parsed.message }] };
    const language = parsed.language ?? reply;
    const { actor } = party;
    await alerts.subscriptions.put({
      conversationKey: party.conversationKey,
      ...parsed.filters,
      language,
      // The subscriber's zone becomes the conversation's: everyone reads the same times on its cards.
      timeZone: context.timeZone,
      createdBy: {
        id: actor.id,
        name: actor.name,
        ...(actor.aadObjectId ? { aadObjectId: actor.aadObjectId } : {}),
      },
      createdAt: context.now.toISOString(),
    });
    const text = INCIDENT_REPLY_TEXT[reply].subscribed(
      describeSubscription(parsed.filters, reply),
      languageName(language, reply),
      language === 'ko' ? 'en' : 'ko',
    );
    // Alerts that reached nobody (no subscription yet, or a conversation gone) are not lost: the
    // next subscription gets the open ones of the last 24 hours.
    const waiting = await alerts.desk.redeliverUndelivered();
    const say = INCIDENT_REPLY_TEXT[reply];
    return {
      replies: [{ kind: 'text', text: waiting > 0 ? `${text}\n\n${say.undeliveredPosted(waiting)}` : text }],
    };
  },
});

export const unsubscribeVerb = defineVerb<{ readonly verb: 'unsubscribe' }>({
  verb: 'unsubscribe',
  permission: PERMISSIONS.unsubscribe,
  help: {
    rank: 100,
    description: { en: 'Stop posting alerts here', ko: '이 대화에 경고 게시 중지' },
    example: { en: 'unsubscribe', ko: 'unsubscribe' },
  },
  needsAlerts: true,
  keywords: ['unsubscribe'],
  matches: (utterance) => ['unsubscribe', 'unsubscribe alerts'].includes(utterance.text.trim().toLowerCase()),
  fromText: () => ({ verb: 'unsubscribe' }),
  async handle(_command, context) {
    const { alerts, party } = context;
    if (!alerts || !party) return notHere(context);
    const removed = await alerts.subscriptions.remove(party.conversationKey);
    const say = INCIDENT_REPLY_TEXT[context.locale];
    return { replies: [{ kind: 'text', text: removed ? say.unsubscribed : say.wasNotSubscribed }] };
  },
});

export const subscriptionsVerb = defineVerb<{ readonly verb: 'subscriptions' }>({
  verb: 'subscriptions',
  permission: PERMISSIONS.ask,
  help: {
    rank: 110,
    description: { en: 'Which alerts this conversation gets', ko: '이 대화가 받는 경고' },
    example: { en: 'subscriptions', ko: 'subscriptions' },
  },
  needsAlerts: true,
  keywords: ['subscriptions'],
  matches: (utterance) => utterance.text.trim().toLowerCase() === 'subscriptions',
  fromText: () => ({ verb: 'subscriptions' }),
  async handle(_command, context) {
    const { alerts, party } = context;
    if (!alerts || !party) return notHere(context);
    const reply = context.locale;
    const mine = await alerts.subscriptions.forConversation(party.conversationKey);
    const say = INCIDENT_REPLY_TEXT[reply];
    const text = mine
      ? say.subscription(
          describeSubscription(mine, reply),
          mine.createdAt.slice(0, 16).replace('T', ' '),
          mine.createdBy.name,
          languageName(alertLanguageOf(mine), reply),
          alertTimeZoneOf(mine),
        )
      : say.notSubscribed;
    return { replies: [{ kind: 'text', text }] };
  },
});
