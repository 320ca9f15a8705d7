/** `top-disconnects`: "which devices disconnect the most?", "top disconnects", "가장 많이 끊긴 장치". */
import { topDevicesCard } from '../../cards';
import { topDisconnectingDevices } from '../../diagnosis';
import type { TopDisconnectsCommand } from '../command';
import { defineVerb, type TextRejection } from '../verbs';
import { PERMISSIONS } from '../../authorization/protected-actions';
import { fleetButton, fleetDeps, fleetQuestion, fleetScope } from './fleet-question';

const TOP_WORDS =
  /\btop\b|\bmost\b.*\b(?:disconnect\w*|drop\w*)|\bwhich\s+devices\b|\bworst\b|\bnoisiest\b|top-disconnects|(?:가장|제일)\s*많이|상위|많이\s*끊|끊김이?\s*(?:많은|잦은)|자주\s*끊기는/;

export const topDisconnectsVerb = defineVerb({
  verb: 'top-disconnects',
  permission: PERMISSIONS.ask,
  help: {
    rank: 40,
    description: {
      en: 'The devices that disconnected most often',
      ko: '연결이 가장 자주 끊긴 장치',
    },
    example: { en: 'top disconnecting devices today', ko: '오늘 가장 많이 끊긴 장치' },
  },
  followUps: true,
  keywords: ['top', 'most', 'disconnects', 'devices', 'worst', '상위', '가장', '많이'],
  matches: (utterance) => TOP_WORDS.test(utterance.rest) && utterance.entities.deviceId === undefined,
  fromText(utterance): TopDisconnectsCommand | TextRejection {
    const question = fleetQuestion(utterance);
    return 'kind' in question ? question : { verb: 'top-disconnects', ...question };
  },
  button: fleetButton('top-disconnects'),
  placeholder: (command, locale) =>
    locale === 'ko'
      ? `${command.hub ?? '허브'}에서 연결이 끊긴 장치를 세는 중이에요…`
      : `Counting disconnects on ${command.hub ?? 'the hub'}…`,
  async handle(command, context) {
    const scope = command.hub !== undefined ? { hub: command.hub } : {};
    const answer = await topDisconnectingDevices(
      { ...fleetScope(command.window, scope), limit: 10 },
      await fleetDeps(context),
    );
    return { replies: [{ kind: 'card', card: topDevicesCard(answer, context.cards, scope) }] };
  },
});
