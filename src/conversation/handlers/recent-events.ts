/**
 * `recent-events`: "last 10 events of thermostat-0042", "thermostat-0042 최근 이벤트 10개",
 * "recent events X", "show events for X". The device's raw IoT Hub records, newest first, as a
 * compact table: what happened, before asking why.
 */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import { recentEventsCard } from '../../cards';
import { diagnoseDepsIn } from '../../diagnosis/logs-context';
import { RECENT_EVENTS_MAX } from '../../diagnosis/queries';
import { recentDeviceEvents } from '../../diagnosis/recent-events';
import { buttonText, identifier, optionalIdentifier, windowFields, windowOf } from '../card-action';
import { toInstants, toWindowIso, type RecentEventsCommand, type WindowIso } from '../command';
import { deviceFor, hubFor, windowFor, type Utterance } from '../utterance';
import { defineVerb, type TextRejection } from '../verbs';
import { lookingAt } from './device-question';

/** Events shown when the question names no number. */
export const RECENT_EVENTS_DEFAULT = 10;

/** How far back "last N events" looks when no window is named: the newest N are what matter. */
const LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

const EVENT_WORDS = /\bevents?\b|\braw\s+(?:logs?|records?)\b|이벤트|원본\s*기록/;

/** "last 10 events", "10 events", "events 10", "이벤트 10개", "10개 이벤트". */
const COUNT =
  /\b(?:last|latest|recent|newest|top)\s+(\d{1,3})\b|\b(\d{1,3})\s+(?:\w+\s+)?events?\b|이벤트\s*(\d{1,3})\s*개|(\d{1,3})\s*개/;

const WHICH_DEVICE = {
  en: 'Which device? For example: last 10 events of thermostat-0042',
  ko: '어느 장치인가요? 예: thermostat-0042 최근 이벤트 10개',
} as const;

function countOf(text: string): number {
  const match = COUNT.exec(text.toLowerCase());
  const digits = match?.slice(1).find((group) => group !== undefined);
  const asked = digits !== undefined ? Number(digits) : RECENT_EVENTS_DEFAULT;
  return Math.max(1, Math.min(RECENT_EVENTS_MAX, asked));
}

function windowOfQuestion(utterance: Utterance): WindowIso {
  const { memory, now } = utterance;
  if (utterance.window !== undefined || (utterance.followUp && memory?.window)) return windowFor(utterance);
  return toWindowIso({ start: new Date(now.getTime() - LOOKBACK_MS), end: now });
}

export const recentEventsVerb = defineVerb({
  verb: 'recent-events',
  permission: PERMISSIONS.ask,
  help: {
    rank: 57,
    description: {
      en: "A device's raw recent events, newest first (up to 50)",
      ko: '장치의 최근 원본 이벤트, 최신순 (최대 50개)',
    },
    example: { en: 'last 10 events of thermostat-0042', ko: 'thermostat-0042 최근 이벤트 10개' },
  },
  followUps: true,
  keywords: ['events', 'event', 'recent', 'raw', '이벤트', '최근'],
  matches: (utterance) => EVENT_WORDS.test(utterance.rest),
  fromText(utterance): RecentEventsCommand | TextRejection {
    const invalid = utterance.entities.invalid;
    if (invalid) return { kind: 'invalid', error: invalid };
    const deviceId = deviceFor(utterance);
    if (deviceId === undefined) return { kind: 'usage', message: WHICH_DEVICE };
    const hub = hubFor(utterance, deviceId);
    return {
      verb: 'recent-events',
      deviceId,
      ...(hub !== undefined ? { hub } : {}),
      count: countOf(utterance.text),
      window: windowOfQuestion(utterance),
    };
  },
  button: {
    data: z.object({
      deviceId: buttonText(200),
      hub: buttonText(100).optional(),
      count: z.number().int().min(1).max(RECENT_EVENTS_MAX).optional(),
      ...windowFields,
    }),
    toCommand: (data, now): RecentEventsCommand => ({
      verb: 'recent-events',
      deviceId: identifier('device-id', data.deviceId),
      ...optionalIdentifier('hub', 'hub-name', data.hub),
      count: data.count ?? RECENT_EVENTS_DEFAULT,
      window: windowOf(data, now),
    }),
    fromCommand: (command) => ({
      deviceId: command.deviceId,
      ...(command.hub !== undefined ? { hub: command.hub } : {}),
      count: command.count,
      ...command.window,
    }),
  },
  placeholder: (command, locale) => lookingAt(command.deviceId, locale),
  async handle(command, context) {
    const logs = await context.logs();
    const answer = await recentDeviceEvents(
      {
        deviceId: command.deviceId,
        ...(command.hub !== undefined ? { hub: command.hub } : {}),
        count: command.count,
        window: toInstants(command.window),
      },
      { ...diagnoseDepsIn(logs, context.abortSignal), now: () => context.now },
    );
    return {
      replies: [{ kind: 'card', card: recentEventsCard(answer, context.cards) }],
      learned: answer.hub !== undefined ? { hub: answer.hub } : {},
    };
  },
});
