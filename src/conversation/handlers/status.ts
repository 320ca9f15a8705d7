/** `status`: "status of thermostat-0042", "is X online?", "X 상태". The short answer from the same diagnosis. */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import { deviceStatusCard } from '../../cards';
import { defaultWindow } from '../command';
import { buttonText, identifier, optionalIdentifier } from '../card-action';
import type { StatusCommand } from '../command';
import { defineVerb, type TextRejection } from '../verbs';
import { deviceQuestion, diagnoseDevice, learnedFrom, lookingAt, deviceAnswerCard } from './device-question';
import { liveStateLine } from './live-state';

const STATUS_WORDS =
  /\bstatus\b|\bstate\b|\bis\b.*\b(?:online|connected|up|alive|ok)\b|\b(?:online|connected)\s*\??\s*$|상태|온라인|살아\s*있|(?:연결|접속)\s*(?:돼|되어|된|중)/;

export const statusVerb = defineVerb({
  verb: 'status',
  permission: PERMISSIONS.ask,
  help: {
    rank: 20,
    description: {
      en: 'Is a device connected right now, since when, and its last disconnect',
      ko: '장치가 지금 연결돼 있는지, 언제부터인지, 마지막 끊김',
    },
    example: { en: 'status thermostat-0042', ko: 'thermostat-0042 상태' },
  },
  followUps: true,
  keywords: ['status', 'state', 'online', 'connected', '상태', '온라인'],
  matches: (utterance) => STATUS_WORDS.test(utterance.rest) && !/\bwhy\b|왜/.test(utterance.rest),
  fromText(utterance): StatusCommand | TextRejection {
    const question = deviceQuestion(utterance);
    if ('kind' in question) return question;
    const { registrationId: _ignored, ...rest } = question;
    return { verb: 'status', ...rest };
  },
  button: {
    data: z.object({ deviceId: buttonText(200), hub: buttonText(100).optional() }),
    toCommand: (data, now): StatusCommand => ({
      verb: 'status',
      deviceId: identifier('device-id', data.deviceId),
      ...optionalIdentifier('hub', 'hub-name', data.hub),
      window: defaultWindow(now),
    }),
    fromCommand: (command) => ({
      deviceId: command.deviceId,
      ...(command.hub !== undefined ? { hub: command.hub } : {}),
    }),
  },
  placeholder: (command, locale) => lookingAt(command.deviceId, locale),
  async handle(command, context) {
    const [diagnosis, live] = await Promise.all([
      diagnoseDevice(command, context),
      liveStateLine(command, context).catch(() => undefined),
    ]);
    return {
      replies: [
        ...(live ? [{ kind: 'text' as const, text: live }] : []),
        {
          kind: 'card',
          card: await deviceAnswerCard(diagnosis, context, (shown) => deviceStatusCard(shown, context.cards)),
        },
      ],
      diagnosis,
      learned: learnedFrom(diagnosis),
    };
  },
});
