import {
  createHttpHeaders,
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { LogsQueryError, type CellValue, type LogsTable, type QueryTimespan } from '../../src/logs/backend';

/**
 * A FAKE Log Analytics query service, plugged into the Azure SDK at its own extension point (the
 * `httpClient` client option). The real `LogsQueryClient` builds, signs, retries and parses every
 * request; only the network is replaced. Answers are in the Log Analytics REST format
 * (https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format).
 *
 * Scripted per test: queue answers with {@link FakeLogAnalyticsHttpClient.enqueue}, or answer every
 * query from a function (e.g. the embedded engine) with {@link FakeLogAnalyticsHttpClient.answeringFrom}.
 */

/** One answer of the fake service to one query. */
export type FakeAnswer =
  | { readonly kind: 'tables'; readonly tables: readonly LogsTable[] }
  | { readonly kind: 'partial'; readonly tables: readonly LogsTable[]; readonly error: RestErrorBody }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'network-error'; readonly code: string }
  /** Never answers; only an abort signal ends the request, like a hung connection. */
  | { readonly kind: 'hang' };

/** An HTTP status answer (any error the service sends as a status and a JSON body). */
export type StatusAnswer = Extract<FakeAnswer, { kind: 'status' }>;

export interface RestErrorBody {
  readonly code: string;
  readonly message: string;
  readonly innererror?: RestErrorBody;
}

/** What the fake saw of one query: enough to assert what the SDK really sent. */
export interface RecordedQuery {
  readonly url: string;
  /** The workspace asked ('' for a resource-centric query). */
  readonly workspaceId: string;
  /** The ARM id of a resource-centric query (`queryResource`). */
  readonly resourceId?: string;
  readonly query: string;
  /** As sent: an ISO 8601 interval such as `2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z`. */
  readonly timespan: string | undefined;
  readonly prefer: string | undefined;
  readonly authorization: string | undefined;
}

export type FakeQueryHandler = (
  kql: string,
  timespan: QueryTimespan | undefined,
  /** The workspace GUID, or the resource's ARM id for a resource-centric query. */
  targetId: string,
) => FakeAnswer;

/** Builders for the answers tests script most. */
export const fakeAnswers = {
  tables: (...tables: LogsTable[]): FakeAnswer => ({ kind: 'tables', tables }),
  partial: (tables: LogsTable[], error: RestErrorBody): FakeAnswer => ({ kind: 'partial', tables, error }),
  throttled: (retryAfter: string): StatusAnswer => ({
    kind: 'status',
    status: 429,
    headers: { 'Retry-After': retryAfter },
    body: { error: { code: 'ThrottledError', message: 'Your request was throttled. Please retry later.' } },
  }),
  forbidden: (): StatusAnswer => ({
    kind: 'status',
    status: 403,
    body: {
      error: {
        code: 'InsufficientAccessError',
        message: 'The provided credentials have insufficient access to perform the requested operation',
      },
    },
  }),
  badQuery: (inner: RestErrorBody): StatusAnswer => ({
    kind: 'status',
    status: 400,
    body: {
      error: {
        code: 'BadArgumentError',
        message: 'The request had some invalid properties',
        innererror: inner,
      },
    },
  }),
  gatewayTimeout: (): StatusAnswer => ({
    kind: 'status',
    status: 504,
    body: {
      error: {
        code: 'GatewayTimeout',
        message:
          "The gateway did not receive a response from 'Microsoft.OperationalInsights' within the specified time period.",
      },
    },
  }),
  serviceUnavailable: (): StatusAnswer => ({
    kind: 'status',
    status: 503,
    body: { error: { code: 'ServiceUnavailableError', message: 'The service is unavailable.' } },
  }),
  networkError: (code = 'ECONNREFUSED'): FakeAnswer => ({ kind: 'network-error', code }),
  hang: (): FakeAnswer => ({ kind: 'hang' }),
} as const;

export class FakeLogAnalyticsHttpClient implements HttpClient {
  /** Every query the SDK sent, batch items included, in order. */
  readonly queries: RecordedQuery[] = [];
  /** Every HTTP request, batches counted once. */
  readonly requests: PipelineRequest[] = [];
  private readonly queued: FakeAnswer[] = [];
  private readonly queuedForRequests: StatusAnswer[] = [];
  private fallback: FakeQueryHandler | undefined;
  private reverseBatchAnswers = false;

