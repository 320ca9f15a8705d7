/**
 * What a CLI command may touch, passed in so commands run in-process in tests: output streams,
 * whether stderr is a terminal (progress is only drawn there), and the clock.
 */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** stderr is an interactive terminal: draw progress. */
  readonly isTTY: boolean;
  /** Defaults to the system clock; `--now` overrides it per command. */
  readonly clock?: () => Date;
}

/** Exit codes: 0 success, 1 failure while working, 2 the command line itself was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A mistake in the command line (flag, value, path, query): printed as is, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure while working whose message says it all (a rejected or throttled query): exit code 1, no stack. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
}
