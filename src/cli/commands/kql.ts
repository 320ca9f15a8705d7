/**
 * `iot-triage kql "<query>"`: runs KQL on the embedded engine over the demo data or the user's
 * exported logs. The same text runs in Log Analytics, so this is also how to try a query offline.
 */
import { parseArgs } from 'node:util';
import { LogsQueryError, type LogsTable } from '../../logs/backend';
import { EXIT, UsageError } from '../cli-io';
import { formatTable } from '../format-table';
import { DEFAULT_DEMO_DIR, LOG_OPTIONS, openLocalLogs } from '../local-logs';
import { dateFlag, withUsageErrors } from '../parse-flags';
import type { CliCommand } from './command';

const HELP = `Usage: iot-triage kql "<query>" [--logs <path>]... [--now <ISO>] [--json] [--demo-dir <dir>]

Runs a KQL query on the embedded engine (tables AzureDiagnostics and AzureMetrics).

  --logs <path>      a log file or folder to load (repeatable): Log Analytics JSON/CSV exports or
                     diagnostic-settings archives. Without it, the demo data set is used.
  --now <ISO>        what now() and ago() mean, e.g. 2026-03-02T10:00:00Z (default: the clock)
  --json             print the result tables as JSON instead of aligned text
  --demo-dir <dir>   where the demo data set is cached (default: ${DEFAULT_DEMO_DIR})
  -h, --help         this text

Example:
  iot-triage kql 'AzureDiagnostics | where Level == "Error" | summarize count() by ResultType, ResultDescription'
`;

export const kqlCommand: CliCommand = {
  name: 'kql',
  summary: 'run a KQL query on the embedded engine over local logs or the demo data',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = withUsageErrors('kql', () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          ...LOG_OPTIONS,
          now: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    );
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (positionals.length !== 1 || positionals[0]?.trim() === '') {
      throw new UsageError(
        positionals.length === 0
          ? 'Give the query as one argument, in quotes: iot-triage kql "AzureDiagnostics | take 10"'
          : `Expected one query argument but got ${positionals.length}; put the whole query in quotes.`,
      );
    }
    const query = positionals[0] ?? '';
    const fixedNow = values.now === undefined ? undefined : dateFlag('now', values.now);
    const clock = fixedNow ? () => fixedNow : (io.clock ?? (() => new Date()));

    const loaded = await openLocalLogs(values, clock, io);

    let tables: LogsTable[];
    try {
      tables = loaded.engine.query(query);
    } catch (error) {
      if (error instanceof LogsQueryError && error.kind === 'bad-query') {
        throw new UsageError(describeBadQuery(query, error));
      }
      throw error;
    }
    io.stdout.write(values.json ? `${JSON.stringify({ tables }, null, 2)}\n` : formatTables(tables));
    return EXIT.ok;
  },
};

function formatTables(tables: readonly LogsTable[]): string {
  if (tables.length === 1 && tables[0]) return `${formatTable(tables[0])}\n`;
  return tables.map((table) => `${table.name}\n${formatTable(table)}\n`).join('\n');
}

/** The parser's message, then the query line it points at with a caret under the position. */
export function describeBadQuery(query: string, error: LogsQueryError): string {
  const position = error.details.position;
  const lines = [`Invalid KQL: ${error.message}`];
  if (position !== undefined && position >= 0 && position <= query.length) {
    const lineStart = query.lastIndexOf('\n', position - 1) + 1;
    const lineEndIndex = query.indexOf('\n', position);
    const lineText = query.slice(lineStart, lineEndIndex < 0 ? undefined : lineEndIndex);
    const lineNumber = query.slice(0, lineStart).split('\n').length;
    const column = position - lineStart;
    lines.push(`  at line ${lineNumber}, column ${column + 1}:`, `  ${lineText}`, `  ${' '.repeat(column)}^`);
  }
  return lines.join('\n');
}
