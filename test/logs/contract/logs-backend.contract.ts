import {
  LogsQueryError,
  type BatchQueryResult,
  type CellValue,
  type LogsBackend,
  type LogsTable,
  type LogsTarget,
  type QueryTimespan,
} from '../../../src/logs/backend';

/**
 * One suite of behaviours every {@link LogsBackend} must have, run against each implementation
 * (botbuilder-js `storageBaseTests` style). The bot's callers are written against these behaviours,
 * so a backend that passes can be swapped in without them noticing.
 */

/**
 * The rows a backend under test must be loaded with, and the "now" its clock must say. The rows are
 * the logs of every target the suite is given (as for several hubs logging to one place).
 */
export interface ContractSeed {
  readonly now: Date;
  readonly azureDiagnostics: readonly Readonly<Record<string, CellValue>>[];
}

/**
 * Targets besides the backend's default that the seed's rows must also answer for, by default: a
 * workspace and a resource. A backend that addresses other kinds of data set passes its own.
 */
export const CONTRACT_TARGETS: readonly [LogsTarget, ...LogsTarget[]] = [
  { kind: 'workspace', id: '99999999-8888-7777-6666-555555555555' },
  {
    kind: 'resource',
    id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/iot/providers/Microsoft.Devices/IotHubs/contract-hub',
  },
];

const at = (hhmm: string): Date => new Date(`2024-05-01T${hhmm}:00.000Z`);

export const CONTRACT_SEED: ContractSeed = {
  now: new Date('2024-05-02T00:00:00.000Z'),
  azureDiagnostics: [
    connection(at('09:00'), 'deviceConnect', 'thermostat-42', 12),
    connection(at('10:30'), 'deviceDisconnect', 'thermostat-42', null),
    connection(at('11:15'), 'deviceConnect', 'thermostat-42', 8),
    connection(at('11:45'), 'deviceConnect', 'pump-7', 20),
    connection(at('23:30'), 'deviceDisconnect', 'pump-7', 3),
    {
      TimeGenerated: at('10:00'),
      Category: 'DeviceIdentityOperations',
      OperationName: 'get',
      Level: 'Information',
      ResultType: '200',
      DurationMs: 1,
      properties_s: '{"deviceId":"thermostat-42"}',
    },
  ],
};

function connection(
  time: Date,
  operation: string,
  deviceId: string,
  durationMs: number | null,
): Record<string, CellValue> {
  return {
    TimeGenerated: time,
    Category: 'Connections',
    OperationName: operation,
    Level: operation === 'deviceDisconnect' ? 'Error' : 'Information',
    ResultType: operation === 'deviceDisconnect' ? '404104' : '0',
    DurationMs: durationMs,
    ResourceProvider: 'MICROSOFT.DEVICES',
    ResourceType: 'IOTHUBS',
    properties_s: JSON.stringify({ deviceId, protocol: 'Mqtt', sdkVersion: 'azure-iot-device/1.18.0' }),
  };
}

const WHOLE_DAY: QueryTimespan = {
  startTime: new Date('2024-05-01T00:00:00.000Z'),
  endTime: new Date('2024-05-02T00:00:00.000Z'),
};

