/**
 * What the bot was asked to do, as typed data. Typed text and card buttons both end up as a
 * command, so a button can never do something a sentence could not, and the same handler answers.
 *
 * The registry routes on `verb` alone ({@link AnyCommand}); each verb declares its own command
 * type next to its handler. The chat questions' commands are here because follow-ups and the
 * conversation memory read their device, hub and window.
 */
import type { Locale } from '../cards/card-data';

/** A window as UTC instants (ISO strings): JSON-safe for conversation state and `--json`. */
export interface WindowIso {
  readonly start: string;
  readonly end: string;
}

export interface DiagnoseCommand {
  readonly verb: 'diagnose';
  readonly deviceId: string;
  readonly hub?: string;
  readonly registrationId?: string;
  readonly window: WindowIso;
  /** `dps`: "what about the DPS side?" of this device: a DPS summary above the diagnosis. */
  readonly focus?: 'dps';
  /**
   * Pressed on a row of a list card (fleet health, top devices): the diagnosis is posted as a new
   * message, because answering the invoke with it would replace the list the on-call still needs.
   */
  readonly asNewCard?: true;
}

export interface StatusCommand {
  readonly verb: 'status';
  readonly deviceId: string;
  readonly hub?: string;
  readonly window: WindowIso;
}

export interface RecentEventsCommand {
  readonly verb: 'recent-events';
  readonly deviceId: string;
  readonly hub?: string;
  /** How many of the newest events (1–50). */
  readonly count: number;
  readonly window: WindowIso;
}

export interface HubErrorsCommand {
  readonly verb: 'hub-errors';
  readonly hub?: string;
  readonly window: WindowIso;
}

export interface TopDisconnectsCommand {
  readonly verb: 'top-disconnects';
  readonly hub?: string;
  readonly window: WindowIso;
}

export interface FleetHealthCommand {
  readonly verb: 'fleet-health';
  readonly hub?: string;
  readonly window: WindowIso;
}

export interface DpsErrorsCommand {
  readonly verb: 'dps-errors';
  readonly dps?: string;
  readonly window: WindowIso;
}

export interface ExplainCommand {
  readonly verb: 'explain';
  /** What the user gave: a code (`401003`, `dps 404`) or an error name (`IoTHubUnauthorized`). */
  readonly code: string;
}

/** `kql <query>`: run the text as typed, over the window, in the named hub's logs (else the default target). */
export interface KqlCommand {
  readonly verb: 'kql';
  readonly query: string;
  readonly hub?: string;
  readonly window: WindowIso;
  /** 1-based page of the result rows to show. */
  readonly page: number;
}

export interface HelpCommand {
  readonly verb: 'help';
}

/** `time zone Asia/Seoul`: the zone (canonical IANA name, checked with Intl) the user's cards use. */
export interface TimeZoneCommand {
  readonly verb: 'time-zone';
  readonly timeZone: string;
}

export interface LanguageCommand {
  readonly verb: 'language';
  readonly locale: Locale;
}

/** Any verb's command, as the registry, recognition and memory see it. */
export interface AnyCommand {
  readonly verb: string;
}

export type Command =
  | DiagnoseCommand
  | StatusCommand
  | RecentEventsCommand
  | HubErrorsCommand
  | TopDisconnectsCommand
  | FleetHealthCommand
  | DpsErrorsCommand
  | ExplainCommand
  | KqlCommand
  | HelpCommand
  | LanguageCommand
  | TimeZoneCommand;

export type CommandVerb = Command['verb'];

export type CommandOf<V extends CommandVerb> = Extract<Command, { readonly verb: V }>;

/** Verbs whose command carries a time window (follow-ups can change it). */
export type WindowedCommand = Extract<Command, { readonly window: WindowIso }>;

export function hasWindow(command: AnyCommand): command is WindowedCommand {
  return 'window' in command;
}

/** How long a question looks back when it names no time. */
export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

export function defaultWindow(now: Date): WindowIso {
  return { start: new Date(now.getTime() - DEFAULT_WINDOW_MS).toISOString(), end: now.toISOString() };
}

export function toWindowIso(window: { readonly start: Date; readonly end: Date }): WindowIso {
  return { start: window.start.toISOString(), end: window.end.toISOString() };
}

export function toInstants(window: WindowIso): { readonly start: Date; readonly end: Date } {
  return { start: new Date(window.start), end: new Date(window.end) };
}
