#!/usr/bin/env node
/**
 * The `iot-triage` executable (bin → lib/cli/main.js; also `npx tsx src/cli/main.ts`). The only
 * place that touches process globals; everything else takes a CliIo so it runs in tests.
 */
import { run } from './run';

if (require.main === module) {
  run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stderr.isTTY === true,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
