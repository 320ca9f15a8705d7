/**
 * `iot-triage top-disconnects`: which devices dropped most often in the window, with the codes they
 * showed: the list to start from when "the fleet is unstable".
 */
import { topDisconnectingDevices } from '../../diagnosis';
import { UsageError } from '../cli-io';
import { fleetCommand } from '../fleet-command';
import { renewalsLine } from '../renewals-line';
import { integerFlag } from '../parse-flags';
import { formatInstant } from '../report-text';

const MAX_LIMIT = 1000;

export const topDisconnectsCommand = fleetCommand({
  name: 'top-disconnects',
  summary: 'the devices with the most disconnects in a window, with their error codes',
  usage: `Usage: iot-triage top-disconnects [--hub <name>] [--limit N] [--from <ISO> --to <ISO> | --last <duration>]
                                 [--now <ISO>] [--logs <path>]... [--locale en|ko] [--json]

The devices with the most deviceDisconnect records in the window, with how many were errors and the
error codes seen.`,
  ownFlagsHelp: `  --hub <name>              only this IoT hub
  --limit N                 how many devices (default 10, at most ${MAX_LIMIT})`,
  examples: `Example (demo data):
  iot-triage top-disconnects --last 24h --limit 5
`,
  scopeFlag: 'hub',
  extraFlags: ['limit'],
  async ask(session, { scope, extra }) {
    const limit = integerFlag('limit', extra['limit'], 10, 1);
    if (limit > MAX_LIMIT) throw new UsageError(`--limit must be at most ${MAX_LIMIT}, got ${limit}.`);
    const answer = await topDisconnectingDevices(
      { window: session.window, limit, ...(scope !== undefined ? { hub: scope } : {}) },
      { logs: session.logs.backend },
    );
    const first = answer.rows[0];
    return {
      json: { ...answer },
      table: {
        name: 'top-disconnects',
        columns: [
          { name: 'Device', type: 'string' },
          { name: 'Hub', type: 'string' },
          { name: 'Disconnects', type: 'long' },
          { name: 'Errors', type: 'long' },
          { name: 'Token renewals (expected)', type: 'long' },
          { name: 'Codes', type: 'string' },
          { name: 'Last disconnect (UTC)', type: 'string' },
        ],
        rows: answer.rows.map((row) => [
          row.deviceId,
          row.hub,
          row.disconnects,
          row.errors,
          row.renewals,
          row.codes.join(', '),
          formatInstant(row.lastDisconnect),
        ]),
      },
      notes: [
        renewalsLine(answer.renewals, 'disconnects'),
        ...(first ? ['', `iot-triage diagnose --device ${first.deviceId}`] : []),
      ],
    };
  },
});