  /** Answers every query not scripted with {@link enqueue} by calling `handler` (which sees the target). */
  answerWith(handler: FakeQueryHandler): this {
    this.fallback = handler;
    return this;
  }

  /** A fake whose every query is answered from `tables(kql, timespan)`; a thrown `LogsQueryError('bad-query')` becomes a 400 like the real service's. */
  static answeringFrom(
    tables: (kql: string, timespan: QueryTimespan | undefined) => LogsTable[],
  ): FakeLogAnalyticsHttpClient {
    const fake = new FakeLogAnalyticsHttpClient();
    fake.fallback = (kql, timespan) => {
      try {
        return { kind: 'tables', tables: tables(kql, timespan) };
      } catch (error) {
        if (error instanceof LogsQueryError && error.kind === 'bad-query') {
          return fakeAnswers.badQuery({
            code: 'SemanticError',
            message: 'A semantic error occurred.',
            innererror: { code: error.details.code ?? 'SEM0100', message: error.message },
          });
        }
        throw error;
      }
    };
    return fake;
  }

  /** Answers the next queries, in order, before falling back to the handler. */
  enqueue(...answers: FakeAnswer[]): this {
    this.queued.push(...answers);
    return this;
  }

  /** Answers the next whole HTTP request (a batch included) with this status, before looking at what it asks. */
  refuseNextRequest(answer: StatusAnswer): this {
    this.queuedForRequests.push(answer);
    return this;
  }

  /** Sends batch answers last-first, as the service is free to: the client must reorder by id. */
  answerBatchesInReverse(): this {
    this.reverseBatchAnswers = true;
    return this;
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    this.requests.push(request);
    if (request.abortSignal?.aborted) throw abortError();
    const url = new URL(request.url);
    const body: unknown = typeof request.body === 'string' ? JSON.parse(request.body) : undefined;
    const authorization = request.headers.get('authorization');
    if (!authorization?.startsWith('Bearer ')) {
      return this.respond(request, 401, {
        error: { code: 'AuthorizationRequiredError', message: 'Valid authentication was not provided' },
      });
    }
    const refusal = this.queuedForRequests.shift();
    if (refusal) return this.respond(request, refusal.status, refusal.body ?? {}, refusal.headers);
    if (request.method === 'POST' && url.pathname.endsWith('/$batch')) {
      return this.answerBatch(request, url, body, authorization);
    }
    const workspaceMatch = /\/workspaces\/([^/]+)\/query$/.exec(url.pathname);
    const resourceMatch = workspaceMatch ? null : /^\/v1\/+(subscriptions\/.+)\/query$/i.exec(url.pathname);
    const resourceId = resourceMatch?.[1] ? `/${decodeURIComponent(resourceMatch[1])}` : undefined;
    if (
      request.method !== 'POST' ||
      (!workspaceMatch?.[1] && resourceId === undefined) ||
      !isRecord(body) ||
      typeof body['query'] !== 'string'
    ) {
      return this.respond(request, 404, {
        error: { code: 'PathNotFoundError', message: `The requested path does not exist: ${url.pathname}` },
      });
    }
    const query: RecordedQuery = {
      url: request.url,
      workspaceId: workspaceMatch?.[1] ? decodeURIComponent(workspaceMatch[1]) : '',
      ...(resourceId !== undefined ? { resourceId } : {}),
      query: body['query'],
      timespan: typeof body['timespan'] === 'string' ? body['timespan'] : undefined,
      prefer: request.headers.get('prefer'),
      authorization,
    };
    this.queries.push(query);
    const answer = this.nextAnswer(query);
    if (answer.kind === 'network-error')
      throw new RestError(`connect ${answer.code} 127.0.0.1:443`, { code: answer.code, request });
    if (answer.kind === 'hang') return hangUntilAborted(request);
    const { status, json, headers } = toRest(answer);
    return this.respond(request, status, json, headers);
  }

