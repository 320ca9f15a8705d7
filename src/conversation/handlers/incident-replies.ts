import type { UnchangedReason } from '../../alerts/incident-desk';
import type { UndeliveredReason } from '../../alerts/undelivered';
import type { Locale } from '../../cards/card-data';

/**
 * The alert commands' text replies (`subscribe alerts`, `incidents`, `ack`…), in the language of
 * the person who typed or clicked: these are answers to one person, unlike the incident card,
 * which is the conversation's and uses its alert language.
 */
export interface IncidentReplyText {
  readonly invalidButton: string;
  readonly postedBelow: (id: string) => string;
  readonly subscribed: (what: string, language: string, other: Locale) => string;
  readonly unsubscribed: string;
  readonly wasNotSubscribed: string;
  readonly subscription: (
    what: string,
    since: string,
    by: string,
    language: string,
    timeZone: string,
  ) => string;
  readonly notSubscribed: string;
  readonly noOpenIncidents: string;
  readonly openIncidents: (count: number) => string;
  readonly whichIncident: (verb: string) => string;
  readonly assignToWhom: (id: string) => string;
  readonly notFound: (id: string) => string;
  readonly unchanged: Readonly<Record<UnchangedReason, (id: string) => string>>;
  /** After `subscribe alerts`: undelivered incidents of the last 24 hours posted here now. */
  readonly undeliveredPosted: (count: number) => string;
  /** In `incidents`: why an incident reached no conversation, and since when (UTC). */
  readonly undelivered: (reason: UndeliveredReason, at: string) => string;
}

export const INCIDENT_REPLY_TEXT: Readonly<Record<Locale, IncidentReplyText>> = {
  en: {
    invalidButton: 'That button does not name a valid incident.',
    postedBelow: (id) => `Incident ${id} is posted below.`,
    subscribed: (what, language, other) =>
      `Subscribed: alerts for ${what} will be posted here, with cards in ${language}. Another language: subscribe alerts language ${other}`,
    unsubscribed: 'Unsubscribed: no more alerts here.',
    wasNotSubscribed: 'This conversation was not subscribed to alerts.',
    subscription: (what, since, by, language, timeZone) =>
      `This conversation gets alerts for ${what} (since ${since} UTC, by ${by}; cards in ${language}, times in ${timeZone}).`,
    notSubscribed: 'This conversation is not subscribed. Try: subscribe alerts severity Sev2',
    noOpenIncidents: 'No open incidents.',
    openIncidents: (count) => `Open incidents (${count}):`,
    whichIncident: (verb) =>
      `Which incident? e.g. "${verb} 3fa2c1" (the id is on the card; "incidents" lists them).`,
    assignToWhom: (id) => `Assign to whom? "assign ${id} me" or "assign ${id} @person".`,
    notFound: (id) => `There is no incident ${id}.`,
    unchanged: {
      'already-resolved': (id) => `Incident ${id} is already resolved; here is where it stands.`,
      'no-change': (id) => `Nothing to change: incident ${id} is already like that.`,
    },
    undeliveredPosted: (count) =>
      `${count} incident${count === 1 ? '' : 's'} of the last 24 hours reached no conversation; posting ${count === 1 ? 'it' : 'them'} here now.`,
    undelivered: (reason, at) =>
      `undelivered since ${at} UTC: ${reason === 'no-subscription' ? 'no subscription matched' : 'its conversation is gone'}; the next "subscribe alerts" that matches gets it`,
  },
  ko: {
    invalidButton: '이 버튼에 올바른 인시던트 ID가 없어요.',
    postedBelow: (id) => `인시던트 ${id} 카드를 아래에 올렸어요.`,
    subscribed: (what, language, other) =>
      `구독했어요: ${what} 경고를 이 대화에 올리고, 카드는 ${language}로 보여 드려요. 다른 언어로 바꾸려면: subscribe alerts language ${other}`,
    unsubscribed: '구독을 해지했어요. 이 대화에는 더 이상 경고를 올리지 않아요.',
    wasNotSubscribed: '이 대화는 경고를 구독하고 있지 않았어요.',
    subscription: (what, since, by, language, timeZone) =>
      `이 대화는 ${what} 경고를 받아요 (${since} UTC부터, 구독한 사람: ${by}, 카드 언어: ${language}, 시간대: ${timeZone}).`,
    notSubscribed: '이 대화는 경고를 구독하고 있지 않아요. 예: subscribe alerts severity Sev2',
    noOpenIncidents: '열린 인시던트가 없어요.',
    openIncidents: (count) => `열린 인시던트 (${count}건):`,
    whichIncident: (verb) =>
      `어느 인시던트인가요? 예: "${verb} 3fa2c1" (ID는 카드에 있어요. "incidents"로 목록을 볼 수 있어요).`,
    assignToWhom: (id) => `누구에게 배정할까요? "assign ${id} me" 또는 "assign ${id} @이름"`,
    notFound: (id) => `${id} 인시던트가 없어요.`,
    unchanged: {
      'already-resolved': (id) => `${id} 인시던트는 이미 해결됐어요. 현재 상태를 보여 드려요.`,
      'no-change': (id) => `바꿀 것이 없어요: ${id} 인시던트는 이미 그 상태예요.`,
    },
    undeliveredPosted: (count) =>
      `지난 24시간 동안 어느 대화에도 전달되지 못한 인시던트 ${count}건을 지금 이 대화에 올려요.`,
    undelivered: (reason, at) =>
      `${at} UTC부터 미전달: ${reason === 'no-subscription' ? '맞는 구독이 없었어요' : '대화가 더 이상 없어요'}. 조건이 맞는 다음 "subscribe alerts"가 받아요`,
  },
};
