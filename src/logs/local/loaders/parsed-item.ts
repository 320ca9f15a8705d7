/**
 * What the file readers hand the loader: a parsed record, or a reason it could not be parsed,
 * each with the 1-based line where it starts so that a rejection can point at the exact place.
 */
export type ParsedItem =
  | { readonly kind: 'record'; readonly line: number; readonly value: unknown }
  | { readonly kind: 'malformed'; readonly line: number; readonly reason: string };
