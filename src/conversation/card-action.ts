/**
 * The pieces verbs build their button data from. A button's data comes back from the client as
 * the client likes, so it is untrusted: each verb's zod schema (`button.data`, made of these
 * fields) checks its shape, then the same identifier rules as typed text apply (a device id goes
 * through the KQL literal rules, times must be ISO instants), and it becomes the same command
 * typed text would, for the same handler. The registry (registry.ts) routes a payload to its verb.
 */
import { z } from 'zod';
import { InvalidIdentifierError, isValidIdentifier, type IdentifierKind } from '../diagnosis/kql-literal';
import { defaultWindow, type WindowIso } from './command';

/** Trimmed, non-empty text of at most `max` characters. */
export const buttonText = (max: number) => z.string().trim().min(1).max(max);

const isoInstant = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/,
    'an ISO 8601 instant',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'a real date');

/** A window as two optional ISO instants; absent means the default window ending now. */
export const windowFields = { start: isoInstant.optional(), end: isoInstant.optional() };

/** `value` when it follows the identifier rules of `kind`; throws {@link InvalidIdentifierError} otherwise. */
export function identifier(kind: IdentifierKind, value: string): string {
  if (!isValidIdentifier(kind, value)) throw new InvalidIdentifierError(kind, value);
  return value;
}

/** `{ [key]: value }` for a valid optional identifier, `{}` when it is absent. */
export function optionalIdentifier<K extends string>(
  key: K,
  kind: IdentifierKind,
  value: string | undefined,
): { readonly [P in K]?: string } {
  return (value === undefined ? {} : { [key]: identifier(kind, value) }) as { readonly [P in K]?: string };
}

export function windowOf(data: { readonly start?: string; readonly end?: string }, now: Date): WindowIso {
  if (data.start === undefined || data.end === undefined) return defaultWindow(now);
  return { start: new Date(data.start).toISOString(), end: new Date(data.end).toISOString() };
}
