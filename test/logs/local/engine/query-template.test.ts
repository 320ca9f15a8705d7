import fc from 'fast-check';
import {
  dataPresenceQuery,
  deviceConnectionsQuery,
  deviceDpsQuery,
  dpsFailuresQuery,
  hubDisconnectBinsQuery,
  hubErrorBreakdownQuery,
  hubErrorTopDevicesQuery,
  hubErrorTrendQuery,
  tokenRenewalsQuery,
  knownDeviceIdsQuery,
  topDisconnectingDevicesQuery,
  type TimeWindow,
} from '../../../../src/diagnosis/queries';
import { LogsQueryError } from '../../../../src/logs/backend';
import { LocalLogsEngine } from '../../../../src/logs/local/engine';
import { parseKql } from '../../../../src/logs/local/kusto-bridge';
import {
  fillTemplate,
  originalPosition,
  templateOf,
  verifyTemplate,
  type QueryTemplate,
} from '../../../../src/logs/local/query-template';

/** A copy of the tree with every `pos` mapped from the template's text to the query's. */
function inQueryPositions(node: unknown, template: QueryTemplate): unknown {
  if (Array.isArray(node)) return node.map((item: unknown) => inQueryPositions(item, template));
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === 'pos' && typeof value === 'number'
        ? originalPosition(template, value)
        : inQueryPositions(value, template),
    ]),
  );
}

/**
 * What the template path yields for `kql`, positions mapped to the query's text, or undefined when
 * it declines (then the exact text is parsed).
 */
function throughTemplate(kql: string): unknown {
  const template = templateOf(kql);
  if (template.holes.length === 0) return undefined;
  let verified;
  try {
    verified = verifyTemplate(parseKql(template.text), template);
  } catch {
    return undefined;
  }
  return verified ? inQueryPositions(fillTemplate(verified, template, kql), template) : undefined;
}

describe('templateOf', () => {
  it('replaces plain string and ISO datetime literals with placeholders, whatever their length', () => {
    const kql =
      'AzureDiagnostics | where TimeGenerated >= datetime(2026-03-02T10:15:04.000Z) | where Category == "Connections" and Level != \'Error\'';
    const template = templateOf(kql);
    expect(template.text).not.toContain('Connections');
    expect(template.text).not.toContain('2026-03-02');
    expect(template.holes.map((h) => [h.type, h.value])).toEqual([
      ['datetime', Date.parse('2026-03-02T10:15:04.000Z')],
      ['string', 'Connections'],
      ['string', 'Error'],
    ]);
    // Another device and window of other lengths: the same template.
    const other = kql.replace('Connections', 'C').replace('.000Z', 'Z');
    expect(templateOf(other).text).toBe(template.text);
    // Every character outside the placeholders maps back to the same character of the query.
    const inHole = (j: number): boolean =>
      template.holes.some((h) => j >= h.templateStart && j < h.templateStart + h.templateLength);
    for (let j = 0; j < template.text.length; j++) {
      if (!inHole(j)) expect(kql[originalPosition(template, j)]).toBe(template.text[j]);
    }
  });

  it('decodes the escapes the literal gate writes, and leaves any other escape in the text', () => {
    expect(templateOf('print x = "o\'brien \\"q\\" \\\\ end"').holes.map((h) => h.value)).toEqual([
      'o\'brien "q" \\ end',
    ]);
    expect(templateOf('print x = "tab\\there"').holes).toEqual([]);
  });

  it.each([
    ['a verbatim string', "print x = @'C:\\temp'"],
    ['an obfuscated string', "print x = h'secret-value'"],
    ['a bracketed name', "AzureDiagnostics | project ['Category']"],
    ['a dynamic index', 'print x = dynamic({"key":1})["key"]'],
    ['a column_ifexists name', 'AzureDiagnostics | extend x = column_ifexists("DeviceId_s", 0)'],
    ['a table name', 'table("AzureDiagnostics") | take 1'],
    ['a quoted datetime', 'print x = datetime("2026-03-02")'],
    ['a datetime without a zone', 'print x = datetime(2026-03-02 10:00)'],
    ['a string in a comment', 'AzureDiagnostics // where Category == "Connections"\n| take 1'],
    ['a multi-line string', 'print x = ```\nline "one"\n```'],
    ['an unterminated string', 'print x = "never closed'],
  ])('leaves %s in the text', (_name, kql) => {
    expect(templateOf(kql).holes).toEqual([]);
    expect(templateOf(kql).text).toBe(kql);
  });

  it('picks a placeholder prefix the query does not already contain', () => {
    const template = templateOf('print a = "zqj-already-here", b = "another one"');
    expect(template.stringPrefix).not.toBe('zqj');
    expect(template.holes).toHaveLength(2);
  });
});

