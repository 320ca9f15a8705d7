/**
 * `demo-alert` (the help card's "Send a demo alert" button, in development; also typed as
 * `demo alert`): posts the demo fleet's disconnect alert through the real intake, the way
 * `iot-triage alert --demo` posts it over HTTP, so the incident card arrives as a real one would.
 */
import { z } from 'zod';
import { DEMO_ALERT_DEVICE } from '../../alerts/demo-alert';
import { PERMISSIONS } from '../../authorization/protected-actions';
import type { Locale } from '../../cards/card-data';
import { defineVerb } from '../verbs';

/** The demo alert command: the device the alert is about. */
export interface DemoAlertCommand {
  readonly verb: 'demo-alert';
  readonly deviceId: string;
}

const DEMO_TEXT: Readonly<
  Record<Locale, { posted: (id: string) => string; subscribeFirst: string; notHere: string }>
> = {
  en: {
    posted: (id) =>
      `Posted a demo alert (incident ${id}); it arrives in the subscribed conversations in a few seconds.`,
    subscribeFirst:
      'This conversation is not subscribed to alerts, so the demo alert would not arrive here. Type `subscribe alerts` first, then send it again.',
    notHere: 'Demo alerts are only available when the bot runs in development (npm start).',
  },
  ko: {
    posted: (id) => `데모 경고를 보냈어요 (인시던트 ${id}). 몇 초 안에 구독한 대화에 도착해요.`,
    subscribeFirst:
      '이 대화는 경고를 구독하고 있지 않아서 데모 경고가 여기에 오지 않아요. 먼저 `subscribe alerts`를 입력한 뒤 다시 보내세요.',
    notHere: '데모 경고는 봇을 개발 모드(npm start)로 실행할 때만 쓸 수 있어요.',
  },
};

export const demoAlertVerb = defineVerb({
  verb: 'demo-alert',
  permission: PERMISSIONS.demoAlert,
  needsAlerts: true,
  keywords: ['demo'],
  matches: (utterance) => /^demo[\s-]alert$/.test(utterance.text.trim().toLowerCase()),
  fromText: (): DemoAlertCommand => ({ verb: 'demo-alert', deviceId: DEMO_ALERT_DEVICE }),
  button: {
    data: z.object({}),
    toCommand: (): DemoAlertCommand => ({ verb: 'demo-alert', deviceId: DEMO_ALERT_DEVICE }),
    fromCommand: () => ({}),
  },
  async handle(command, context) {
    const say = DEMO_TEXT[context.locale];
    const { alerts, party } = context;
    if (!alerts?.demo) return { replies: [{ kind: 'text', text: say.notHere }] };
    if (party && !(await alerts.subscriptions.forConversation(party.conversationKey))) {
      return { replies: [{ kind: 'text', text: say.subscribeFirst }] };
    }
    const id = await alerts.demo.post(command.deviceId);
    return { replies: [{ kind: 'text', text: say.posted(id) }] };
  },
});
