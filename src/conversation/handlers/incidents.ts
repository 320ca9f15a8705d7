/**
 * The on-call team's incident verbs: `incidents`, `incident <id>`, `ack <id>`,
 * `assign <id> me|@person`, `resolve <id> <note>`, and the incident card's buttons (the same, plus
 * `assign-me`, `snooze`, `rediagnose`). A change is made by the incident desk, which refreshes every
 * posted copy through the outbox; the clicked card is replaced by the answer and, for everyone else
 * in the conversation, updated in place.
 *
 * Replies go to one person, in their language; the incident card stays in the conversation for
 * everyone, in the conversation's alert language (its subscription's), so a click never flips it
 * to the clicker's language.
 */
import { z } from 'zod';
import type { Actor } from '../../alerts/incident';
import type { DeskResult, IncidentDesk } from '../../alerts/incident-desk';
import { normalizeIncidentId } from '../../alerts/incident-store';
import { PERMISSIONS, type Permission } from '../../authorization/protected-actions';
import type { Locale } from '../../cards/card-data';
import { incidentCardData, incidentStatusWord } from '../../cards/incident-card';
import { alertLanguageOf, alertTimeZoneOf } from '../../proactive/subscriptions';
import type { Reply } from '../reply';
import type { Utterance } from '../utterance';
import {
  defineVerb,
  type AlertServices,
  type AnyVerb,
  type HandlerContext,
  type HandlerResult,
  type TextRejection,
  type TurnParty,
} from '../verbs';
import { INCIDENT_REPLY_TEXT } from './incident-replies';

/** A command on one incident. */
export interface IncidentCommand<V extends string = string> {
  readonly verb: V;
  readonly incidentId: string;
}

export interface AssignCommand extends IncidentCommand<'assign'> {
  /** As typed after the id: `me`, an @mention, or a name. */
  readonly to: string;
}

export interface ResolveCommand extends IncidentCommand<'resolve'> {
  readonly note?: string;
}

const NOT_HERE: Readonly<Record<Locale, string>> = {
  en: 'Incidents can only be handled in a Teams conversation with the bot.',
  ko: '인시던트는 봇이 있는 Teams 대화에서만 처리할 수 있어요.',
};

/** The first word, lower-case, and the words after it. */
function words(utterance: Utterance): { readonly first: string; readonly rest: readonly string[] } {
  const [first = '', ...rest] = utterance.text.trim().split(/\s+/);
  return { first: first.toLowerCase(), rest };
}

/** `<verb> <id> …` typed: the id, or "which incident?" in the typer's language. */
function typedId(verb: string, utterance: Utterance): string | TextRejection {
  const id = normalizeIncidentId(words(utterance).rest[0] ?? '');
  if (id !== undefined) return id;
  return {
    kind: 'usage',
    message: {
      en: INCIDENT_REPLY_TEXT.en.whichIncident(verb),
      ko: INCIDENT_REPLY_TEXT.ko.whichIncident(verb),
    },
  };
}

const INVALID_BUTTON: TextRejection = {
  kind: 'usage',
  message: { en: INCIDENT_REPLY_TEXT.en.invalidButton, ko: INCIDENT_REPLY_TEXT.ko.invalidButton },
};

const incidentButtonData = z.object({ incidentId: z.string().max(100) });

/** The button of an incident verb: `{cmd, incidentId}`. */
function incidentButton<V extends string>(verb: V) {
  return {
    data: incidentButtonData,
    toCommand: (data: { incidentId: string }): IncidentCommand<V> | TextRejection => {
      const incidentId = normalizeIncidentId(data.incidentId);
      return incidentId === undefined ? INVALID_BUTTON : { verb, incidentId };
    },
    fromCommand: (command: IncidentCommand<V>) => ({ incidentId: command.incidentId }),
  };
}

