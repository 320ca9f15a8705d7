import type { CliIo } from '../cli-io';

/**
 * One `iot-triage <name>` command. The dispatcher is a table of these (commands/index.ts), so a
 * new command (diagnose, explain, ask) is one new file plus one line in the table.
 */
export interface CliCommand {
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Returns the exit code; throws UsageError for command-line mistakes. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
