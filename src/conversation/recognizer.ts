/**
 * Text → Command. The verbs of the table are asked in order whether the message is theirs; the
 * first that says yes builds the command. A message no verb claims may still continue the previous
 * question ("and yesterday?", "widen to 7 days", "그럼 어제는?"): then the previous verb runs again
 * with what the message changes. Anything else is not understood, and the help card lists the
 * verbs closest to what was typed.
 *
 *   text ─▶ utterance (window · entities · follow-up?) ─▶ verb.matches? ─▶ verb.fromText ─▶ Command
 *                                                         │ none
 *                                                         ▼
 *                                       memory.last? + a window/hub/"and…" ─▶ last verb.fromText
 *                                                         │ no
 *                                                         ▼
 *                                               not understood (closest verbs)
 */
import { editDistance } from '../diagnosis/nearest-ids';
import type { AnyCommand } from './command';
import type { Utterance } from './utterance';
import { isRejection, type AnyVerb, type TextRejection } from './verbs';

export type Recognition =
  | { readonly kind: 'command'; readonly command: AnyCommand; readonly followUp: boolean }
  /** `verb`: the verb whose command it would have been (its permission still applies). */
  | (TextRejection & { readonly verb?: string })
  | { readonly kind: 'not-understood'; readonly closest: readonly string[] };

function fromVerb(verb: AnyVerb, utterance: Utterance): Recognition {
  const result = verb.fromText(utterance);
  return isRejection(result)
    ? { ...result, verb: verb.verb }
    : { kind: 'command', command: result, followUp: utterance.followUp };
}

/** Whether a message that no verb claims changes something about the previous question. */
function continuesPrevious(utterance: Utterance): boolean {
  const { window, entities, followUp } = utterance;
  return (
    followUp ||
    window !== undefined ||
    entities.hub !== undefined ||
    entities.dps !== undefined ||
    entities.code !== undefined ||
    entities.pronoun
  );
}

export function recognize(utterance: Utterance, verbs: readonly AnyVerb[]): Recognition {
  if (utterance.text.trim() === '') return { kind: 'command', command: { verb: 'help' }, followUp: false };
  for (const verb of verbs) {
    if (verb.matches(utterance)) return fromVerb(verb, utterance);
  }
  const last = utterance.memory?.last;
  if (last && continuesPrevious(utterance)) {
    const verb = verbs.find((candidate) => candidate.verb === last.verb);
    if (verb) return fromVerb(verb, { ...utterance, followUp: true });
  }
  return { kind: 'not-understood', closest: closestVerbs(utterance.text, verbs) };
}

const CLOSE_ENOUGH = 0.7;
const MAX_CLOSEST = 3;

/**
 * The verbs whose keywords are nearest to the words typed ("hub eror" → hub-errors,
 * "diagnos" → diagnose), best first; empty when nothing is close.
 */
export function closestVerbs(text: string, verbs: readonly AnyVerb[]): string[] {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9\uac00-\ud7af-]+/)
    .filter((word) => word.length >= 2);
  const scored = verbs
    .map((verb) => ({
      verb: verb.verb,
      score: Math.max(0, ...words.map((word) => similarity(word, verb.keywords))),
    }))
    .filter((entry) => entry.score >= CLOSE_ENOUGH)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, MAX_CLOSEST).map((entry) => entry.verb);
}

function similarity(word: string, keywords: readonly string[]): number {
  let best = 0;
  for (const keyword of keywords) {
    if (word === keyword) return 1;
    // Korean runs particles on: "진단해줘" contains "진단".
    if (/[\uac00-\ud7af]/.test(keyword) && word.includes(keyword)) best = Math.max(best, 0.9);
    const length = Math.max(word.length, keyword.length);
    best = Math.max(best, 1 - editDistance(word, keyword) / length);
  }
  return best;
}
