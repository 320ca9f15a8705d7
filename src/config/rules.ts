import { z } from 'zod';

/** The value rules several sections share, each with the message a person fixing the setting needs. */

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Trimmed text; empty counts as unset, so an ARM template can always pass the setting. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** An optional GUID; `what` says which id is meant, since a GUID alone does not. */
export const guid = (what: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => v === undefined || GUID.test(v),
      `must be a GUID (${what}), e.g. 00000000-0000-0000-0000-000000000000`,
    )
    .optional();

/** A comma list, trimmed, empty entries dropped; unset is the empty list. */
export const commaList = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0),
  );
