/**
 * Checks a KQL text someone typed before it is run: the official Kusto parser and binder
 * (`@kusto/language-service-next`, the same global state the embedded engine binds against), with
 * every error's position, so a chat answer can point at the column.
 */
/// <reference types="@kusto/language-service-next" />
import { analyzeKql, logAnalyticsGlobals } from './local/kusto-bridge';
import { diagnosticsOf } from './local/kusto/load';
import { KNOWN_TABLES } from './schema';

/** One error in the text: what is wrong, where (0-based offset) and over how many characters. */
export interface KqlProblem {
  readonly message: string;
  /** The parser's code, e.g. `KS142` (unknown name), `KS204` (unknown table). */
  readonly code: string;
  readonly start: number;
  readonly length: number;
}

export type KqlCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly errors: readonly KqlProblem[];
      /** A name is no table the schema has: the tables it does have, to say so. */
      readonly knownTables?: readonly string[];
    };

/**
 * How much of the schema to hold the text to. `schema`: every table and column must be one the
 * bot's schema has (the embedded engine: its tables are exactly these). `open`: the same, except
 * when the text names a table the schema does not know; then only its syntax is checked, because a
 * Log Analytics workspace holds many more tables than the bot describes and the service judges them.
 */
export type KqlCheckScope = 'schema' | 'open';

/** Binder code for a name that is no table (or tabular variable/function) of the database. */
const UNKNOWN_TABLE = 'KS204';

/** Parses and binds `text`; `{ok:true}`, or every error (parse or bind) with its position. */
export function checkKql(text: string, scope: KqlCheckScope = 'schema'): KqlCheck {
  const bound = analyzeKql(text).filter((d) => d.severity === 'Error');
  if (bound.length === 0) return { ok: true };
  const unknownTable = bound.some((d) => d.code === UNKNOWN_TABLE);
  const errors =
    scope === 'open' && unknownTable
      ? diagnosticsOf(Kusto.Language.KustoCode.Parse(text, logAnalyticsGlobals())).filter(
          (d) => d.severity === 'Error',
        )
      : bound;
  if (errors.length === 0) return { ok: true };
  return {
    ok: false,
    errors: errors.map(({ message, code, start, length }) => ({ message, code, start, length })),
    ...(errors.some((d) => d.code === UNKNOWN_TABLE) ? { knownTables: Object.keys(KNOWN_TABLES) } : {}),
  };
}
