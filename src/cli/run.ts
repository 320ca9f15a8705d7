/**
 * The `iot-triage` dispatcher: picks the command from the table, runs it, and turns errors into
 * exit codes (2 with the message for command-line mistakes, 1 for anything else).
 */
import { CommandFailedError, EXIT, UsageError, type CliIo } from './cli-io';
import { COMMANDS } from './commands';

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Usage: iot-triage <command> [flags]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `iot-triage <command> --help` for the flags of a command.',
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(topLevelHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`Unknown command '${name}'.\n\n${topLevelHelp()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CommandFailedError) {
      io.stderr.write(`iot-triage ${name}: ${error.message}\n`);
      return EXIT.failed;
    }
    io.stderr.write(
      `iot-triage ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.failed;
  }
}
