/**
 * `iot-triage dps-errors`: DPS failures of the window by status and detailed code, device-side
 * (DeviceOperations) and service-side (ServiceOperations), each with what the code means, plus the
 * DPS metrics (attestation, registration, assignment totals) over the same window.
 */
import { dpsFailures, dpsMetrics, type DpsFailureRow } from '../../diagnosis';
import { codeText, explainCode, findingText, type Locale } from '../../knowledge/catalog';
import { fleetCommand } from '../fleet-command';
import { formatInstant } from '../report-text';

export const dpsErrorsCommand = fleetCommand({
  name: 'dps-errors',
  summary: 'DPS failures in a window by code (device and service operations) and DPS metrics',
  usage: `Usage: iot-triage dps-errors [--dps <name>] [--from <ISO> --to <ISO> | --last <duration>] [--now <ISO>]
                            [--logs <path>]... [--locale en|ko] [--json]

DPS failures by HTTP status and detailed code (e.g. 404201) for DeviceOperations and
ServiceOperations, with the meaning of each code, and the AttestationAttempts /
RegistrationAttempts / DeviceAssignments totals from AzureMetrics.`,
  ownFlagsHelp: '  --dps <name>              only this DPS instance',
  examples: `Example (demo data):
  iot-triage dps-errors --last 24h --locale ko
`,
  scopeFlag: 'dps',
  async ask(session, { scope }, locale) {
    const scopeFields = { window: session.window, ...(scope !== undefined ? { dps: scope } : {}) };
    const deps = { logs: session.logs.backend };
    const [failures, metrics] = [await dpsFailures(scopeFields, deps), await dpsMetrics(scopeFields, deps)];
    const meanings = [...new Set(failures.rows.map(codeOf))].flatMap((code) => {
      const entry = explainCode(`dps ${code}`);
      return entry ? [`  ${entry.code} ${entry.name}: ${codeText(entry, locale).meaning}`] : [];
    });
    const totals = metrics.totals.map((total) => `  ${total.dps}  ${total.metric}: ${total.total}`);
    return {
      json: {
        window: failures.window,
        rows: failures.rows.map((row) => ({ ...row, meaning: meaningOf(row, locale) })),
        metrics: { totals: metrics.totals, trend: metrics.rows, binMinutes: metrics.binMinutes },
        queries: [...failures.queries, ...metrics.queries],
        dataStatus: {
          partial: failures.dataStatus.partial || metrics.dataStatus.partial,
          ...((failures.dataStatus.partialError ?? metrics.dataStatus.partialError)
            ? { partialError: failures.dataStatus.partialError ?? metrics.dataStatus.partialError }
            : {}),
          truncated: [...failures.dataStatus.truncated, ...metrics.dataStatus.truncated],
        },
      },
      table: {
        name: 'dps-errors',
        columns: [
          { name: 'DPS', type: 'string' },
          { name: 'Category', type: 'string' },
          { name: 'Status', type: 'string' },
          { name: 'Code', type: 'string' },
          { name: 'Failures', type: 'long' },
          { name: 'Ids', type: 'long' },
          { name: 'Last seen (UTC)', type: 'string' },
          { name: 'Finding', type: 'string' },
        ],
        rows: failures.rows.map((row) => [
          row.dps,
          row.category,
          row.status,
          row.detailCode,
          row.failures,
          row.registrationIds,
          formatInstant(row.lastSeen),
          row.findingId ? findingText(row.findingId, locale).title : '',
        ]),
      },
      notes: [
        ...(meanings.length > 0 ? ['', ...meanings] : []),
        ...(totals.length > 0 ? ['', 'AzureMetrics:', ...totals] : []),
      ],
    };
  },
});

/** The most specific code a catalog entry may exist for: the detailed 6-digit one, else the status. */
function codeOf(row: DpsFailureRow): string {
  return explainCode(`dps ${row.detailCode}`) && row.detailCode !== '' ? row.detailCode : row.status;
}

function meaningOf(row: DpsFailureRow, locale: Locale): string | undefined {
  const entry = explainCode(`dps ${codeOf(row)}`);
  return entry ? codeText(entry, locale).meaning : undefined;
}
