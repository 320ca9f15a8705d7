/**
 * What `diagnose` and `status` share: both are about one device over a window, both run
 * diagnose() (status just shows less of it), and both need a device id — typed, or remembered from
 * the previous question.
 */
import { diagnose, type Diagnosis } from '../../diagnosis';
import { noDataCard, noDataInputFromDiagnosis } from '../../cards/no-data-card';
import type { CardRequest } from '../../cards/card-data';
import { diagnoseDepsIn } from '../../diagnosis/logs-context';
import { deviceHistory } from '../../diagnosis/recent-events';
import type { DiagnoseCommand, StatusCommand } from '../command';
import { toInstants } from '../command';
import { deviceFor, hubFor, windowFor, type Utterance } from '../utterance';
import type { HandlerContext, TextRejection } from '../verbs';

/** Words that make a message a question about one device, whatever else it says. */
export const DEVICE_QUESTION_WORDS =
  /\b(?:why|disconnect\w*|drop\w*|happen\w*|wrong|fail\w*|diagnos\w*|troubleshoot|trouble|issues?|problems?|keeps?|offline|broken|down|flapping|reconnect\w*)\b|왜|끊|무슨\s*일|진단|문제|안\s*돼|오프라인|장애|이상/;

const WHICH_DEVICE = {
  en: 'Which device? For example: why did device thermostat-0042 disconnect?',
  ko: '어느 장치인가요? 예: thermostat-0042 장치 연결이 왜 끊겼어?',
} as const;

/** The device, hub and window a device question is about, or why it can't be asked yet. */
export function deviceQuestion(utterance: Utterance):
  | {
      readonly deviceId: string;
      readonly hub?: string;
      readonly registrationId?: string;
      readonly window: DiagnoseCommand['window'];
    }
  | TextRejection {
  const invalid = utterance.entities.invalid;
  if (invalid) return { kind: 'invalid', error: invalid };
  const deviceId = deviceFor(utterance);
  if (deviceId === undefined) return { kind: 'usage', message: WHICH_DEVICE };
  const hub = hubFor(utterance, deviceId);
  const registrationId = utterance.entities.registrationId;
  return {
    deviceId,
    ...(hub !== undefined ? { hub } : {}),
    ...(registrationId !== undefined && registrationId !== deviceId ? { registrationId } : {}),
    window: windowFor(utterance),
  };
}

/** Whether the message names a device (or a mistyped one) at all. */
export function namesADevice(utterance: Utterance): boolean {
  const { entities } = utterance;
  return (
    entities.deviceId !== undefined ||
    entities.registrationId !== undefined ||
    entities.invalid?.kind === 'device-id' ||
    entities.invalid?.kind === 'registration-id'
  );
}

export function lookingAt(deviceId: string, locale: 'en' | 'ko'): string {
  return locale === 'ko' ? `${deviceId} 로그를 살펴보는 중이에요…` : `Looking at the logs for ${deviceId}…`;
}

/** Runs diagnose() for a device command. */
export async function diagnoseDevice(
  command: DiagnoseCommand | StatusCommand,
  context: HandlerContext,
): Promise<Diagnosis> {
  const logs = await context.logs();
  return diagnose(
    {
      deviceId: command.deviceId,
      ...(command.hub !== undefined ? { hub: command.hub } : {}),
      ...('registrationId' in command && command.registrationId !== undefined
        ? { registrationId: command.registrationId }
        : {}),
      window: toInstants(command.window),
    },
    // The turn's instant, so every query of the answer sees the same "now".
    { ...diagnoseDepsIn(logs, context.abortSignal), now: () => context.now },
  );
}

/** Facts a diagnosis found that follow-ups should reuse. */
export function learnedFrom(diagnosis: Diagnosis): { hub?: string; dps?: string } {
  return {
    ...(diagnosis.hub !== undefined ? { hub: diagnosis.hub } : {}),
    ...(diagnosis.dps !== undefined ? { dps: diagnosis.dps } : {}),
  };
}

/**
 * The card of a device answer. When the device has no records in the window, one cheap query over
 * the last 30 days tells a known device on a quiet day ("and yesterday?") from a misspelled id: the
 * known one gets its first and last record instead of "did you mean".
 */
export async function deviceAnswerCard(
  diagnosis: Diagnosis,
  context: HandlerContext,
  card: (diagnosis: Diagnosis) => CardRequest,
): Promise<CardRequest> {
  if (!diagnosis.dataStatus.noData) return card(diagnosis);
  const logs = await context.logs();
  const { deviceId, hub, window } = diagnosis.request;
  const known = await deviceHistory(
    { deviceId, ...(hub !== undefined ? { hub } : {}), window: toInstants(window) },
    { ...diagnoseDepsIn(logs, context.abortSignal), now: () => context.now },
  );
  if (!known.history) return card(diagnosis);
  return noDataCard(
    {
      ...noDataInputFromDiagnosis(diagnosis),
      deviceHistory: known.history,
      queries: [...diagnosis.queries, ...known.queries],
    },
    context.cards,
  );
}
