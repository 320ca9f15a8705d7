/** `diagnose`: "why did device X disconnect?", "what happened to X yesterday", "X 장치 연결이 왜 끊겼어?". */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import { diagnosisCard } from '../../cards';
import { buttonText, identifier, optionalIdentifier, windowFields, windowOf } from '../card-action';
import { defineVerb, type TextRejection } from '../verbs';
import {
  DEVICE_QUESTION_WORDS,
  deviceQuestion,
  diagnoseDevice,
  learnedFrom,
  lookingAt,
  deviceAnswerCard,
  namesADevice,
} from './device-question';
import { liveStateLine } from './live-state';
import type { DiagnoseCommand } from '../command';
import { asksAboutFleet } from '../utterance';
import { asksDpsSideOfDevice, dpsSideText } from './dps-side';

function postedBelow(deviceId: string, locale: 'en' | 'ko'): string {
  return locale === 'ko'
    ? `${deviceId} 진단 카드를 아래에 올렸어요.`
    : `The diagnosis of ${deviceId} is posted below.`;
}

export const diagnoseVerb = defineVerb({
  verb: 'diagnose',
  permission: PERMISSIONS.ask,
  help: {
    rank: 10,
    description: {
      en: 'Why a device disconnected or fails, with evidence, causes and fixes',
      ko: '장치 연결이 끊기거나 실패한 이유와 근거, 원인, 조치',
    },
    example: {
      en: 'why did device thermostat-0042 disconnect?',
      ko: 'thermostat-0042 장치 연결이 왜 끊겼어?',
    },
  },
  followUps: true,
  keywords: [
    'diagnose',
    'why',
    'disconnect',
    'disconnected',
    'happened',
    'dropping',
    'device',
    '진단',
    '왜',
    '끊겼어',
    '장치',
  ],
  matches: (utterance) =>
    namesADevice(utterance) ||
    asksDpsSideOfDevice(utterance) ||
    (DEVICE_QUESTION_WORDS.test(utterance.rest) && !asksAboutFleet(utterance)),
  fromText(utterance): DiagnoseCommand | TextRejection {
    const question = deviceQuestion(utterance);
    if ('kind' in question) return question;
    return { verb: 'diagnose', ...question, ...(asksDpsSideOfDevice(utterance) ? { focus: 'dps' } : {}) };
  },
  button: {
    data: z.object({
      deviceId: buttonText(200),
      hub: buttonText(100).optional(),
      registrationId: buttonText(200).optional(),
      /** `new`: the button is on a list card that must stay (see DiagnoseCommand.asNewCard). */
      post: z.literal('new').optional(),
      ...windowFields,
    }),
    toCommand: (data, now): DiagnoseCommand => ({
      verb: 'diagnose',
      deviceId: identifier('device-id', data.deviceId),
      ...optionalIdentifier('hub', 'hub-name', data.hub),
      ...optionalIdentifier('registrationId', 'registration-id', data.registrationId),
      window: windowOf(data, now),
      ...(data.post === 'new' ? { asNewCard: true as const } : {}),
    }),
    fromCommand: (command) => ({
      deviceId: command.deviceId,
      ...(command.hub !== undefined ? { hub: command.hub } : {}),
      ...command.window,
    }),
  },
  placeholder: (command, locale) => lookingAt(command.deviceId, locale),
  async handle(command, context) {
    const [diagnosis, liveState] = await Promise.all([
      diagnoseDevice(command, context),
      liveStateLine(command, context).catch(() => undefined),
    ]);
    const card = {
      kind: 'card',
      card: await deviceAnswerCard(diagnosis, context, (shown) =>
        diagnosisCard(shown, context.cards, liveState ? { liveState } : {}),
      ),
    } as const;
    // An Action.Execute answer replaces the clicked card: a text answer leaves it, and the card
    // after it is posted as a new message (hosting sends every reply after the first).
    const keepsClickedCard = command.asNewCard === true && context.party?.channel === 'button';
    return {
      replies:
        command.focus === 'dps'
          ? [{ kind: 'text', text: dpsSideText(diagnosis, context.cards) }, card]
          : keepsClickedCard
            ? [{ kind: 'text', text: postedBelow(command.deviceId, context.locale) }, card]
            : [card],
      diagnosis,
      learned: learnedFrom(diagnosis),
    };
  },
});
