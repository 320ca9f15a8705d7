/**
 * `iot-triage explain <code>`: what an IoT Hub / DPS error code means and what to do, straight from
 * the knowledge catalog, without any logs — plus the findings that explain the code in context.
 * A finding id (`explain iothub.401003.token-renewal`) prints that finding's full text.
 */
import { parseArgs } from 'node:util';
import {
  codeText,
  explainCodeOrFamily,
  findingText,
  getFinding,
  isFindingId,
  listCodes,
  type FindingId,
  type Locale,
} from '../../knowledge/catalog';
import { EXIT, UsageError } from '../cli-io';
import { localeFlag, withUsageErrors } from '../parse-flags';
import { reportText } from '../report-text';
import type { CliCommand } from './command';

const HELP = `Usage: iot-triage explain <code> [--locale en|ko] [--json]

Explains an IoT Hub or DPS error code without looking at any logs: what it means, what to do, and
the findings that tell its causes apart when the logs are at hand.

  <code>           401003, 404104, IoTHubUnauthorized, "dps 401", DPS:404201, ...
                   or a finding id such as iothub.401003.token-renewal
  --locale en|ko   language (default en)
  --json           print the catalog entry as JSON
  -h, --help       this text

Examples:
  iot-triage explain 401003
  iot-triage explain "dps 404" --locale ko
`;

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'explain an IoT Hub / DPS error code (or a finding id) without logs',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = withUsageErrors('explain', () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
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
    const query = positionals.join(' ').trim();
    if (query === '') throw new UsageError('Which code? e.g. iot-triage explain 401003');
    const locale = localeFlag(values.locale);

    if (isFindingId(query)) {
      io.stdout.write(
        values.json
          ? `${JSON.stringify(findingJson(query, locale), null, 2)}\n`
          : findingReport(query, locale),
      );
      return EXIT.ok;
    }
    const entry = explainCodeOrFamily(query);
    const family = entry?.match === 'family' ? entry.findingIds[0] : undefined;
    if (family) {
      io.stdout.write(
        values.json
          ? `${JSON.stringify({ code: query, ...findingJson(family, locale) }, null, 2)}\n`
          : `${reportText(locale).familyOf(query)}\n\n${findingReport(family, locale)}`,
      );
      return EXIT.ok;
    }
    if (!entry) {
      const known = listCodes()
        .map((code) => `${code.source === 'dps' ? 'dps ' : ''}${code.code}`)
        .join(', ');
      throw new UsageError(`No explanation for '${query}'. Known codes: ${known}.`);
    }
    const text = codeText(entry, locale);
    const findings = entry.findingIds.map((id) => ({ id, title: findingText(id, locale).title }));
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ code: entry.code, source: entry.source, name: entry.name, ...text, findings, locale }, null, 2)}\n`,
      );
      return EXIT.ok;
    }
    const words = reportText(locale);
    const lines = [
      `${entry.source === 'dps' ? 'DPS' : 'IoT Hub'} ${entry.code} ${entry.name}`,
      ...(entry.match === 'family' ? ['', words.familyOf(query)] : []),
      '',
      `${words.meaning}: ${text.meaning}`,
      '',
      `${words.whatToDo}: ${text.whatToDo}`,
      ...(findings.length > 0
        ? [
            '',
            `${words.explainedBy}:`,
            ...findings.map(
              (finding) =>
                `  - ${finding.title}  (${finding.id}, ${words.severity[getFinding(finding.id).severity]})`,
            ),
            '',
            words.findingHint,
          ]
        : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  },
};

function findingJson(id: FindingId, locale: Locale): object {
  const entry = getFinding(id);
  return {
    id,
    source: entry.source,
    codes: entry.codes,
    severity: entry.severity,
    links: entry.links,
    ...entry.text[locale],
    locale,
  };
}

function findingReport(id: FindingId, locale: Locale): string {
  const entry = getFinding(id);
  const prose = findingText(id, locale);
  const words = reportText(locale);
  const lines = [
    `[${words.severity[entry.severity]}] ${prose.title}  (${id}${entry.codes.length > 0 ? `; ${entry.codes.join(', ')}` : ''})`,
    '',
    `${words.symptoms}:`,
    ...prose.symptoms.map((item) => `  - ${item}`),
    `${words.causes}:`,
    ...prose.causes.map((item) => `  - ${item}`),
    `${words.fixes}:`,
    ...prose.fixes.map((item, index) => `  ${index + 1}. ${item}`),
    ...Object.values(prose.sdkNotes ?? {}).map((note) => `  ${words.sdkNoteLabel}: ${note}`),
    `${words.docs}:`,
    ...entry.links.map((link) => `  ${link.title}: ${link.url}`),
  ];
  return `${lines.join('\n')}\n`;
}