describe('a parse through the template', () => {
  it.each([
    [
      'filters, between and in',
      'AzureDiagnostics | where TimeGenerated between (datetime(2026-03-01T10:00:00.000Z) .. datetime(2026-03-02T10:00:00.000Z)) | where Category in ("Connections", "DeviceTelemetry") and OperationName == "deviceDisconnect"',
    ],
    [
      'let statements',
      'let since = datetime(2026-03-01T10:00:00Z);\nlet who = "thermostat-42";\nAzureDiagnostics | where TimeGenerated > since and properties_s has who',
    ],
    [
      'a regex and a format',
      'AzureDiagnostics | where ResultDescription matches regex "^[a-z]+$" | extend t = format_datetime(TimeGenerated, "yyyy-MM-dd")',
    ],
    [
      'string functions',
      'AzureDiagnostics | extend p = parse_json(properties_s) | extend d = tostring(p.deviceId) | where strcat("dev-", d) startswith "dev-thermo"',
    ],
    ['has_any', 'AzureDiagnostics | where properties_s has_any ("thermostat-42", "door-sensor-7")'],
  ])('equals the exact parse for %s', (_name, kql) => {
    const filled = throughTemplate(kql);
    expect(filled).toBeDefined();
    expect(filled).toEqual(parseKql(kql));
  });

  it('declines a datatable, whose cells are values rather than literal nodes', () => {
    expect(throughTemplate('datatable(a:string)["hello", "world"] | where a == "hello"')).toBeUndefined();
  });
});

