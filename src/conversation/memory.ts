/**
 * What the conversation remembers between turns so that "and yesterday?", "what about the DPS
 * side?", "widen to 7 days" and "그럼 어제는?" mean something: the last command and the device,
 * hub, DPS and window it was about. Hosting keeps it in conversation state (plain JSON), so every
 * member of a group chat continues the same thread of questions.
 */
import type { AnyCommand, Command, WindowIso } from './command';

export interface ConversationMemory {
  /** The last question that ran (only verbs that take follow-ups: not help, language or the alert commands). */
  readonly last?: Command | AnyCommand;
  readonly deviceId?: string;
  readonly hub?: string;
  readonly dps?: string;
  readonly registrationId?: string;
  readonly window?: WindowIso;
}

/** Facts an answer found out that the question did not say (e.g. the hub the device is in). */
export interface LearnedFacts {
  readonly hub?: string;
  readonly dps?: string;
}

/** The memory after the question `command` ran and its answer taught us `learned`. */
export function remember(
  memory: ConversationMemory | undefined,
  command: AnyCommand & Partial<Record<'deviceId' | 'registrationId' | 'hub' | 'dps', string>>,
  learned: LearnedFacts = {},
): ConversationMemory {
  const previous = memory ?? {};
  const next: Record<string, unknown> = { ...previous, last: command };
  if ('deviceId' in command) {
    if (command.deviceId !== previous.deviceId) {
      delete next['hub'];
      delete next['registrationId'];
    }
    next['deviceId'] = command.deviceId;
  }
  if ('registrationId' in command && command.registrationId !== undefined)
    next['registrationId'] = command.registrationId;
  if ('hub' in command && command.hub !== undefined) next['hub'] = command.hub;
  if ('dps' in command && command.dps !== undefined) next['dps'] = command.dps;
  if ('window' in command) next['window'] = command.window;
  if (learned.hub !== undefined) next['hub'] = learned.hub;
  if (learned.dps !== undefined) next['dps'] = learned.dps;
  return next as ConversationMemory;
}
