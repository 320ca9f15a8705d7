/**
 * `fleet-health`: "what's broken right now?", "are any devices offline?", "what's wrong with my
 * fleet?", "지금 문제 있는 장치", "오프라인 장치". A fleet question: it never picks a device from memory.
 */
import { PERMISSIONS } from '../../authorization/protected-actions';
import { fleetHealthCard } from '../../cards';
import { fleetHealth } from '../../diagnosis';
import { toInstants, type FleetHealthCommand } from '../command';
import { defineVerb, type TextRejection } from '../verbs';
import { fleetButton, fleetDeps, fleetQuestion } from './fleet-question';
import { namesADevice } from './device-question';

const FLEET_HEALTH_WORDS =
  /\bwhat(?:'s|\s+is|\s+are)?\s+(?:broken|failing|down)\b|\b(?:anything|something)\s+(?:broken|failing|down|wrong)\b|\bwhat(?:'s|\s+is)?\s+wrong\s+with\s+(?:my|the|our)\s+(?:fleet|devices|hub)\b|\bfleet\s+(?:health|status|overview)\b|\bhealth\s+of\s+(?:my|the|our)\s+(?:fleet|devices|hub)\b|\b(?:any|which|what|how\s+many)\s+devices?\s+(?:are\s+|is\s+)?(?:offline|down|failing|broken)\b|\bdevices?\s+(?:are\s+)?offline\b|\boffline\s+devices?\b|\bare\s+any\s+devices?\s+offline\b|(?:지금\s*)?문제\s*(?:가\s*)?(?:있는|생긴)\s*장치|오프라인\s*(?:인\s*)?장치|장치\s*(?:중\s*)?(?:오프라인|고장)|뭐가\s*(?:고장|문제)|고장\s*난\s*장치|전체\s*(?:장치\s*)?상태|플릿\s*상태/;

export const fleetHealthVerb = defineVerb({
  verb: 'fleet-health',
  permission: PERMISSIONS.ask,
  help: {
    rank: 15,
    description: {
      en: "What's broken right now: devices offline, devices failing, expected behaviour apart",
      ko: '지금 문제 있는 장치: 오프라인, 실패 중, 정상 동작은 따로',
    },
    example: { en: "what's broken right now?", ko: '지금 문제 있는 장치' },
  },
  followUps: true,
  keywords: ['broken', 'offline', 'health', 'fleet', 'wrong', '문제', '오프라인', '고장'],
  // A message naming a device asks about that device ("is thermostat-0042 offline?").
  matches: (utterance) => FLEET_HEALTH_WORDS.test(utterance.rest) && !namesADevice(utterance),
  fromText(utterance): FleetHealthCommand | TextRejection {
    const question = fleetQuestion(utterance);
    return 'kind' in question ? question : { verb: 'fleet-health', ...question };
  },
  button: fleetButton('fleet-health'),
  placeholder: (command, locale) =>
    locale === 'ko'
      ? `${command.hub ?? '장치 전체'} 상태를 살펴보는 중이에요…`
      : `Looking at what is broken on ${command.hub ?? 'the fleet'}…`,
  async handle(command, context) {
    const scope = command.hub !== undefined ? { hub: command.hub } : {};
    const answer = await fleetHealth(
      { window: toInstants(command.window), ...scope },
      await fleetDeps(context),
    );
    return { replies: [{ kind: 'card', card: fleetHealthCard(answer, context.cards, scope) }] };
  },
});
