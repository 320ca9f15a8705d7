import { AzureLogsBackend } from '../../../src/logs/azure/azure-logs-backend';
import { LogsQueryError, type LogsTable, type LogsTarget } from '../../../src/logs/backend';
import { FakeLogAnalyticsHttpClient, fakeAnswers, fakeCredential } from '../../fakes/fake-log-analytics-http';

const WORKSPACE_ID = '11111111-2222-3333-4444-555555555555';
const WORKSPACE: LogsTarget = { kind: 'workspace', id: WORKSPACE_ID };
const WORKSPACE_RESOURCE_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/iot/providers/Microsoft.OperationalInsights/workspaces/logs';
const HUB_RESOURCE_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/iot/providers/Microsoft.Devices/IotHubs/contoso-hub';
const DAY = { startTime: new Date('2024-05-01T00:00:00Z'), endTime: new Date('2024-05-02T00:00:00Z') };
// Retries with no back-off keep the tests fast; the policy under test is the same.
const FAST_RETRIES = { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 2000 };

const connections: LogsTable = {
  name: 'PrimaryResult',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'OperationName', type: 'string' },
    { name: 'DurationMs', type: 'long' },
    { name: 'Props', type: 'dynamic' },
  ],
  rows: [
    [
      new Date('2024-05-01T10:00:00.000Z'),
      'deviceConnect',
      12,
      { deviceId: 'thermostat-42', protocol: 'Mqtt' },
    ],
    [new Date('2024-05-01T11:00:00.000Z'), 'deviceDisconnect', null, null],
  ],
};

