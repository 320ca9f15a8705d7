/**
 * `dps-errors`: DPS failures by code plus the DPS metrics ("dps errors", "DPS metrics",
 * "DPS 오류"; "what about the DPS side?" after a device question is that device's: dps-side.ts).
 */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import { dpsSummaryCard } from '../../cards';
import { buttonText, optionalIdentifier, windowFields, windowOf } from '../card-action';
import { dpsFailures, dpsMetrics } from '../../diagnosis';
import { LogsQueryError } from '../../logs/backend';
import type { DpsErrorsCommand } from '../command';
import { windowFor } from '../utterance';
import { defineVerb, type TextRejection } from '../verbs';
import { asksDpsSideOfDevice, DPS_WORDS } from './dps-side';
import { fleetDeps, fleetScope } from './fleet-question';

export const dpsErrorsVerb = defineVerb({
  verb: 'dps-errors',
  permission: PERMISSIONS.ask,
  help: {
    rank: 50,
    description: {
      en: 'Device Provisioning Service failures by code, and its registration metrics',
      ko: 'DPS(Device Provisioning Service) 실패 코드별 요약과 등록 지표',
    },
    example: { en: 'dps errors since yesterday', ko: '어제부터 DPS 오류' },
  },
  followUps: true,
  keywords: ['dps', 'provisioning', 'enrollment', 'registration', 'metrics', '프로비저닝', '등록'],
  matches: (utterance) =>
    DPS_WORDS.test(utterance.rest) &&
    utterance.entities.deviceId === undefined &&
    !asksDpsSideOfDevice(utterance),
  fromText(utterance): DpsErrorsCommand | TextRejection {
    const { entities, memory } = utterance;
    if (entities.invalid?.kind === 'dps-name') return { kind: 'invalid', error: entities.invalid };
    const dps = entities.dps ?? (utterance.followUp ? memory?.dps : undefined);
    return { verb: 'dps-errors', ...(dps !== undefined ? { dps } : {}), window: windowFor(utterance) };
  },
  button: {
    // `hub` is accepted (older cards sent it) and not used: DPS failures are per DPS.
    data: z.object({ dps: buttonText(100).optional(), hub: buttonText(100).optional(), ...windowFields }),
    toCommand: (data, now) => ({
      verb: 'dps-errors',
      ...optionalIdentifier('dps', 'dps-name', data.dps),
      window: windowOf(data, now),
    }),
    fromCommand: (command) => ({
      ...(command.dps !== undefined ? { dps: command.dps } : {}),
      ...command.window,
    }),
  },
  placeholder: (command, locale) =>
    locale === 'ko'
      ? `${command.dps ?? 'DPS'} 로그를 살펴보는 중이에요…`
      : `Looking at the logs of ${command.dps ?? 'the DPS'}…`,
  async handle(command, context) {
    const resource = command.dps !== undefined ? { dps: command.dps } : {};
    const scope = fleetScope(command.window, resource);
    const deps = await fleetDeps(context);
    const [failures, metrics] = await Promise.all([
      dpsFailures(scope, deps),
      // Metrics are a supplement: a workspace without AzureMetrics still gets the failures.
      dpsMetrics(scope, deps).catch((error: unknown) => {
        if (error instanceof LogsQueryError) return undefined;
        throw error;
      }),
    ]);
    return { replies: [{ kind: 'card', card: dpsSummaryCard(failures, metrics, context.cards, resource) }] };
  },
});
