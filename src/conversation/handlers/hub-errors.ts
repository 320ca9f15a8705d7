/** `hub-errors`: "hub errors", "errors on hub contoso-fleet-hub last 2 hours", "허브 오류". */
import { hubErrorsCard } from '../../cards';
import { hubErrorBreakdown } from '../../diagnosis';
import type { HubErrorsCommand } from '../command';
import { defineVerb, type TextRejection } from '../verbs';
import { PERMISSIONS } from '../../authorization/protected-actions';
import { fleetButton, fleetDeps, fleetQuestion, fleetScope } from './fleet-question';

const HUB_ERROR_WORDS =
  /\bhub\b.*\b(?:errors?|failures?)\b|\b(?:errors?|failures?)\b.*\bhub\b|\berror\s+(?:summary|breakdown|trend|mix|codes?)\b|^\s*(?:show\s+|list\s+|any\s+)?(?:errors?|hub-errors)\b|\bfleet\b.*\berrors?\b|허브.*(?:오류|에러)|(?:오류|에러)\s*(?:요약|현황|추이|코드)/;

export const hubErrorsVerb = defineVerb({
  verb: 'hub-errors',
  permission: PERMISSIONS.ask,
  help: {
    rank: 30,
    description: {
      en: 'IoT Hub errors by code over a window, with the trend',
      ko: '기간별 IoT Hub 오류 코드 요약과 추이',
    },
    example: { en: 'hub errors in the last 24 hours', ko: '지난 24시간 허브 오류' },
  },
  followUps: true,
  keywords: ['hub', 'errors', 'error', 'summary', '허브', '오류', '에러'],
  matches: (utterance) =>
    HUB_ERROR_WORDS.test(utterance.rest) ||
    (utterance.entities.hub !== undefined &&
      utterance.entities.deviceId === undefined &&
      /errors?|오류|에러/.test(utterance.rest)),
  fromText(utterance): HubErrorsCommand | TextRejection {
    const question = fleetQuestion(utterance);
    return 'kind' in question ? question : { verb: 'hub-errors', ...question };
  },
  button: fleetButton('hub-errors'),
  placeholder: (command, locale) =>
    locale === 'ko'
      ? `${command.hub ?? '허브'} 오류를 집계하는 중이에요…`
      : `Looking at the errors of ${command.hub ?? 'the hub'}…`,
  async handle(command, context) {
    const scope = command.hub !== undefined ? { hub: command.hub } : {};
    const answer = await hubErrorBreakdown(fleetScope(command.window, scope), await fleetDeps(context));
    return { replies: [{ kind: 'card', card: hubErrorsCard(answer, context.cards, scope) }] };
  },
});
