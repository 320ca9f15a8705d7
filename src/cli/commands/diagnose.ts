/**
 * `iot-triage diagnose --device <id>`: "why did device X disconnect?" from the command line, over
 * the demo data or the user's exported logs — the same diagnose() the bot runs, printed as a
 * terminal report or (`--json`) as the Diagnosis JSON for scripts.
 */
import { parseArgs } from 'node:util';
import { diagnose, kqlIdentifierLiteral } from '../../diagnosis';
import { EXIT, UsageError } from '../cli-io';
import { diagnosisJson } from '../diagnosis-json';
import { formatDiagnosisReport } from '../diagnosis-report';
import { openDiagnosisSession, withUserFacingErrors } from '../diagnosis-session';
import { LOG_HELP, LOG_OPTIONS } from '../local-logs';
import { localeFlag, withUsageErrors } from '../parse-flags';
import { WINDOW_HELP, WINDOW_OPTIONS } from '../window-flags';
import type { CliCommand } from './command';

const HELP = `Usage: iot-triage diagnose --device <id> [--hub <name>] [--from <ISO> --to <ISO> | --last <duration>]
                          [--now <ISO>] [--logs <path>]... [--locale en|ko] [--json]

Diagnoses one device: its IoT Hub connection events and DPS registrations in the window, the hub's
fleet context, ranked findings with their evidence, what to do, and the KQL that ran.

  --device <id>             the device id (case-sensitive; also accepted as the first argument)
  --hub <name>              the IoT hub, when the device id exists in several
  --registration-id <id>    the DPS registration id, when it differs from the device id
${WINDOW_HELP}
${LOG_HELP}
  --locale en|ko            language of the report (default en)
  --json                    print the Diagnosis as JSON (findings in ranked order)
  -h, --help                this text

Examples (demo data):
  iot-triage diagnose --device thermostat-0042
  iot-triage diagnose --device kiosk-gangnam-03 --locale ko
  iot-triage diagnose --device camera-lobby-02 --last 12h --json
`;

export const diagnoseCommand: CliCommand = {
  name: 'diagnose',
  summary: 'diagnose one device: ranked findings with evidence, fixes and the KQL that ran',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = withUsageErrors('diagnose', () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          device: { type: 'string' },
          hub: { type: 'string' },
          'registration-id': { type: 'string' },
          ...WINDOW_OPTIONS,
          ...LOG_OPTIONS,
          locale: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    );
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    const deviceId = deviceIdFrom(values.device, positionals);
    const locale = localeFlag(values.locale);
    // Check the ids before loading anything: a typo should not cost a demo generation.
    await withUserFacingErrors(async () => {
      kqlIdentifierLiteral('device-id', deviceId);
      if (values.hub !== undefined) kqlIdentifierLiteral('hub-name', values.hub);
      if (values['registration-id'] !== undefined)
        kqlIdentifierLiteral('registration-id', values['registration-id']);
    });
    const session = await openDiagnosisSession(values, io);
    const diagnosis = await withUserFacingErrors(() =>
      diagnose(
        {
          deviceId,
          window: session.window,
          ...(values.hub !== undefined ? { hub: values.hub } : {}),
          ...(values['registration-id'] !== undefined ? { registrationId: values['registration-id'] } : {}),
        },
        { logs: session.logs.backend, now: () => session.now, hubs: session.hubs },
      ),
    );
    io.stdout.write(
      values.json
        ? `${JSON.stringify(diagnosisJson(diagnosis, locale, session.coverage), null, 2)}\n`
        : formatDiagnosisReport(diagnosis, locale, session.coverage),
    );
    return EXIT.ok;
  },
};

function deviceIdFrom(flag: string | undefined, positionals: readonly string[]): string {
  if (flag !== undefined && positionals.length > 0) {
    throw new UsageError(
      `Unexpected argument '${positionals[0]}': the device is already given with --device.`,
    );
  }
  if (positionals.length > 1) {
    throw new UsageError(`Expected one device id but got ${positionals.length}: ${positionals.join(' ')}.`);
  }
  const deviceId = flag ?? positionals[0];
  if (deviceId === undefined || deviceId === '') {
    throw new UsageError(
      'Which device? Give --device <id>, e.g. iot-triage diagnose --device thermostat-0042\n' +
        'Run `iot-triage diagnose --help` for the flags it takes.',
    );
  }
  return deviceId;
}