/** The desk, the subscriptions and who asks: only in a Teams conversation with the alert side wired. */
function servicesOf(context: HandlerContext): (AlertServices & { readonly party: TurnParty }) | undefined {
  return context.alerts && context.party ? { ...context.alerts, party: context.party } : undefined;
}

/**
 * The language and zone of an incident card answered in a turn, from one read of the conversation's
 * subscription. In a subscribed conversation they are the conversation's (its subscriber's; English
 * for subscriptions stored without a language), even when one user's click (ack, assign, snooze)
 * refreshes it: the refreshed card replaces the posted one for everyone there, and a language or
 * times that jumped to the clicker's would misread for the rest. Elsewhere, e.g. `incident <id>` in
 * a personal chat, the card has one reader, so it is in that reader's language and zone.
 */
export async function cardSettingsOf(
  services: AlertServices,
  party: TurnParty,
  reader: { readonly locale: Locale; readonly timeZone: string },
): Promise<{ readonly locale: Locale; readonly timeZone: string }> {
  const subscription = await services.subscriptions.forConversation(party.conversationKey);
  return subscription
    ? { locale: alertLanguageOf(subscription), timeZone: alertTimeZoneOf(subscription) }
    : reader;
}

/** The reply for a desk result: the incident's card (in the card language), or why there is none. */
async function answerFor(
  result: DeskResult,
  context: HandlerContext,
  services: AlertServices & { readonly party: TurnParty },
  options: { readonly fullTimeline: boolean; readonly changes: boolean },
): Promise<Reply> {
  const reply = context.locale;
  if (result.kind === 'not-found')
    return { kind: 'text', text: INCIDENT_REPLY_TEXT[reply].notFound(result.id) };
  const { locale: card, timeZone } = await cardSettingsOf(services, services.party, {
    locale: reply,
    timeZone: context.timeZone,
  });
  const { incident } = result;
  const summary = result.unchanged
    ? INCIDENT_REPLY_TEXT[reply].unchanged[result.unchanged](incident.id)
    : `${incident.id}: ${incidentStatusWord(incident.status, card)}`;
  return {
    kind: 'card',
    card: {
      template: 'incident',
      data: incidentCardData(incident, card, {
        fullTimeline: options.fullTimeline,
        now: context.now,
        timeZone,
      }),
    },
    summary,
    // Everyone in this conversation sees the new state on the posted card, not only the clicker.
    ...(options.changes ? { updatesClickedCard: true } : {}),
  };
}

/** Runs `act` on the desk and answers with the incident's card. */
async function onIncident(
  context: HandlerContext,
  act: (desk: IncidentDesk, actor: Actor, party: TurnParty) => Promise<DeskResult | Reply>,
): Promise<HandlerResult> {
  const services = servicesOf(context);
  if (!services) return { replies: [{ kind: 'text', text: NOT_HERE[context.locale] }] };
  const result = await act(services.desk, services.party.actor, services.party);
  if ('kind' in result && (result.kind === 'text' || result.kind === 'card')) return { replies: [result] };
  const answer = await answerFor(result as DeskResult, context, services, {
    fullTimeline: false,
    changes: true,
  });
  return { replies: [answer] };
}

/** A verb acting on one incident, typed as `<verb> <id>` and/or clicked. */
function incidentVerb<V extends string>(spec: {
  readonly verb: V;
  readonly permission: Permission;
  readonly typed: boolean;
  readonly help?: AnyVerb['help'];
  act(desk: IncidentDesk, id: string, actor: Actor): Promise<DeskResult>;
}) {
  return defineVerb<IncidentCommand<V>, typeof incidentButtonData>({
    verb: spec.verb,
    permission: spec.permission,
    ...(spec.help ? { help: spec.help } : {}),
    needsAlerts: true,
    keywords: spec.typed ? [spec.verb] : [],
    matches: (utterance) => spec.typed && words(utterance).first === spec.verb,
    fromText(utterance) {
      const id = typedId(spec.verb, utterance);
      return typeof id === 'string' ? { verb: spec.verb, incidentId: id } : id;
    },
    button: incidentButton(spec.verb),
    auditTarget: (command) => command.incidentId,
    handle: (command, context) =>
      onIncident(context, (desk, actor) => spec.act(desk, command.incidentId, actor)),
  });
}

