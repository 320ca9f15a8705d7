/**
 * `iot-triage ask "<question>"`: the bot's conversation in a terminal. The question goes through
 * the same recognizer and handlers as a Teams message, in process, over the demo data or the
 * user's exported logs; the reply is printed as text (cards rendered readably) or as JSON.
 */
import { parseArgs } from 'node:util';
import { resolveTimeZone } from '../../cards';
import { CardRenderer } from '../../cards/render';
import { Conversation } from '../../conversation/conversation';
import type { LogsContext } from '../../diagnosis/logs-context';
import { cardToText } from '../card-text';
import { EXIT, UsageError } from '../cli-io';
import { LOG_HELP, LOG_OPTIONS, openLocalLogs } from '../local-logs';
import { dateFlag, localeFlag, withUsageErrors } from '../parse-flags';
import type { CliCommand } from './command';

const HELP = `Usage: iot-triage ask "<question>" [--locale en|ko] [--now <ISO>] [--time-zone <IANA>] [--logs <path>]... [--json]

Asks the bot a question, in English or Korean, exactly as you would in Teams, and prints its answer.

  --locale en|ko            language of the answer (default en)
  --now <ISO>               what "now" means, e.g. 2026-03-02T10:30:00Z (default: the clock)
  --time-zone <IANA>        your time zone for "yesterday", "9am", ... (default UTC)
${LOG_HELP}
  --json                    print {"command":…, "replies":[{"text"}|{"card"}], "diagnosis":…}
  -h, --help                this text

Examples:
  iot-triage ask "why did device thermostat-0042 disconnect?"
  iot-triage ask "thermostat-0042 어제 무슨 일 있었어?" --locale ko --time-zone Asia/Seoul
  iot-triage ask "hub errors in the last 2 hours" --json
`;

export const askCommand: CliCommand = {
  name: 'ask',
  summary: 'ask a question as in Teams (English or Korean) and print the reply',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = withUsageErrors('ask', () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          ...LOG_OPTIONS,
          locale: { type: 'string' },
          now: { type: 'string' },
          'time-zone': { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    );
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    const question = positionals.join(' ').trim();
    if (question === '') {
      throw new UsageError(
        'Give the question in quotes: iot-triage ask "why did device thermostat-0042 disconnect?"',
      );
    }
    const locale = localeFlag(values.locale);
    const timeZone = values['time-zone'] ?? 'UTC';
    if (resolveTimeZone(timeZone) !== timeZone) {
      throw new UsageError(`--time-zone must be an IANA time zone such as Asia/Seoul, got '${timeZone}'.`);
    }
    const fixedNow = values.now === undefined ? undefined : dateFlag('now', values.now);
    const clock = fixedNow ? () => fixedNow : (io.clock ?? (() => new Date()));

    // Logs are loaded only when the question needs them (help and explain don't).
    let opened: Promise<LogsContext> | undefined;
    const logs = () =>
      (opened ??= openLocalLogs(values, clock, io).then((loaded) => ({ logs: loaded.backend, now: clock })));
    const conversation = new Conversation({
      dataSource: () =>
        (values.logs ?? []).length > 0
          ? `Local log files: ${(values.logs ?? []).join(', ')}`
          : 'Embedded demo data',
      logs,
      clock,
    });
    const outcome = await conversation.handleMessage({ text: question, locale, timeZone });
    const renderer = new CardRenderer();
    if (values.json) {
      const replies = outcome.replies.map((reply) =>
        reply.kind === 'text' ? { text: reply.text } : { card: renderer.renderRequest(reply.card) },
      );
      const json = {
        command: outcome.command ?? null,
        replies,
        ...(outcome.diagnosis ? { diagnosis: outcome.diagnosis } : {}),
      };
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      const blocks = outcome.replies.map((reply) =>
        reply.kind === 'text' ? reply.text : cardToText(renderer.renderRequest(reply.card)),
      );
      io.stdout.write(`${blocks.join('\n\n')}\n`);
    }
    // A question that wasn't understood (help, "which device?", an invalid id) is a usage mistake.
    return outcome.command ? EXIT.ok : EXIT.usage;
  },
};
