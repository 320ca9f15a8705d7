/**
 * `iot-triage hub-errors`: the IoT hub errors of the window by code, how many devices each hit, and
 * the finding that explains the code (401003 needs the device's messages: `diagnose` tells its
 * causes apart).
 */
import { hubErrorBreakdown } from '../../diagnosis';
import { findingText } from '../../knowledge/catalog';
import { fleetCommand } from '../fleet-command';
import { renewalsLine } from '../renewals-line';
import { formatInstant } from '../report-text';

export const hubErrorsCommand = fleetCommand({
  name: 'hub-errors',
  summary: 'IoT hub errors in a window by code, with devices affected and what each code means',
  usage: `Usage: iot-triage hub-errors [--hub <name>] [--from <ISO> --to <ISO> | --last <duration>] [--now <ISO>]
                            [--logs <path>]... [--locale en|ko] [--json]

The hub's errors by code (ResultType) for the window: count, devices affected, the top devices, last
seen, and the finding that explains the code. A token renewal's 401003 and 404104 are no errors:
they are counted apart, on the "Token renewals (expected)" line.`,
  ownFlagsHelp: '  --hub <name>              only this IoT hub',
  examples: `Example (demo data):
  iot-triage hub-errors --last 6h
`,
  scopeFlag: 'hub',
  async ask(session, { scope }, locale) {
    const answer = await hubErrorBreakdown(
      { window: session.window, ...(scope !== undefined ? { hub: scope } : {}) },
      { logs: session.logs.backend },
    );
    return {
      json: { ...answer },
      table: {
        name: 'hub-errors',
        columns: [
          { name: 'Hub', type: 'string' },
          { name: 'Code', type: 'string' },
          { name: 'Name', type: 'string' },
          { name: 'Category', type: 'string' },
          { name: 'Errors', type: 'long' },
          { name: 'Devices', type: 'long' },
          { name: 'Top devices', type: 'string' },
          { name: 'Last seen (UTC)', type: 'string' },
          { name: 'Finding', type: 'string' },
        ],
        rows: answer.rows.map((row) => [
          row.hub,
          row.code,
          row.name,
          row.category,
          row.errors,
          row.devices,
          row.topDevices.map((device) => `${device.deviceId} (${device.errors})`).join(', '),
          formatInstant(row.lastSeen),
          row.findingId
            ? findingText(row.findingId, locale).title
            : row.code === '401003'
              ? 'iot-triage explain 401003'
              : '',
        ]),
      },
      notes: [renewalsLine(answer.renewals, 'errors')],
    };
  },
});