export const ackVerb = incidentVerb({
  verb: 'ack',
  permission: PERMISSIONS.acknowledge,
  typed: true,
  help: {
    rank: 130,
    description: {
      en: 'Acknowledge an incident (the id is on its card)',
      ko: '인시던트 확인 (ID는 카드에 있음)',
    },
    example: { en: 'ack 3fa2c1', ko: 'ack 3fa2c1' },
  },
  act: (desk, id, actor) => desk.acknowledge(id, actor),
});

export const assignMeVerb = incidentVerb({
  verb: 'assign-me',
  permission: PERMISSIONS.assign,
  typed: false,
  act: (desk, id, actor) => desk.assign(id, actor, actor),
});

export const snoozeVerb = incidentVerb({
  verb: 'snooze',
  permission: PERMISSIONS.snooze,
  typed: false,
  act: (desk, id, actor) => desk.snooze(id, actor),
});

/** Diagnose again; if the logs cannot load, the card then says why there is no diagnosis. */
export const rediagnoseVerb = incidentVerb({
  verb: 'rediagnose',
  permission: PERMISSIONS.rediagnose,
  typed: false,
  act: (desk, id, actor) => desk.rediagnose(id, actor),
});

export const assignVerb = defineVerb<AssignCommand>({
  verb: 'assign',
  permission: PERMISSIONS.assign,
  help: {
    rank: 140,
    description: {
      en: 'Assign an incident to yourself or a colleague',
      ko: '인시던트를 나 또는 동료에게 배정',
    },
    example: { en: 'assign 3fa2c1 me', ko: 'assign 3fa2c1 me' },
  },
  needsAlerts: true,
  keywords: ['assign'],
  matches: (utterance) => words(utterance).first === 'assign',
  fromText(utterance) {
    const id = typedId('assign', utterance);
    if (typeof id !== 'string') return id;
    return { verb: 'assign', incidentId: id, to: words(utterance).rest.slice(1).join(' ').trim() };
  },
  auditTarget: (command) => command.incidentId,
  handle: (command, context) =>
    onIncident(context, async (desk, actor, party) => {
      const to = assigneeOf(command.to, actor, party.mentions);
      if (!to)
        return { kind: 'text', text: INCIDENT_REPLY_TEXT[context.locale].assignToWhom(command.incidentId) };
      return desk.assign(command.incidentId, to, actor);
    }),
});

/** `me`, or the first @mention that is not the bot, or a name as typed. */
function assigneeOf(text: string, self: Actor, mentions: readonly Actor[]): Actor | undefined {
  if (/^me$/i.test(text)) return self;
  const [mentioned] = mentions;
  if (mentioned) return mentioned;
  const name = text.replace(/^@/, '').trim();
  return name ? { id: `name:${name}`, name } : undefined;
}

const resolveButtonData = z.object({
  incidentId: z.string().max(100),
  note: z.string().max(2000).optional(),
});

