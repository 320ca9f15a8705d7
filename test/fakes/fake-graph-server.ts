import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { knowsObject, transitiveGroupsOf, type DirectorySeed } from './fake-entra-directory';

/**
 * A FAKE Microsoft Graph: a real HTTP server on 127.0.0.1 (port picked by the OS) that answers
 * `POST /v1.0/users/{id}/checkMemberGroups` the way Graph does
 * (learn.microsoft.com/graph/api/directoryobject-checkmembergroups): bearer token required,
 * at most 20 `groupIds`, transitive answers as `{"value":[...]}`, 404 for an unknown object.
 * Tests script failures (429, 403, …) ahead of the normal answers and read what was sent.
 */

/** What the fake saw of one request. */
export interface GraphRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** A scripted answer that replaces the next normal one. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export const FAKE_GRAPH_TOKEN = 'fake-graph-token-5f0c1e';

export class FakeGraphServer {
  readonly requests: GraphRequest[] = [];
  private readonly scripted: ScriptedAnswer[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(
    private seed: DirectorySeed,
    private readonly expectedToken: string = FAKE_GRAPH_TOKEN,
  ) {}

  /** Base URL to give GraphGroupMembership, e.g. `http://127.0.0.1:53117/v1.0`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1.0`;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next requests get these answers, in order, before the directory answers again. */
  script(...answers: ScriptedAnswer[]): void {
    this.scripted.push(...answers);
  }

  /** Membership changes, e.g. someone joins the on-call group. */
  setDirectory(seed: DirectorySeed): void {
    this.seed = seed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      body = text;
    }
    const path = request.url ?? '';
    this.requests.push({
      method: request.method ?? '',
      path,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body,
    });
    const scripted = this.scripted.shift();
    if (scripted) {
      send(response, scripted.status, scripted.body, scripted.headers);
      return;
    }
    if (request.headers.authorization !== `Bearer ${this.expectedToken}`) {
      send(response, 401, graphError('InvalidAuthenticationToken', 'Access token validation failure.'));
      return;
    }
    const match = /^\/v1\.0\/users\/([^/?]+)\/checkMemberGroups$/.exec(path);
    if (request.method !== 'POST' || !match) {
      send(response, 400, graphError('BadRequest', 'Resource not found for the segment.'));
      return;
    }
    const objectId = decodeURIComponent(match[1] ?? '');
    const groupIds = (body as { groupIds?: unknown } | undefined)?.groupIds;
    if (!Array.isArray(groupIds) || !groupIds.every((id) => typeof id === 'string')) {
      send(response, 400, graphError('Request_BadRequest', 'groupIds is required.'));
      return;
    }
    if (groupIds.length > 20) {
      send(response, 400, graphError('Request_BadRequest', 'Too many groupIds: at most 20.'));
      return;
    }
    if (!knowsObject(this.seed, objectId)) {
      send(response, 404, graphError('Request_ResourceNotFound', `Resource '${objectId}' does not exist.`));
      return;
    }
    const groups = transitiveGroupsOf(this.seed, objectId);
    send(response, 200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
      value: groupIds.filter((id) => groups.has(id.toLowerCase())),
    });
  }
}

/** Graph's error body shape. */
export function graphError(code: string, message: string): unknown {
  return { error: { code, message, innerError: { 'request-id': '00000000-0000-0000-0000-000000000000' } } };
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

/** A FAKE token source for the bot's identity: hands out a fixed token and records the scopes asked for. */
export class FakeCredential implements TokenCredential {
  readonly scopes: string[] = [];

  constructor(
    private readonly token: string = FAKE_GRAPH_TOKEN,
    private readonly failure?: Error,
  ) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    if (this.failure) throw this.failure;
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