export function describeLogsBackendContract(
  name: string,
  makeBackend: (seed: ContractSeed) => Promise<LogsBackend>,
  options: { readonly otherTargets?: readonly [LogsTarget, ...LogsTarget[]] } = {},
): void {
  const otherTargets = options.otherTargets ?? CONTRACT_TARGETS;
  describe(`LogsBackend contract: ${name}`, () => {
    let backend: LogsBackend;
    let target: LogsTarget;
    beforeAll(async () => {
      backend = await makeBackend(CONTRACT_SEED);
      target = backend.description.defaultTarget;
    });

    it('names its service and a default target, and answers from the tables it describes', async () => {
      const { serviceName, defaultTarget, tables } = backend.description;
      expect(serviceName.trim()).not.toBe('');
      expect(defaultTarget.id).not.toBe('');
      const result = await backend.query(defaultTarget, `${tables.diagnostics} | count`, WHOLE_DAY);
      expect(onlyTable(result.tables).rows).toEqual([[6]]);
    });

    it('never claims late-arriving records for logs loaded into the process', () => {
      const { inProcess, ingestionLatency } = backend.description;
      expect(inProcess && ingestionLatency).toBe(false);
    });

    it('offers deep links, when it has any, as https URLs for the default target', () => {
      const links = backend.description.links;
      if (!links) return;
      expect(links.serviceName.trim()).not.toBe('');
      const window = { start: '2024-05-01T00:00:00.000Z', end: '2024-05-02T00:00:00.000Z' };
      const link = links.link('AzureDiagnostics | count', window, backend.description.defaultTarget);
      if (link !== undefined) expect(new URL(link).protocol).toBe('https:');
    });

    it.each(otherTargets.map((other) => [other.kind, other] as const))(
      'answers a query that names another target (%s) from that target',
      async (_kind, other) => {
        const result = await backend.query(other, 'AzureDiagnostics | count', WHOLE_DAY);
        expect(onlyTable(result.tables).rows).toEqual([[6]]);
      },
    );

    it('answers a batch whose queries name different targets, each in its place', async () => {
      const first = otherTargets[0];
      const last = otherTargets[otherTargets.length - 1] ?? first;
      const results = await backend.queryBatch([
        {
          target: last,
          kql: 'AzureDiagnostics | where OperationName == "deviceConnect" | count',
          timespan: WHOLE_DAY,
        },
        { target, kql: 'AzureDiagnostics | count', timespan: WHOLE_DAY },
        { target: first, kql: 'AzureDiagnostics | where NoSuchColumn == "x"', timespan: WHOLE_DAY },
        {
          target: last,
          kql: 'AzureDiagnostics | where OperationName == "deviceDisconnect" | count',
          timespan: WHOLE_DAY,
        },
      ]);
      expect(countOf(results[0])).toBe(3);
      expect(countOf(results[1])).toBe(6);
      expect(results[2]).toMatchObject({ status: 'Failure', error: { kind: 'bad-query' } });
      expect(countOf(results[3])).toBe(2);
    });

    it('returns the projected columns with their Kusto types, Date for datetime, null for empty cells, in order', async () => {
      const result = await backend.query(
        target,
        'AzureDiagnostics | where Category == "Connections" | project TimeGenerated, OperationName, DurationMs | order by TimeGenerated asc',
        WHOLE_DAY,
      );
      expect(result.status).toBe('Success');
      expect(result.tables).toHaveLength(1);
      const table = onlyTable(result.tables);
      expect(table.columns).toEqual([
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'OperationName', type: 'string' },
        { name: 'DurationMs', type: 'long' },
      ]);
      expect(table.rows).toEqual([
        [at('09:00'), 'deviceConnect', 12],
        [at('10:30'), 'deviceDisconnect', null],
        [at('11:15'), 'deviceConnect', 8],
        [at('11:45'), 'deviceConnect', 20],
        [at('23:30'), 'deviceDisconnect', 3],
      ]);
      expect(table.rows[0]?.[0]).toBeInstanceOf(Date);
    });

    it('restricts rows to the timespan (start inclusive, end exclusive)', async () => {
      const result = await backend.query(
        target,
        'AzureDiagnostics | where Category == "Connections" | count',
        {
          startTime: at('10:30'),
          endTime: at('11:45'),
        },
      );
      const table = onlyTable(result.tables);
      expect(table.columns).toEqual([{ name: 'Count', type: 'long' }]);
      expect(table.rows).toEqual([[2]]);
    });

    it('measures a duration-only timespan back from now', async () => {
      const result = await backend.query(target, 'AzureDiagnostics | project OperationName', {
        duration: 'PT1H',
      });
      expect(onlyTable(result.tables).rows).toEqual([['deviceDisconnect']]);
    });

    it('returns dynamic values as parsed JSON and strings extracted from them as strings', async () => {
      const result = await backend.query(
        target,
        'AzureDiagnostics | where OperationName == "deviceConnect" | extend Props = parse_json(properties_s) | extend DeviceId = tostring(Props.deviceId) | project TimeGenerated, Props, DeviceId | order by TimeGenerated asc | take 1',
        WHOLE_DAY,
      );
      const table = onlyTable(result.tables);
      expect(table.columns).toEqual([
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Props', type: 'dynamic' },
        { name: 'DeviceId', type: 'string' },
      ]);
      expect(table.rows).toEqual([
        [
          at('09:00'),
          { deviceId: 'thermostat-42', protocol: 'Mqtt', sdkVersion: 'azure-iot-device/1.18.0' },
          'thermostat-42',
        ],
      ]);
    });

    it('summarizes by a column', async () => {
      const result = await backend.query(
        target,
        'AzureDiagnostics | where Category == "Connections" | extend DeviceId = tostring(parse_json(properties_s).deviceId) | summarize Events = count() by DeviceId | order by DeviceId asc',
        WHOLE_DAY,
      );
      const table = onlyTable(result.tables);
      expect(table.columns).toEqual([
        { name: 'DeviceId', type: 'string' },
        { name: 'Events', type: 'long' },
      ]);
      expect(table.rows).toEqual([
        ['pump-7', 2],
        ['thermostat-42', 3],
      ]);
    });

    it('returns an empty table, columns included, when nothing matches', async () => {
      const result = await backend.query(
        target,
        'AzureDiagnostics | where Category == "NoSuchCategory" | project TimeGenerated, Category',
        WHOLE_DAY,
      );
      expect(result).toEqual({
        status: 'Success',
        tables: [
          {
            name: 'PrimaryResult',
            columns: [
              { name: 'TimeGenerated', type: 'datetime' },
              { name: 'Category', type: 'string' },
            ],
            rows: [],
          },
        ],
      });
    });

    it.each([
      ['a syntax error', 'AzureDiagnostics | wher Category == "Connections"'],
      ['an unknown column', 'AzureDiagnostics | where NoSuchColumn == "x"'],
    ])('rejects %s with kind bad-query and a message', async (_what, kql) => {
      const error = await rejectionOf(backend.query(target, kql, WHOLE_DAY));
      expect(error.kind).toBe('bad-query');
      expect(error.message.length).toBeGreaterThan(0);
    });

    it('rejects with kind timeout when the abort signal has fired', async () => {
      const error = await rejectionOf(
        backend.query(target, 'AzureDiagnostics | count', WHOLE_DAY, { abortSignal: AbortSignal.abort() }),
      );
      expect(error.kind).toBe('timeout');
    });

    it('answers a batch in the order of its queries', async () => {
      const results = await backend.queryBatch([
        {
          target,
          kql: 'AzureDiagnostics | where OperationName == "deviceConnect" | count',
          timespan: WHOLE_DAY,
        },
        {
          target,
          kql: 'AzureDiagnostics | where OperationName == "deviceDisconnect" | count',
          timespan: WHOLE_DAY,
        },
        { target, kql: 'AzureDiagnostics | count', timespan: WHOLE_DAY },
      ]);
      expect(results.map(countOf)).toEqual([3, 2, 6]);
    });

    it('reports a bad query inside a batch as that item failing, the others answered', async () => {
      const results = await backend.queryBatch([
        { target, kql: 'AzureDiagnostics | count', timespan: WHOLE_DAY },
        { target, kql: 'AzureDiagnostics | where NoSuchColumn == "x"', timespan: WHOLE_DAY },
        { target, kql: 'AzureDiagnostics | where Category == "Connections" | count', timespan: WHOLE_DAY },
      ]);
      expect(countOf(results[0])).toBe(6);
      expect(results[1]).toMatchObject({ status: 'Failure', error: { kind: 'bad-query' } });
      expect(results[1]?.status === 'Failure' && results[1].error).toBeInstanceOf(LogsQueryError);
      expect(countOf(results[2])).toBe(5);
    });

    it('answers an empty batch with no results', async () => {
      expect(await backend.queryBatch([])).toEqual([]);
    });
  });
}

function onlyTable(tables: readonly LogsTable[]): LogsTable {
  const [table] = tables;
  if (!table || tables.length !== 1) throw new Error(`expected exactly one table, got ${tables.length}`);
  return table;
}

function countOf(result: BatchQueryResult | undefined): CellValue {
  if (!result || result.status === 'Failure')
    throw new Error(`expected an answer, got ${result ? result.error.message : 'nothing'}`);
  return onlyTable(result.tables).rows[0]?.[0] ?? null;
}

async function rejectionOf(promise: Promise<unknown>): Promise<LogsQueryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LogsQueryError) return error;
    throw new Error(`expected a LogsQueryError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the query to fail, it succeeded');
}
