/**
 * `iot-triage simulate`: writes the demo fleet's logs to a folder, in the diagnostic-settings
 * archive form or as Log Analytics rows, at any size (for trying the loaders and benchmarks).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO, demoEndFor } from '../../logs/local/data-source';
import { writeSimulation, type SimulationFormat } from '../../logs/simulate/write-simulation';
import { EXIT, UsageError } from '../cli-io';
import { dateFlag, integerFlag, withUsageErrors } from '../parse-flags';
import type { CliCommand } from './command';

const HELP = `Usage: iot-triage simulate --out <dir> [--devices N] [--days D] [--seed S] [--end ISO] [--format archive|rows]

Writes simulated IoT Hub and DPS logs: a healthy fleet plus devices that show every finding
the bot knows (token renewal, mass disconnect, DPS 401/404/412/429/500, ...).

  --out <dir>        folder to write into (created if missing)
  --devices N        healthy devices, scenario devices come on top (default ${DEFAULT_DEMO.devices})
  --days D           length of the window in days, at least 1 (default ${DEFAULT_DEMO.days})
  --seed S           same seed, same bytes (default ${DEFAULT_DEMO.seed})
  --end ISO          end of the window (default: the start of the current minute)
  --format F         archive: diagnostic-settings files (insights-logs-*/.../PT1H.json), the default
                     rows:    Log Analytics rows, one JSON object per line, one file per table
  -h, --help         this text

About 7 rows per device and day: --devices 20000 --days 7 gives ~1M rows.
`;

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'write simulated IoT Hub / DPS logs (archive files or Log Analytics rows)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = withUsageErrors('simulate', () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          out: { type: 'string' },
          devices: { type: 'string' },
          days: { type: 'string' },
          seed: { type: 'string' },
          end: { type: 'string' },
          format: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    );
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 0)
      throw new UsageError(`Unexpected argument '${positionals[0]}'. Run \`iot-triage simulate --help\`.`);
    if (!values.out) throw new UsageError('--out <dir> is required: the folder to write the logs into.');
    const format = parseFormat(values.format ?? 'archive');
    const clock = io.clock ?? (() => new Date());
    const options = {
      seed: integerFlag('seed', values.seed, DEFAULT_DEMO.seed, Number.MIN_SAFE_INTEGER),
      devices: integerFlag('devices', values.devices, DEFAULT_DEMO.devices, 0),
      days: integerFlag('days', values.days, DEFAULT_DEMO.days, 1),
      end: values.end === undefined ? demoEndFor(clock()) : dateFlag('end', values.end),
      outDir: values.out,
      format,
    };
    const written = await writeSimulation(options);
    io.stdout.write(
      `Wrote ${written.rows.toLocaleString('en-US')} rows in ${written.files.length} files to ${values.out} ` +
        `(${format}, ${options.devices} healthy devices + scenarios, ${options.days} days ending ${options.end.toISOString()}).\n`,
    );
    return EXIT.ok;
  },
};

function parseFormat(value: string): SimulationFormat {
  if (value === 'archive' || value === 'rows') return value;
  throw new UsageError(`--format must be archive or rows, got '${value}'.`);
}
