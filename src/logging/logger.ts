import pino, { type DestinationStream, type Logger } from 'pino';
import { redactValue } from './redact';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly level: string;
  /** Configured secrets (app password, webhook secret) to scrub wherever they appear. */
  readonly secrets?: readonly string[];
  /** Where JSON lines go; stdout by default. Tests pass a stream to read what was logged. */
  readonly destination?: DestinationStream;
}

/**
 * Structured JSON logging. Each turn gets a child logger carrying its correlation id, so one
 * grep follows a question through recognition, queries and replies.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  return pino(
    {
      level: options.level,
      base: { service: 'iot-triage-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactValue(object, secrets) as Record<string, unknown>,
      },
      hooks: {
        // Interpolated message strings bypass `formatters.log`, so scrub them here too.
        logMethod(args, method) {
          const scrubbed = args.map((arg) => redactValue(arg, secrets)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
      serializers: { err: (err: unknown) => redactValue(err, secrets) },
    },
    options.destination,
  );
}