function backendWith(fake: FakeLogAnalyticsHttpClient): AzureLogsBackend {
  return new AzureLogsBackend({
    credential: fakeCredential,
    workspaceId: WORKSPACE_ID,
    httpClient: fake,
    retryOptions: FAST_RETRIES,
  });
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

describe('AzureLogsBackend through the real LogsQueryClient and a fake Log Analytics service', () => {
  it('POSTs our KQL and timespan to the workspace, signed, with the server timeout as Prefer: wait', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.tables(connections));
    await backendWith(fake).query(WORKSPACE, 'AzureDiagnostics | take 1', DAY, {
      serverTimeoutInSeconds: 30,
    });

    expect(fake.queries).toEqual([
      expect.objectContaining({
        workspaceId: WORKSPACE_ID,
        query: 'AzureDiagnostics | take 1',
        timespan: '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z',
        prefer: 'wait=30',
        authorization: 'Bearer fake-token-for-tests',
      }),
    ]);
    expect(fake.queries[0]?.url).toBe(`https://api.loganalytics.io/v1/workspaces/${WORKSPACE_ID}/query`);
  });

  it('queries the workspace the query names, not the default one', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.tables(connections));
    const other = '99999999-8888-7777-6666-555555555555';
    await backendWith(fake).query({ kind: 'workspace', id: other }, 'AzureDiagnostics', { duration: 'PT1H' });
    expect(fake.queries[0]).toMatchObject({ workspaceId: other, timespan: 'PT1H' });
  });

  it('asks a resource target resource-centric (queryResource), by its ARM id', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.tables(connections));
    const result = await backendWith(fake).query(
      { kind: 'resource', id: HUB_RESOURCE_ID },
      'AzureDiagnostics',
      DAY,
    );
    expect(result.status).toBe('Success');
    expect(fake.queries[0]).toMatchObject({ workspaceId: '', resourceId: HUB_RESOURCE_ID });
  });

  it('describes Log Analytics: late-arriving records, the configured workspace as default target, AzureDiagnostics', () => {
    expect(backendWith(new FakeLogAnalyticsHttpClient()).description).toMatchObject({
      serviceName: 'Log Analytics',
      inProcess: false,
      ingestionLatency: true,
      defaultTarget: WORKSPACE,
      tables: { diagnostics: 'AzureDiagnostics', metrics: 'AzureMetrics' },
    });
  });

  it('links the configured workspace (by its ARM id) and any resource target to the portal, other workspaces not', () => {
    const links = new AzureLogsBackend({
      credential: fakeCredential,
      workspaceId: WORKSPACE_ID,
      workspaceResourceId: WORKSPACE_RESOURCE_ID,
      tenantId: 'tenant-1',
      httpClient: new FakeLogAnalyticsHttpClient(),
    }).description.links;
    const window = { start: '2024-05-01T00:00:00.000Z', end: '2024-05-02T00:00:00.000Z' };
    const workspaceLink = links?.link('AzureDiagnostics | count', window, WORKSPACE) ?? '';
    expect(workspaceLink.startsWith('https://portal.azure.com/#@tenant-1/blade/')).toBe(true);
    expect(workspaceLink).toContain(`/resourceId/${encodeURIComponent(WORKSPACE_RESOURCE_ID)}/`);
    // A query stored without its target ran in the default workspace.
    expect(links?.link('AzureDiagnostics | count', window)).toBe(workspaceLink);
    expect(links?.link('AzureDiagnostics', window, { kind: 'resource', id: HUB_RESOURCE_ID })).toContain(
      `/resourceId/${encodeURIComponent(HUB_RESOURCE_ID)}/`,
    );
    expect(
      links?.link('AzureDiagnostics', window, { kind: 'workspace', id: 'another-workspace' }),
    ).toBeUndefined();
    // Without the workspace's ARM id only resource targets can be linked.
    const unlinked = backendWith(new FakeLogAnalyticsHttpClient()).description.links;
    expect(unlinked?.link('AzureDiagnostics', window, WORKSPACE)).toBeUndefined();
  });

  it('sends requests to a sovereign cloud endpoint when one is configured', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.tables(connections));
    const backend = new AzureLogsBackend({
      credential: fakeCredential,
      workspaceId: WORKSPACE_ID,
      httpClient: fake,
      endpoint: 'https://api.loganalytics.us',
    });
    await backend.query(WORKSPACE, 'AzureDiagnostics', DAY);
    expect(fake.queries[0]?.url).toBe(`https://api.loganalytics.us/v1/workspaces/${WORKSPACE_ID}/query`);
  });

  it('returns Success with our column types, Date for datetime, parsed dynamic and null for empty cells', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.tables(connections));
    const result = await backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY);
    expect(result).toEqual({ status: 'Success', tables: [connections] });
    expect(result.tables[0]?.rows[0]?.[0]).toBeInstanceOf(Date);
  });

  it('returns PartialFailure with the tables and the reason when the service sends an error beside them', async () => {
    const fake = new FakeLogAnalyticsHttpClient().enqueue(
      fakeAnswers.partial([connections], {
        code: 'PartialError',
        message: 'There were some errors when processing your query.',
        innererror: {
          code: 'EngineError',
          message: 'Query result set has exceeded the internal record count limit 500000',
        },
      }),
    );
    const result = await backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY);
    expect(result).toEqual({
      status: 'PartialFailure',
      tables: [connections],
      partialError: {
        code: 'PartialError',
        message:
          'There were some errors when processing your query.: Query result set has exceeded the internal record count limit 500000',
      },
    });
  });

  describe('failures become LogsQueryError kinds with messages that name the fix', () => {
    it('429 with a long Retry-After fails fast as throttled, without sleeping, carrying the wait', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.throttled('30'));
      const started = Date.now();
      const error = await rejectionOf(backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY));
      expect(error.kind).toBe('throttled');
      expect(error.details.retryAfterInMs).toBe(30_000);
      expect(error.message).toContain('30 s');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(fake.queries).toHaveLength(1);
    });

    it('429 with a short Retry-After is retried by the SDK and succeeds', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(
        fakeAnswers.throttled('0'),
        fakeAnswers.tables(connections),
      );
      const result = await backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY);
      expect(result.status).toBe('Success');
      expect(fake.queries).toHaveLength(2);
    });

    it('429 that persists through the retries ends as throttled with the last Retry-After', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(
        fakeAnswers.throttled('0'),
        fakeAnswers.throttled('0'),
        fakeAnswers.throttled('1'),
      );
      const error = await rejectionOf(backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY));
      expect(error).toMatchObject({
        kind: 'throttled',
        details: { retryAfterInMs: 1000, code: 'ThrottledError' },
      });
      expect(fake.queries).toHaveLength(3);
    }, 10_000);

    it('reads a Retry-After given as an HTTP date', async () => {
      const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
      const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.throttled(inOneMinute));
      const error = await rejectionOf(backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY));
      expect(error.kind).toBe('throttled');
      expect(error.details.retryAfterInMs).toBeGreaterThan(55_000);
      expect(error.details.retryAfterInMs).toBeLessThanOrEqual(60_000);
    });

    it('403 is forbidden and names the role and the workspace', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.forbidden());
      const error = await rejectionOf(backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY));
      expect(error.kind).toBe('forbidden');
      expect(error.details.code).toBe('InsufficientAccessError');
      expect(error.message).toContain("'Log Analytics Reader'");
      expect(error.message).toContain(WORKSPACE_ID);
    });

    it('400 is bad-query with the innermost service message and code', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(
        fakeAnswers.badQuery({
          code: 'SyntaxError',
          message: 'A recognition error occurred in the query.',
          innererror: { code: 'SYN0002', message: "Query could not be parsed at 'wher' on line [1,19]" },
        }),
      );
      const error = await rejectionOf(backendWith(fake).query(WORKSPACE, 'AzureDiagnostics | wher x', DAY));
      expect(error.kind).toBe('bad-query');
      expect(error.details.code).toBe('SYN0002');
      expect(error.message).toBe(
        "Log Analytics rejected the query: Query could not be parsed at 'wher' on line [1,19] (SYN0002)",
      );
    });

    it('504 from the gateway is a timeout, not retried (the same query would time out again)', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.gatewayTimeout());
      const error = await rejectionOf(backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY));
      expect(error.kind).toBe('timeout');
      expect(error.message).toContain('shorter time window');
      expect(fake.queries).toHaveLength(1);
    });

    it('a refused connection is unavailable once the retries are spent', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(
        fakeAnswers.networkError(),
        fakeAnswers.networkError(),
        fakeAnswers.networkError(),
      );
      const error = await rejectionOf(backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY));
      expect(error).toMatchObject({ kind: 'unavailable', details: { code: 'ECONNREFUSED' } });
      expect(fake.queries).toHaveLength(3);
    }, 10_000);

    it('a 503 that persists is unavailable; one that recovers is retried away', async () => {
      const failing = new FakeLogAnalyticsHttpClient().enqueue(
        fakeAnswers.serviceUnavailable(),
        fakeAnswers.serviceUnavailable(),
        fakeAnswers.serviceUnavailable(),
      );
      expect(await rejectionOf(backendWith(failing).query(WORKSPACE, 'AzureDiagnostics', DAY))).toMatchObject(
        {
          kind: 'unavailable',
          message: expect.stringContaining('HTTP 503'),
        },
      );

      const recovering = new FakeLogAnalyticsHttpClient().enqueue(
        fakeAnswers.serviceUnavailable(),
        fakeAnswers.tables(connections),
      );
      expect((await backendWith(recovering).query(WORKSPACE, 'AzureDiagnostics', DAY)).status).toBe(
        'Success',
      );
    }, 10_000);

    it('a credential that cannot get a token is unavailable, says how to fix it and leaks nothing', async () => {
      const fake = new FakeLogAnalyticsHttpClient();
      const brokenCredential = {
        getToken: async (): Promise<never> => {
          const error = new Error('ManagedIdentityCredential: secret=canary-4f1b no endpoint');
          error.name = 'CredentialUnavailableError';
          throw error;
        },
      };
      const backend = new AzureLogsBackend({
        credential: brokenCredential,
        workspaceId: WORKSPACE_ID,
        httpClient: fake,
        retryOptions: FAST_RETRIES,
      });
      const error = await rejectionOf(backend.query(WORKSPACE, 'AzureDiagnostics', DAY));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain('MANAGED_IDENTITY_CLIENT_ID');
      expect(error.message).not.toContain('canary');
      expect(fake.requests).toHaveLength(0);
    });

    it('401 from the service is unavailable and points at the tenant', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue({
        kind: 'status',
        status: 401,
        body: {
          error: {
            code: 'InvalidTokenError',
            message: 'The provided authentication is not valid for this resource',
          },
        },
      });
      const error = await rejectionOf(backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY));
      expect(error).toMatchObject({ kind: 'unavailable', details: { code: 'InvalidTokenError' } });
      expect(error.message).toContain('tenant');
    });
  });

  describe('abort', () => {
    it('an abort while the service is slow cancels the HTTP request and rejects as timeout', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(fakeAnswers.hang());
      const controller = new AbortController();
      const pending = backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY, {
        abortSignal: controller.signal,
      });
      setTimeout(() => controller.abort(), 20);
      const error = await rejectionOf(pending);
      expect(error.kind).toBe('timeout');
      expect(fake.requests[0]?.abortSignal?.aborted).toBe(true);
    });

    it('an already aborted signal sends nothing', async () => {
      const fake = new FakeLogAnalyticsHttpClient();
      const error = await rejectionOf(
        backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY, { abortSignal: AbortSignal.abort() }),
      );
      expect(error.kind).toBe('timeout');
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('queryBatch', () => {
    const one: LogsTable = { name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1]] };
    const two: LogsTable = { name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[2]] };

    it('sends all queries in one request and returns answers in query order even when the service reorders them', async () => {
      const fake = new FakeLogAnalyticsHttpClient()
        .enqueue(fakeAnswers.tables(one), fakeAnswers.tables(two))
        .answerBatchesInReverse();
      const results = await backendWith(fake).queryBatch([
        { target: WORKSPACE, kql: 'print n = 1', timespan: DAY },
        { target: WORKSPACE, kql: 'print n = 2', timespan: { duration: 'PT1H' }, serverTimeoutInSeconds: 20 },
      ]);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]?.url).toBe('https://api.loganalytics.io/v1/$batch');
      expect(fake.queries).toEqual([
        expect.objectContaining({
          query: 'print n = 1',
          workspaceId: WORKSPACE_ID,
          timespan: '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z',
        }),
        expect.objectContaining({ query: 'print n = 2', timespan: 'PT1H', prefer: 'wait=20' }),
      ]);
      expect(results).toEqual([
        { status: 'Success', tables: [one] },
        { status: 'Success', tables: [two] },
      ]);
    });

    it('asks resource targets beside the workspace batch (the batch API has no resources) and keeps query order', async () => {
      const fake = new FakeLogAnalyticsHttpClient().answerWith((kql, _timespan, targetId) =>
        fakeAnswers.tables({ ...one, rows: [[`${targetId} ${kql}`]] }),
      );
      const hub: LogsTarget = { kind: 'resource', id: HUB_RESOURCE_ID };
      const results = await backendWith(fake).queryBatch([
        { target: hub, kql: 'print a', timespan: DAY },
        { target: WORKSPACE, kql: 'print b', timespan: DAY },
        { target: hub, kql: 'print c', timespan: DAY },
      ]);
      expect(fake.requests.map((request) => new URL(request.url).pathname).sort()).toEqual(
        [`/v1/$batch`, `/v1${HUB_RESOURCE_ID}/query`, `/v1${HUB_RESOURCE_ID}/query`].sort(),
      );
      expect(results.map((result) => result.status !== 'Failure' && result.tables[0]?.rows[0]?.[0])).toEqual([
        `${HUB_RESOURCE_ID} print a`,
        `${WORKSPACE_ID} print b`,
        `${HUB_RESOURCE_ID} print c`,
      ]);
    });

    it('reports a failed item as Failure with its kind while the others succeed', async () => {
      const fake = new FakeLogAnalyticsHttpClient().enqueue(
        fakeAnswers.tables(one),
        fakeAnswers.badQuery({
          code: 'SemanticError',
          message: 'A semantic error occurred.',
          innererror: { code: 'SEM0100', message: "'where' operator: Failed to resolve column named 'Nope'" },
        }),
        fakeAnswers.forbidden(),
        fakeAnswers.partial([two], { code: 'PartialError', message: 'Some data is missing.' }),
      );
      const results = await backendWith(fake).queryBatch([
        { target: WORKSPACE, kql: 'print n = 1', timespan: DAY },
        { target: WORKSPACE, kql: 'AzureDiagnostics | where Nope', timespan: DAY },
        { target: { kind: 'workspace', id: 'other-workspace' }, kql: 'AzureDiagnostics', timespan: DAY },
        { target: WORKSPACE, kql: 'print n = 2', timespan: DAY },
      ]);
      expect(results[0]).toEqual({ status: 'Success', tables: [one] });
      expect(results[1]).toMatchObject({
        status: 'Failure',
        error: { kind: 'bad-query', details: { code: 'SEM0100' } },
      });
      expect(results[2]).toMatchObject({
        status: 'Failure',
        error: { kind: 'forbidden', message: expect.stringContaining('other-workspace') },
      });
      expect(results[3]).toEqual({
        status: 'PartialFailure',
        tables: [two],
        partialError: { code: 'PartialError', message: 'Some data is missing.' },
      });
    });

    it('a whole batch that is refused rejects', async () => {
      const fake = new FakeLogAnalyticsHttpClient().refuseNextRequest(fakeAnswers.forbidden());
      const error = await rejectionOf(
        backendWith(fake).queryBatch([{ target: WORKSPACE, kql: 'print 1', timespan: DAY }]),
      );
      expect(error.kind).toBe('forbidden');
    });

    it('an empty batch sends nothing', async () => {
      const fake = new FakeLogAnalyticsHttpClient();
      expect(await backendWith(fake).queryBatch([])).toEqual([]);
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('the fake answering from an engine function (what the contract suite relies on)', () => {
    it('hands the engine our KQL and timespan as sent, and its tables back through the SDK', async () => {
      const seen: unknown[] = [];
      const fake = FakeLogAnalyticsHttpClient.answeringFrom((kql, timespan) => {
        seen.push({ kql, timespan });
        return [connections];
      });
      const result = await backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', DAY);
      await backendWith(fake).query(WORKSPACE, 'AzureDiagnostics', { duration: 'PT1H' });
      expect(seen).toEqual([
        { kql: 'AzureDiagnostics', timespan: DAY },
        { kql: 'AzureDiagnostics', timespan: { duration: 'PT1H' } },
      ]);
      expect(result).toEqual({ status: 'Success', tables: [connections] });
    });

    it("turns the engine's bad-query error into the service's 400, and the SDK's error back into bad-query", async () => {
      const fake = FakeLogAnalyticsHttpClient.answeringFrom(() => {
        throw new LogsQueryError('bad-query', "Unknown column 'Nope'", { code: 'SEM0100' });
      });
      const error = await rejectionOf(
        backendWith(fake).query(WORKSPACE, 'AzureDiagnostics | where Nope', DAY),
      );
      expect(error).toMatchObject({
        kind: 'bad-query',
        message: "Log Analytics rejected the query: Unknown column 'Nope' (SEM0100)",
      });
    });
  });
});
