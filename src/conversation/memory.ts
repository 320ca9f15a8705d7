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
  /**
   * Whether {@link window} was relative to the moment it was asked ("last 24 hours", "since 9am",
   * the default): it then ends at "now", and a later "widen to 7 days" or "and hub errors?" keeps
   * ending at the new now. Absolute windows ("yesterday", "on March 2") keep their end.
   */
  readonly windowRelative?: boolean;
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
  askedAt?: Date,
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
  if ('window' in command) {
    next['window'] = command.window;
    next['windowRelative'] = askedAt !== undefined && isRelativeWindow(command.window as WindowIso, askedAt);
  }
  if (learned.hub !== undefined) next['hub'] = learned.hub;
  if (learned.dps !== undefined) next['dps'] = learned.dps;
  return next as ConversationMemory;
}

/**
 * A window that ends at the instant the question was asked was relative to it ("last 2 hours",
 * "today", "since 9am", no window named); one that ends earlier names fixed instants.
 */
export function isRelativeWindow(window: WindowIso, askedAt: Date): boolean {
  return new Date(window.end).getTime() === askedAt.getTime();
}
