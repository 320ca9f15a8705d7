/**
 * Card buttons in and out. A button's data ({@link CardActionData}) comes back from the client as
 * the client likes, so it is untrusted: zod checks its shape, then the same identifier rules as
 * typed text apply (a device id goes through the KQL literal rules, times must be ISO instants),
 * and it becomes the same {@link Command} typed text would, for the same handler.
 *
 * The other direction — Command → button data — gives Retry buttons and choice cards.
 */
import { z } from 'zod';
import type { CardActionData } from '../cards/card-actions';
import { InvalidIdentifierError, isValidIdentifier, type IdentifierKind } from '../diagnosis/kql-literal';
import { defaultWindow, type Command, type WindowIso } from './command';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoInstant = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/,
    'an ISO 8601 instant',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'a real date');
const windowFields = { start: isoInstant.optional(), end: isoInstant.optional() };

/** Shapes of the button data this conversation answers (`cmd` values the alerts verbs add go here too). */
const cardActionSchema = z.discriminatedUnion('cmd', [
  z.object({
    cmd: z.literal('diagnose'),
    deviceId: text(200),
    hub: text(100).optional(),
    registrationId: text(200).optional(),
    ...windowFields,
  }),
  z.object({ cmd: z.literal('status'), deviceId: text(200), hub: text(100).optional() }),
  z.object({
    cmd: z.literal('explain'),
    code: text(64).regex(/^[A-Za-z0-9 :_-]+$/, 'a code or an error name'),
  }),
  z.object({ cmd: z.enum(['hub-errors', 'top-disconnects']), hub: text(100).optional(), ...windowFields }),
  z.object({
    cmd: z.literal('dps-errors'),
    dps: text(100).optional(),
    hub: text(100).optional(),
    ...windowFields,
  }),
  z.object({ cmd: z.literal('text'), text: text(500) }),
]);

type ParsedAction = z.infer<typeof cardActionSchema>;

/** What a button payload turned out to be. */
export type ActionParse =
  | { readonly kind: 'command'; readonly command: Command }
  /** `{cmd:'text'}`: a typed command line to recognize like a message. */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'invalid'; readonly error: InvalidIdentifierError }
  /** Not a payload this bot makes (or one for a verb that isn't installed). */
  | { readonly kind: 'unknown' };

/**
 * Reads a button payload: `value.action.data` of an `adaptiveCard/action` invoke, or the `value`
 * of an Action.Submit message.
 */
export function parseCardAction(payload: unknown, now: Date): ActionParse {
  const parsed = cardActionSchema.safeParse(payload);
  if (!parsed.success) return { kind: 'unknown' };
  try {
    return toCommand(parsed.data, now);
  } catch (error) {
    if (error instanceof InvalidIdentifierError) return { kind: 'invalid', error };
    throw error;
  }
}

function identifier(kind: IdentifierKind, value: string): string {
  if (!isValidIdentifier(kind, value)) throw new InvalidIdentifierError(kind, value);
  return value;
}

function optionalIdentifier(kind: IdentifierKind, value: string | undefined): { readonly value?: string } {
  return value === undefined ? {} : { value: identifier(kind, value) };
}

function windowOf(data: { readonly start?: string; readonly end?: string }, now: Date): WindowIso {
  if (data.start === undefined || data.end === undefined) return defaultWindow(now);
  return { start: new Date(data.start).toISOString(), end: new Date(data.end).toISOString() };
}

function toCommand(data: ParsedAction, now: Date): ActionParse {
  switch (data.cmd) {
    case 'diagnose': {
      const hub = optionalIdentifier('hub-name', data.hub).value;
      const registrationId = optionalIdentifier('registration-id', data.registrationId).value;
      return {
        kind: 'command',
        command: {
          verb: 'diagnose',
          deviceId: identifier('device-id', data.deviceId),
          ...(hub !== undefined ? { hub } : {}),
          ...(registrationId !== undefined ? { registrationId } : {}),
          window: windowOf(data, now),
        },
      };
    }
    case 'status': {
      const hub = optionalIdentifier('hub-name', data.hub).value;
      return {
        kind: 'command',
        command: {
          verb: 'status',
          deviceId: identifier('device-id', data.deviceId),
          ...(hub !== undefined ? { hub } : {}),
          window: defaultWindow(now),
        },
      };
    }
    case 'explain':
      return { kind: 'command', command: { verb: 'explain', code: data.code } };
    case 'hub-errors':
    case 'top-disconnects': {
      const hub = optionalIdentifier('hub-name', data.hub).value;
      return {
        kind: 'command',
        command: { verb: data.cmd, ...(hub !== undefined ? { hub } : {}), window: windowOf(data, now) },
      };
    }
    case 'dps-errors': {
      const dps = optionalIdentifier('dps-name', data.dps).value;
      return {
        kind: 'command',
        command: { verb: 'dps-errors', ...(dps !== undefined ? { dps } : {}), window: windowOf(data, now) },
      };
    }
    case 'text':
      return { kind: 'text', text: data.text };
  }
}

/** The button data that asks `command` again (Retry, choices). */
export function actionFor(command: Command): CardActionData {
  switch (command.verb) {
    case 'diagnose':
      return {
        cmd: 'diagnose',
        deviceId: command.deviceId,
        ...(command.hub !== undefined ? { hub: command.hub } : {}),
        ...command.window,
      };
    case 'status':
      return {
        cmd: 'status',
        deviceId: command.deviceId,
        ...(command.hub !== undefined ? { hub: command.hub } : {}),
      };
    case 'hub-errors':
    case 'top-disconnects':
      return {
        cmd: command.verb,
        ...(command.hub !== undefined ? { hub: command.hub } : {}),
        ...command.window,
      };
    case 'dps-errors':
      return {
        cmd: 'dps-errors',
        ...(command.dps !== undefined ? { dps: command.dps } : {}),
        ...command.window,
      };
    case 'explain':
      return { cmd: 'explain', code: command.code };
    case 'help':
      return { cmd: 'text', text: 'help' };
    case 'language':
      return { cmd: 'text', text: `language ${command.locale}` };
  }
}