const deviceIdChars = "ABCXYZabcxyz0189-:.+%_#*?!(),=@;$'";
const deviceId = fc
  .array(fc.constantFrom(...deviceIdChars.split('')), { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join(''));
const window: fc.Arbitrary<TimeWindow> = fc
  .tuple(
    fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
    fc.integer({ min: 60_000, max: 30 * 86_400_000 }),
  )
  .map(([start, length]) => ({ start: new Date(start), end: new Date(start + length) }));
const hub = fc.option(fc.stringMatching(/^[A-Za-z0-9-]{3,20}$/), { nil: undefined });

describe('the queries the bot builds', () => {
  it('parse through the template exactly as their own text parses, whatever the ids and window', () => {
    fc.assert(
      fc.property(deviceId, window, hub, (id, w, h) => {
        const scope = { window: w, ...(h ? { hub: h } : {}) };
        for (const { kql } of [
          deviceConnectionsQuery({ deviceId: id, ...scope }),
          deviceDpsQuery({ registrationId: id.replace(/[^A-Za-z0-9\-._:]/g, '') || 'r', window: w }),
          hubDisconnectBinsQuery(scope),
          dataPresenceQuery({ window: w }),
          knownDeviceIdsQuery(scope),
          hubErrorBreakdownQuery(scope),
          hubErrorTopDevicesQuery(scope),
          hubErrorTrendQuery(scope),
          tokenRenewalsQuery(scope),
          topDisconnectingDevicesQuery({ ...scope, limit: 10 }),
          dpsFailuresQuery({ window: w }),
        ]) {
          const filled = throughTemplate(kql);
          // Every query the bot builds is templatable: otherwise each question would pay the parser.
          expect(filled).toBeDefined();
          expect(filled).toEqual(parseKql(kql));
        }
      }),
      { numRuns: 10 },
    );
  });
});

describe('LocalLogsEngine parse cache', () => {
  function countingEngine(): { engine: LocalLogsEngine; parsed: string[] } {
    const parsed: string[] = [];
    const engine = new LocalLogsEngine({
      clock: () => new Date('2026-03-02T10:00:00Z'),
      parse: (kql) => {
        parsed.push(kql);
        return parseKql(kql);
      },
    });
    engine.finishLoading();
    return { engine, parsed };
  }
  const day = (end: string): TimeWindow => ({
    start: new Date(Date.parse(end) - 86_400_000),
    end: new Date(end),
  });

  it('parses a query shape once: other devices and other windows reuse it', () => {
    const { engine, parsed } = countingEngine();
    engine.query(
      deviceConnectionsQuery({ deviceId: 'thermostat-42', window: day('2026-03-02T10:00:00Z') }).kql,
    );
    engine.query(
      deviceConnectionsQuery({ deviceId: 'thermostat-77', window: day('2026-03-01T08:30:00Z') }).kql,
    );
    engine.query(
      deviceConnectionsQuery({ deviceId: "o'brien-sensor-12345", window: day('2026-02-11T23:59:59Z') }).kql,
    );
    engine.query(deviceConnectionsQuery({ deviceId: 'door-7', window: day('2026-03-02T10:00:00.5Z') }).kql);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).not.toContain('thermostat');
    // Another shape (a hub named): its own parse.
    engine.query(
      deviceConnectionsQuery({ deviceId: 'door-7', hub: 'contoso-hub', window: day('2026-03-02T10:00:00Z') })
        .kql,
    );
    expect(parsed).toHaveLength(2);
  });

  it('answers with the values of the query, not of the template it shares', () => {
    const engine = new LocalLogsEngine();
    for (const [device, level] of [
      ['thermostat-42', 'Error'],
      ['thermostat-77', 'Informational'],
    ]) {
      engine.appendRow('AzureDiagnostics', {
        TimeGenerated: new Date('2026-03-02T09:00:00Z'),
        Category: 'Connections',
        Level: level ?? null,
        properties_s: JSON.stringify({ deviceId: device }),
      });
    }
    engine.finishLoading();
    const levelOf = (device: string): unknown =>
      engine.query(
        `AzureDiagnostics | where TimeGenerated > datetime(2026-03-01T00:00:00.000Z) | where properties_s has "${device}" | project Level`,
      )[0]?.rows[0]?.[0];
    expect(levelOf('thermostat-42')).toBe('Error');
    expect(levelOf('thermostat-77')).toBe('Informational');
    expect(levelOf('thermostat-99')).toBeUndefined();
  });

  it('reports a bad query with the error and position of its own text', () => {
    const { engine } = countingEngine();
    const kql = 'AzureDiagnostics | where Category == "Connections" | where NoSuchColumn == "thermostat-42"';
    let direct: unknown;
    try {
      parseKql(kql);
    } catch (error) {
      direct = error;
    }
    expect(direct).toBeInstanceOf(LogsQueryError);
    expect(() => engine.query(kql)).toThrow((direct as LogsQueryError).message);
    try {
      engine.query(kql);
    } catch (error) {
      expect((error as LogsQueryError).details).toEqual((direct as LogsQueryError).details);
    }
  });

  it('reports an error found while running at the position in the query, not in its template', () => {
    const row = { TimeGenerated: new Date('2026-03-02T09:00:00Z'), Category: 'Connections', Level: 'Error' };
    const withRow = (options: ConstructorParameters<typeof LocalLogsEngine>[0]): LocalLogsEngine => {
      const engine = new LocalLogsEngine(options);
      engine.appendRow('AzureDiagnostics', row);
      engine.finishLoading();
      return engine;
    };
    // The reference never uses a template: its parser refuses every template text.
    const exactOnly = withRow({
      parse: (kql) => {
        if (templateOf(kql).holes.length === 0 && /zqj|zqk/.test(kql)) throw new Error('templates refused');
        return parseKql(kql);
      },
    });
    const templated = withRow({});
    const kql =
      'AzureDiagnostics | where TimeGenerated > datetime(2026-03-01T00:00:00.000Z) and Level == "a rather long level name" | where Category matches regex "[unclosed"';
    const failure = (engine: LocalLogsEngine): LogsQueryError => {
      try {
        engine.query(kql);
      } catch (error) {
        if (error instanceof LogsQueryError) return error;
        throw error;
      }
      throw new Error('expected the query to fail');
    };
    const expected = failure(exactOnly);
    const actual = failure(templated);
    expect(expected.details.position).toBeGreaterThan(kql.indexOf('| where Category'));
    expect(actual.message).toBe(expected.message);
    expect(actual.details.position).toBe(expected.details.position);
  });
});
