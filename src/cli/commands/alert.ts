/**
 * `iot-triage alert --demo [device]`: posts a realistic Azure Monitor alert (common alert schema,
 * a log search alert on the demo fleet's hub, split by device) to a running bot, so trying alerts
 * locally takes a subscription and one command. The bot treats it like any alert: the same
 * authentication, intake, diagnosis and delivery.
 */
import { parseArgs } from 'node:util';
import { DEMO_ALERT_DEVICE, demoAlertPayload } from '../../alerts/demo-alert';
import { LOCAL_SECRET_FILE_NAME, localSecretFile, readLocalSecret } from '../../alerts/local-webhook-secret';
import { ALERT_SEVERITIES, type AlertSeverity } from '../../alerts/monitor-alert';
import { SIMULATED_HUB } from '../../logs/simulate/fleet-resources';
import { CommandFailedError, EXIT, UsageError } from '../cli-io';
import { withUsageErrors } from '../parse-flags';
import type { CliCommand } from './command';

const DEFAULT_URL = 'http://localhost:3978';
// The file store's folder when STORAGE_PATH is unset, relative to where `npm start` runs.
const DEFAULT_STATE = './.data';

const HELP = `Usage: iot-triage alert --demo [device] [--url <bot>] [--secret <secret>] [--state <folder>] [--severity Sev0..Sev4]

Posts a demo Azure Monitor alert (common alert schema: a log search alert on the demo fleet's IoT
hub with the device as its DeviceId dimension) to a running bot's POST /api/alerts. Type
"subscribe alerts" in a chat with the bot first: the incident card arrives there in a few seconds.

  [device]            the device the alert is about (default ${DEMO_ALERT_DEVICE})
  --url <bot>         the bot's base URL (default ${DEFAULT_URL})
  --secret <secret>   the webhook secret (default: the one the bot generated in development,
                      read from <state>/${LOCAL_SECRET_FILE_NAME})
  --state <folder>    the bot's state folder, its STORAGE_PATH (default ${DEFAULT_STATE})
  --severity SevN     Sev0 (critical) .. Sev4 (verbose); default Sev2
  -h, --help          this text

Example:
  iot-triage alert --demo
  iot-triage alert --demo kiosk-gangnam-03 --severity Sev1
`;

export const alertCommand: CliCommand = {
  name: 'alert',
  summary: 'post a demo Azure Monitor alert to a running bot (try alerts locally)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = withUsageErrors('alert', () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          demo: { type: 'boolean' },
          url: { type: 'string' },
          secret: { type: 'string' },
          state: { type: 'string' },
          severity: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    );
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (!values.demo) throw new UsageError('Only demo alerts for now: iot-triage alert --demo [device]');
    if (positionals.length > 1)
      throw new UsageError('One device at most, e.g. iot-triage alert --demo pump-station-4');
    const deviceId = positionals[0] ?? DEMO_ALERT_DEVICE;
    const severity = severityFlag(values.severity);
    const state = values.state ?? DEFAULT_STATE;
    const secretFile = localSecretFile(state);
    const secret = values.secret ?? (await readLocalSecret(secretFile));
    if (!secret) {
      throw new UsageError(
        `No webhook secret: ${secretFile} does not exist. Start the bot in development (npm start) so it generates one, or pass --secret (the bot's ALERT_WEBHOOK_SECRET).`,
      );
    }
    const base = (values.url ?? DEFAULT_URL).replace(/\/+$/, '');
    const clock = io.clock ?? (() => new Date());
    const body = demoAlertPayload({
      hubResourceId: SIMULATED_HUB.resourceId,
      deviceId,
      firedAt: clock(),
      severity,
    });
    const answer = await post(`${base}/api/alerts`, secret, body);
    if (answer.status !== 202) throw new CommandFailedError(refusal(answer.status, answer.text, base));
    const id = (JSON.parse(answer.text) as { id?: unknown }).id;
    io.stdout.write(
      `Posted a demo alert for ${deviceId} (${severity}, incident ${typeof id === 'string' ? id : '?'}); it arrives in the subscribed conversations in a few seconds. No conversation subscribed? Type "subscribe alerts" in the chat: it gets the alert then.\n`,
    );
    return EXIT.ok;
  },
};

function severityFlag(value: string | undefined): AlertSeverity {
  if (value === undefined) return 'Sev2';
  const wanted = value.trim().toLowerCase();
  const severity = ALERT_SEVERITIES.find((candidate) => candidate.toLowerCase() === wanted);
  if (!severity)
    throw new UsageError(`--severity must be one of ${ALERT_SEVERITIES.join(', ')}, got '${value}'.`);
  return severity;
}

async function post(url: string, secret: string, body: object): Promise<{ status: number; text: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-alert-secret': secret },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    throw new CommandFailedError(
      `No bot answers at ${url} (${error instanceof Error ? error.message : String(error)}). Is it running (npm start)?`,
    );
  }
}

function refusal(status: number, text: string, base: string): string {
  switch (status) {
    case 404:
      return `${base} has no /api/alerts: the bot runs without an alert secret. In development (NODE_ENV=development, the file store) it generates one at start; elsewhere set ALERT_WEBHOOK_SECRET.`;
    case 401:
    case 403:
      return `The bot refused the secret (${status}). Pass the bot's ALERT_WEBHOOK_SECRET with --secret, or --state with the bot's STORAGE_PATH.`;
    default:
      return `The bot answered ${status}: ${text.slice(0, 300)}`;
  }
}
