/**
 * The fleet commands (hub-errors, top-disconnects, dps-errors) differ only in the question and the
 * columns: this builds each from those, with the same window / logs / locale / json flags, the same
 * hub check, the same "logs end before the window" note and the same JSON envelope.
 */
import { parseArgs } from 'node:util';
import { UnknownHubError, iotHubNames, type FleetDataStatus, type HubDirectory } from '../diagnosis';
import type { Locale } from '../knowledge/catalog';
import type { LogsTable } from '../logs/backend';
import { EXIT, UsageError } from './cli-io';
import { coverageNotes } from './coverage-note';
import { openDiagnosisSession, withUserFacingErrors, type DiagnosisSession } from './diagnosis-session';
import { formatTable } from './format-table';
import { LOG_HELP, LOG_OPTIONS } from './local-logs';
import { localeFlag, withUsageErrors } from './parse-flags';
import { reportText } from './report-text';
import { WINDOW_HELP, WINDOW_OPTIONS } from './window-flags';
import type { CliCommand } from './commands/command';

/** What one fleet command answers, before printing. */
export interface FleetReport {
  /** Printed as is with --json, plus `loadedLogs`. */
  readonly json: Readonly<Record<string, unknown>> & {
    readonly queries: readonly { readonly name: string; readonly kql: string }[];
    readonly dataStatus: FleetDataStatus;
  };
  readonly table: LogsTable;
  /** Lines printed under the table (code meanings, totals, a next step). */
  readonly notes?: readonly string[];
}

export interface FleetCommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Usage line(s) and description, before the shared flags. */
  readonly usage: string;
  /** Help lines of the command's own flags. */
  readonly ownFlagsHelp: string;
  readonly examples: string;
  /** The resource flag: `hub` (IoT hub) or `dps`. */
  readonly scopeFlag: 'hub' | 'dps';
  /** Extra string flags, e.g. `limit`. */
  readonly extraFlags?: readonly string[];
  ask(
    session: DiagnosisSession,
    flags: { readonly scope?: string; readonly extra: Readonly<Record<string, string | undefined>> },
    locale: Locale,
  ): Promise<FleetReport>;
}

export function fleetCommand(spec: FleetCommandSpec): CliCommand {
  const help = `${spec.usage}

${spec.ownFlagsHelp}
${WINDOW_HELP}
${LOG_HELP}
  --locale en|ko            language (default en)
  --json                    print the answer as JSON, with the KQL that ran
  -h, --help                this text

${spec.examples}`;
  const extraOptions = Object.fromEntries(
    (spec.extraFlags ?? []).map((flag) => [flag, { type: 'string' as const }]),
  );
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    async run(args, io) {
      const { values, positionals } = withUsageErrors(spec.name, () =>
        parseArgs({
          args: [...args],
          allowPositionals: true,
          strict: true,
          options: {
            [spec.scopeFlag]: { type: 'string' },
            ...extraOptions,
            ...WINDOW_OPTIONS,
            ...LOG_OPTIONS,
            locale: { type: 'string' },
            json: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' },
          },
        }),
      );
      if (values.help === true) {
        io.stdout.write(help);
        return EXIT.ok;
      }
      if (positionals.length > 0) {
        throw new UsageError(
          `Unexpected argument '${positionals[0]}'. Run \`iot-triage ${spec.name} --help\`.`,
        );
      }
      // The scope and extra flags differ per command, so parseArgs cannot type them.
      const byName: Readonly<Record<string, unknown>> = values;
      const locale = localeFlag(values.locale);
      const scope = stringFlag(byName[spec.scopeFlag]);
      const session = await openDiagnosisSession(values, io);
      const extra = Object.fromEntries(
        (spec.extraFlags ?? []).map((flag) => [flag, stringFlag(byName[flag])]),
      );
      const report = await withUserFacingErrors(async () => {
        if (scope !== undefined) checkScope(scope, spec.scopeFlag, session.hubs);
        return spec.ask(session, { ...(scope !== undefined ? { scope } : {}), extra }, locale);
      });
      const notes = coverageNotes(session.window, session.coverage, locale);
      if (values.json === true) {
        io.stdout.write(
          `${JSON.stringify({ ...report.json, loadedLogs: session.coverage, locale }, null, 2)}\n`,
        );
        return EXIT.ok;
      }
      const text = reportText(locale);
      const lines = [
        report.table.rows.length > 0 ? formatTable(report.table) : text.noRows,
        ...(report.notes ?? []),
        ...statusNotes(report.json.dataStatus, locale),
        ...notes.map((note) => `! ${note}`),
        '',
        `${text.queries}:`,
        ...report.json.queries.flatMap((query) => [
          `  // ${query.name}`,
          ...query.kql.split('\n').map((l) => `  ${l}`),
        ]),
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
      return EXIT.ok;
    },
  };
}

function stringFlag(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A named hub / DPS must be one the loaded logs contain (local mode's hub directory). */
function checkScope(name: string, kind: 'hub' | 'dps', hubs: HubDirectory): void {
  const known =
    kind === 'hub'
      ? iotHubNames(hubs)
      : Object.entries(hubs)
          .filter(([, location]) => location.kind === 'dps')
          .map(([hub]) => hub)
          .sort();
  if (known.length > 0 && !known.some((hub) => hub.toUpperCase() === name.toUpperCase())) {
    if (kind === 'hub') throw new UnknownHubError(name, known, 'logs');
    throw new UsageError(
      `DPS "${name}" has no records in the loaded logs. DPS instances in the logs: ${known.join(', ')}.`,
    );
  }
}

function statusNotes(status: FleetDataStatus, locale: Locale): string[] {
  const text = reportText(locale);
  return [
    ...(status.partial ? [`! ${text.dataPartial(status.partialError ?? '')}`] : []),
    ...(status.truncated.length > 0 ? [`! ${text.dataTruncated(status.truncated.join(', '))}`] : []),
  ];
}
