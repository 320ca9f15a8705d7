/**
 * What the fleet verbs (hub errors, top disconnects, DPS errors) share: a window, an optional hub
 * or DPS, and the workspace that hub's logs live in.
 */
import type { FleetDeps } from '../../diagnosis';
import { toInstants, type WindowIso } from '../command';
import { hubFor, windowFor, type Utterance } from '../utterance';
import type { HandlerContext, TextRejection } from '../verbs';

export function fleetQuestion(
  utterance: Utterance,
): { readonly hub?: string; readonly window: WindowIso } | TextRejection {
  const invalid = utterance.entities.invalid;
  if (invalid?.kind === 'hub-name') return { kind: 'invalid', error: invalid };
  const hub = hubFor(utterance);
  return { ...(hub !== undefined ? { hub } : {}), window: windowFor(utterance) };
}

/** The fleet answers' dependencies: the directory says which target a named hub's logs are in. */
export async function fleetDeps(context: HandlerContext, _resource: string | undefined): Promise<FleetDeps> {
  const logs = await context.logs();
  return {
    logs,
    ...(context.hubs ? { hubs: context.hubs } : {}),
    ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
  };
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