export const resolveVerb = defineVerb<ResolveCommand, typeof resolveButtonData>({
  verb: 'resolve',
  permission: PERMISSIONS.resolve,
  help: {
    rank: 150,
    description: { en: 'Resolve an incident with a note', ko: '메모와 함께 인시던트 해결' },
    example: { en: 'resolve 3fa2c1 rotated the device key', ko: 'resolve 3fa2c1 장치 키 교체' },
  },
  needsAlerts: true,
  keywords: ['resolve'],
  matches: (utterance) => words(utterance).first === 'resolve',
  fromText(utterance) {
    const id = typedId('resolve', utterance);
    if (typeof id !== 'string') return id;
    const note = words(utterance).rest.slice(1).join(' ').trim();
    return { verb: 'resolve', incidentId: id, ...(note ? { note } : {}) };
  },
  button: {
    data: resolveButtonData,
    toCommand: (data) => {
      const incidentId = normalizeIncidentId(data.incidentId);
      if (incidentId === undefined) return INVALID_BUTTON;
      return { verb: 'resolve', incidentId, ...(data.note !== undefined ? { note: data.note } : {}) };
    },
    fromCommand: (command) => ({ incidentId: command.incidentId }),
  },
  auditTarget: (command) => command.incidentId,
  handle: (command, context) =>
    onIncident(context, (desk, actor) => desk.resolve(command.incidentId, command.note, actor)),
});

/**
 * `incident <id>`: the incident with its whole timeline. As a button it is a card refresh (the
 * current card) or "Open" on a digest: then the card goes into the conversation as a new message
 * and the clicked digest stays (answering with the card would replace it for the clicker).
 */
export const incidentVerbDefinition = defineVerb<IncidentCommand<'incident'>, typeof incidentButtonData>({
  verb: 'incident',
  permission: PERMISSIONS.ask,
  help: {
    rank: 160,
    description: { en: 'An incident with its whole timeline', ko: '인시던트와 전체 타임라인' },
    example: { en: 'incident 3fa2c1', ko: 'incident 3fa2c1' },
  },
  needsAlerts: true,
  keywords: ['incident'],
  matches: (utterance) => words(utterance).first === 'incident',
  fromText(utterance) {
    const id = typedId('incident', utterance);
    return typeof id === 'string' ? { verb: 'incident', incidentId: id } : id;
  },
  button: incidentButton('incident'),
  async handle(command, context) {
    const services = servicesOf(context);
    if (!services) return { replies: [{ kind: 'text', text: NOT_HERE[context.locale] }] };
    const result = await services.desk.get(command.incidentId);
    const card = await answerFor(result, context, services, { fullTimeline: true, changes: false });
    if (services.party.channel === 'button' && card.kind === 'card') {
      return {
        replies: [
          { kind: 'text', text: INCIDENT_REPLY_TEXT[context.locale].postedBelow(command.incidentId) },
          card,
        ],
      };
    }
    return { replies: [card] };
  },
});

/** `incidents`: the open ones, newest first. */
export const incidentsVerb = defineVerb<{ readonly verb: 'incidents' }>({
  verb: 'incidents',
  permission: PERMISSIONS.ask,
  help: {
    rank: 120,
    description: { en: 'Open incidents, newest first', ko: '열린 인시던트 (최신순)' },
    example: { en: 'incidents', ko: 'incidents' },
  },
  needsAlerts: true,
  keywords: ['incidents'],
  matches: (utterance) => utterance.text.trim().toLowerCase() === 'incidents',
  fromText: () => ({ verb: 'incidents' }),
  async handle(_command, context) {
    const services = servicesOf(context);
    if (!services) return { replies: [{ kind: 'text', text: NOT_HERE[context.locale] }] };
    const say = INCIDENT_REPLY_TEXT[context.locale];
    const open = await services.desk.open();
    if (open.length === 0) return { replies: [{ kind: 'text', text: say.noOpenIncidents }] };
    const lines = open
      .slice(0, 20)
      .map(
        (i) =>
          `- ${i.id} · ${i.severity} · ${i.alert.rule} · ${i.alert.resource?.name ?? '?'} · ${incidentStatusWord(i.status, context.locale)}${i.assignee ? ` (${i.assignee.name})` : ''}${i.undelivered ? ` · ${say.undelivered(i.undelivered.reason, i.undelivered.at.slice(0, 16).replace('T', ' '))}` : ''}`,
      );
    return { replies: [{ kind: 'text', text: [say.openIncidents(open.length), ...lines].join('\n') }] };
  },
});
