/**
 * One message, taken apart once for every verb: the time window it names, the entities it
 * mentions, whether it reads as a follow-up ("and …?", "what about …", "그럼 …는?"), and the words
 * left over for the verbs' trigger phrases. Verbs then build their command from this (verb-table.ts).
 */
import type { InvalidIdentifierError } from '../diagnosis/kql-literal';
import { defaultWindow, toWindowIso, type WindowIso } from './command';
import { extractEntities, type Entities } from './entities';
import type { ConversationMemory } from './memory';
import { parseTimeWindow, type WindowPhrase } from './time-window';

export interface Utterance {
  /** As typed (mention already stripped). */
  readonly text: string;
  /** Lower-cased, with the window phrase and the entities blanked out. */
  readonly rest: string;
  readonly entities: Entities;
  readonly window?: WindowPhrase;
  /** Starts like a follow-up: "and …", "what about …", "그럼 …", or ends in "…는?". */
  readonly followUp: boolean;
  readonly now: Date;
  readonly timeZone: string;
  readonly memory?: ConversationMemory;
}

const FOLLOW_UP =
  /^\s*(?:and|what about|how about|then|also|same for|same thing for|now|ok(?:ay)?,?\s+(?:and|now))\b|^\s*(?:그럼|그러면|그리고|그건|이번엔|그 다음)|(?:은|는)\s*[?？]?\s*$/;

export function parseUtterance(
  text: string,
  context: { readonly now: Date; readonly timeZone: string; readonly memory?: ConversationMemory },
): Utterance {
  const parsedWindow = parseTimeWindow(text, context);
  let withoutWindow = text;
  for (const [start, end] of parsedWindow?.spans ?? []) {
    withoutWindow = withoutWindow.slice(0, start) + ' '.repeat(end - start) + withoutWindow.slice(end);
  }
  const { entities, rest } = extractEntities(withoutWindow);
  return {
    text,
    rest: rest.toLowerCase(),
    entities,
    ...(parsedWindow ? { window: parsedWindow.phrase } : {}),
    followUp: FOLLOW_UP.test(text.toLowerCase()),
    now: context.now,
    timeZone: context.timeZone,
    ...(context.memory ? { memory: context.memory } : {}),
  };
}

/** Default length of "widen" without a number. */
const WIDEN_DEFAULT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The window a command should use: the one the text names; "widen" grows the remembered one;
 * otherwise a follow-up keeps the remembered window and a new question looks back 24 hours. A
 * remembered window that was relative ("last 24 hours", the default) is moved to end at this
 * turn's now, so "widen to 7 days" an hour later still covers the last 7 days; an absolute one
 * ("yesterday", "on March 2") keeps its end.
 */
export function windowFor(utterance: Utterance): WindowIso {
  const { window, now } = utterance;
  if (window?.kind === 'window') return toWindowIso(window.window);
  const remembered = rememberedWindow(utterance);
  if (window?.kind === 'widen') {
    const end = remembered ? new Date(remembered.end) : now;
    const start = remembered ? new Date(remembered.start) : new Date(now.getTime() - WIDEN_DEFAULT_MS);
    const currentLength = end.getTime() - start.getTime();
    const length = window.lengthInMs ?? Math.max(WIDEN_DEFAULT_MS, currentLength * 2);
    return toWindowIso({ start: new Date(end.getTime() - length), end });
  }
  if (utterance.followUp && remembered) return remembered;
  return defaultWindow(now);
}

/** The remembered window, a relative one re-anchored at this turn's now (same length). */
function rememberedWindow(utterance: Utterance): WindowIso | undefined {
  const window = utterance.memory?.window;
  if (!window || utterance.memory?.windowRelative !== true) return window;
  const length = new Date(window.end).getTime() - new Date(window.start).getTime();
  return toWindowIso({ start: new Date(utterance.now.getTime() - length), end: utterance.now });
}

/**
 * Words that make a question about the fleet, not one device ("which devices…", "all devices",
 * "across the hub", "장치들", "전체"): such a question never borrows the remembered device.
 */
const FLEET_WORDS =
  /\b(?:devices|fleet|all|every|which|how many|across|many|most|top)\b|장치들|디바이스들|전체|모든|어떤\s*장치|몇\s*(?:대|개)/;

/** Whether the message asks about the fleet (many devices) rather than one device. */
export function asksAboutFleet(utterance: Utterance): boolean {
  return utterance.entities.deviceId === undefined && FLEET_WORDS.test(utterance.rest);
}

/**
 * The device the text names, or — when it names none and is not a fleet question — the one the
 * conversation was about.
 */
export function deviceFor(utterance: Utterance): string | undefined {
  const { entities, memory } = utterance;
  const named = entities.deviceId ?? entities.registrationId;
  if (named !== undefined || asksAboutFleet(utterance)) return named;
  return memory?.deviceId;
}

/** The hub: named, or remembered when the question is about the same device or is a follow-up. */
export function hubFor(utterance: Utterance, deviceId?: string): string | undefined {
  const { entities, memory } = utterance;
  if (entities.hub !== undefined) return entities.hub;
  if (!memory) return undefined;
  if (deviceId !== undefined) return deviceId === memory.deviceId ? memory.hub : undefined;
  return utterance.followUp ? memory.hub : undefined;
}

/** The mistyped id the user plainly meant, if any. */
export function invalidIdOf(utterance: Utterance): InvalidIdentifierError | undefined {
  return utterance.entities.invalid;
}