  private answerBatch(
    request: PipelineRequest,
    url: URL,
    body: unknown,
    authorization: string,
  ): PipelineResponse {
    const items = isRecord(body) && Array.isArray(body['requests']) ? body['requests'] : [];
    const responses = items.map((item: unknown) => {
      const id = isRecord(item) && typeof item['id'] === 'string' ? item['id'] : '';
      const itemBody = isRecord(item) && isRecord(item['body']) ? item['body'] : {};
      const itemHeaders = isRecord(item) && isRecord(item['headers']) ? item['headers'] : {};
      const query: RecordedQuery = {
        url: request.url,
        workspaceId: isRecord(item) && typeof item['workspace'] === 'string' ? item['workspace'] : '',
        query: typeof itemBody['query'] === 'string' ? itemBody['query'] : '',
        timespan: typeof itemBody['timespan'] === 'string' ? itemBody['timespan'] : undefined,
        prefer: typeof itemHeaders['prefer'] === 'string' ? itemHeaders['prefer'] : undefined,
        authorization,
      };
      this.queries.push(query);
      const answer = this.nextAnswer(query);
      if (answer.kind === 'network-error' || answer.kind === 'hang') {
        throw new Error(
          `FakeLogAnalyticsHttpClient: '${answer.kind}' cannot be one item of a batch (${url.pathname}); script a status instead`,
        );
      }
      const rest = toRest(answer);
      return { id, status: rest.status, body: rest.json, ...(rest.headers ? { headers: rest.headers } : {}) };
    });
    return this.respond(request, 200, {
      responses: this.reverseBatchAnswers ? [...responses].reverse() : responses,
    });
  }

  private nextAnswer(query: RecordedQuery): FakeAnswer {
    const queued = this.queued.shift();
    if (queued) return queued;
    if (this.fallback)
      return this.fallback(
        query.query,
        fromIsoInterval(query.timespan),
        query.resourceId ?? query.workspaceId,
      );
    throw new Error(
      `FakeLogAnalyticsHttpClient: no answer scripted for query ${JSON.stringify(query.query)}`,
    );
  }

  private respond(
    request: PipelineRequest,
    status: number,
    json: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): PipelineResponse {
    return {
      request,
      status,
      headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', ...headers }),
      bodyAsText: JSON.stringify(json),
    };
  }
}

function toRest(answer: Exclude<FakeAnswer, { kind: 'network-error' } | { kind: 'hang' }>): {
  status: number;
  json: unknown;
  headers?: Readonly<Record<string, string>>;
} {
  switch (answer.kind) {
    case 'tables':
      return { status: 200, json: { tables: answer.tables.map(toRestTable) } };
    case 'partial':
      return { status: 200, json: { tables: answer.tables.map(toRestTable), error: answer.error } };
    case 'status':
      return {
        status: answer.status,
        json: answer.body ?? {},
        ...(answer.headers ? { headers: answer.headers } : {}),
      };
  }
}

/** Our table → the REST wire format: datetimes as ISO text, dynamic values as JSON text, as the service sends them. */
export function toRestTable(table: LogsTable): {
  name: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
} {
  return {
    name: table.name,
    columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
    rows: table.rows.map((row) =>
      row.map((cell: CellValue, index) => {
        if (cell === null) return null;
        if (cell instanceof Date) return cell.toISOString();
        if (table.columns[index]?.type === 'dynamic') return JSON.stringify(cell);
        return cell;
      }),
    ),
  };
}

/** The request's `timespan` text back into the shape our backends take. */
function fromIsoInterval(interval: string | undefined): QueryTimespan | undefined {
  if (interval === undefined) return undefined;
  const [first, second] = interval.split('/');
  if (first === undefined) return undefined;
  if (second === undefined) return { duration: first };
  const start = Date.parse(first);
  const end = Date.parse(second);
  if (Number.isFinite(start) && Number.isFinite(end))
    return { startTime: new Date(start), endTime: new Date(end) };
  if (Number.isFinite(start)) return { startTime: new Date(start), duration: second };
  throw new Error(`FakeLogAnalyticsHttpClient: unsupported timespan ${interval}`);
}

function hangUntilAborted(request: PipelineRequest): Promise<PipelineResponse> {
  return new Promise((_resolve, reject) => {
    const signal = request.abortSignal;
    if (!signal) return; // Like a real hung socket without a signal: forever. Tests always pass one.
    signal.addEventListener('abort', () => reject(abortError()), { once: true });
  });
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A credential that hands out a fixed fake token, so the SDK's bearer policy runs offline. */
export const fakeCredential = {
  getToken: async (): Promise<{ token: string; expiresOnTimestamp: number }> => ({
    token: 'fake-token-for-tests',
    expiresOnTimestamp: Date.now() + 3_600_000,
  }),
};
