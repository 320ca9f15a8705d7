/**
 * What the fleet verbs (hub errors, top disconnects, DPS errors) share: a window, an optional hub
 * or DPS, and the logs context (whose directory says where that hub's logs live).
 */
import { z } from 'zod';
import type { FleetDeps } from '../../diagnosis';
import { buttonText, optionalIdentifier, windowFields, windowOf } from '../card-action';
import { fleetDepsIn } from '../../diagnosis/logs-context';
import {
  toInstants,
  type FleetHealthCommand,
  type HubErrorsCommand,
  type TopDisconnectsCommand,
  type WindowIso,
} from '../command';
import { hubFor, windowFor, type Utterance } from '../utterance';
import type { HandlerContext, TextRejection, VerbButton } from '../verbs';

export function fleetQuestion(
  utterance: Utterance,
): { readonly hub?: string; readonly window: WindowIso } | TextRejection {
  const invalid = utterance.entities.invalid;
  if (invalid?.kind === 'hub-name') return { kind: 'invalid', error: invalid };
  const hub = hubFor(utterance);
  return { ...(hub !== undefined ? { hub } : {}), window: windowFor(utterance) };
}

/** The fleet answers' dependencies: the directory says which target a named hub's logs are in. */
export async function fleetDeps(context: HandlerContext): Promise<FleetDeps> {
  return fleetDepsIn(await context.logs(), context.abortSignal);
}

export function fleetScope(
  window: WindowIso,
  resource: { readonly hub?: string; readonly dps?: string },
): { window: { start: Date; end: Date }; hub?: string; dps?: string } {
  return { window: toInstants(window), ...resource };
}

export function lookingAtFleet(subject: { en: string; ko: string }, locale: 'en' | 'ko'): string {
  return subject[locale];
}

type HubWideCommand = HubErrorsCommand | TopDisconnectsCommand | FleetHealthCommand;

const fleetButtonData = z.object({ hub: buttonText(100).optional(), ...windowFields });

/** The buttons of a hub-wide verb: an optional hub and a window. */
export function fleetButton<V extends HubWideCommand['verb']>(
  verb: V,
): VerbButton<Extract<HubWideCommand, { verb: V }>, typeof fleetButtonData> {
  type C = Extract<HubWideCommand, { verb: V }>;
  return {
    data: fleetButtonData,
    toCommand: (data, now) =>
      ({ verb, ...optionalIdentifier('hub', 'hub-name', data.hub), window: windowOf(data, now) }) as C,
    fromCommand: (command) => ({
      ...(command.hub !== undefined ? { hub: command.hub } : {}),
      ...command.window,
    }),
  };
}
