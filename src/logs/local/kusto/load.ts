/**
 * Loads the official Kusto parser (`@kusto/language-service-next`) and binds queries against the
 * Log Analytics schema. The package is a Bridge.NET build of Kusto.Language: it defines globals
 * (`Bridge`, `System`, `Kusto`) instead of exporting modules, and the bridge runtime must be loaded
 * before the language service; this file is the only one that loads it.
 */
/// <reference types="@kusto/language-service-next" />
import { KNOWN_TABLES, kustoSchemaText } from '../../schema';

/* eslint-disable @typescript-eslint/no-require-imports */
require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next');
/* eslint-enable @typescript-eslint/no-require-imports */

/** A problem the parser or binder found, with its position in the query text. */
export interface KqlDiagnostic {
  readonly code: string;
  readonly message: string;
  /** 0-based character offset. */
  readonly start: number;
  readonly length: number;
  readonly severity: string;
}

let globalsWithSchema: Kusto.Language.GlobalState | undefined;

/** Global state with a database holding AzureDiagnostics and AzureMetrics, built once. */
export function logAnalyticsGlobals(): Kusto.Language.GlobalState {
  if (!globalsWithSchema) {
    const tables = Object.entries(KNOWN_TABLES).map(
      ([name, columns]) =>
        new Kusto.Language.Symbols.TableSymbol.$ctor7(name, kustoSchemaText(columns), null),
    );
    const database = new Kusto.Language.Symbols.DatabaseSymbol.ctor('la', tables);
    const withDatabase = Kusto.Language.GlobalState.Default?.WithDatabase(database);
    if (!withDatabase) throw new Error('The Kusto language service did not initialise its global state.');
    globalsWithSchema = withDatabase;
  }
  return globalsWithSchema;
}

/** Parse and bind `kql` against the Log Analytics schema; returns every diagnostic (empty when the query is valid). */
export function analyzeKql(kql: string): KqlDiagnostic[] {
  const code = Kusto.Language.KustoCode.ParseAndAnalyze(kql, logAnalyticsGlobals());
  return diagnosticsOf(code);
}

export function diagnosticsOf(code: Kusto.Language.KustoCode | null): KqlDiagnostic[] {
  const diagnostics = code?.GetDiagnostics();
  const result: KqlDiagnostic[] = [];
  if (!diagnostics) return result;
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    result.push({
      code: d.Code ?? '',
      message: d.Message ?? '',
      start: d.Start,
      length: d.Length,
      severity: String(d.Severity),
    });
  }
  return result;
}
